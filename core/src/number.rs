//! JSON number text to `f64`, exactly, without the standard library's float parser.
//!
//! Why: `str::parse::<f64>` brings about 10 KB of power-of-five tables into the wasm. Every number this
//! product reads (shares, scores, timings, epoch milliseconds) has a short decimal form, and for those
//! one correctly rounded operation gives the exact answer: when the digits form an integer below 2^53
//! and the power of ten is at most 10^22, both are exact doubles, so `digits * 10^e` or `digits / 10^e`
//! is the correctly rounded value (the "fast path" every float parser starts with). Anything longer is
//! refused with a message, never read approximately.

/// 2^53: every integer below it is an exact double.
const EXACT_INTEGER: u64 = 1 << 53;
/// Powers of ten up to 10^22 are exact doubles.
const MAX_EXACT_POW10: i32 = 22;
/// Exponents are read up to this; a text long enough to offset it cannot be held in memory.
const EXPONENT_CAP: i64 = 1 << 60;
/// 10^0 ..= 10^22, each exact.
pub(crate) const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Why a number was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not JSON number syntax (the reader only hands over checked text, so this is a caller's bug).
    Syntax,
    /// More significant digits, or a larger or smaller magnitude, than can be read exactly.
    TooPrecise,
}

/// The value of a JSON number literal (`-? int frac? exp?`), exactly as the nearest double.
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let bytes = text.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let mut i = usize::from(negative);
    let digit_run = |i: &mut usize| {
        let start = *i;
        while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        &bytes[start..*i]
    };
    let int_part = digit_run(&mut i);
    // JSON: `0` or a digit run without a leading zero.
    if int_part.is_empty() || (int_part.len() > 1 && int_part[0] == b'0') {
        return Err(NumberError::Syntax);
    }
    let mut frac_part: &[u8] = &[];
    if bytes.get(i) == Some(&b'.') {
        i += 1;
        frac_part = digit_run(&mut i);
        if frac_part.is_empty() {
            return Err(NumberError::Syntax);
        }
    }
    let mut exponent: i64 = 0;
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => 0,
        };
        i += usize::from(sign != 0);
        let exp_digits = digit_run(&mut i);
        if exp_digits.is_empty() {
            return Err(NumberError::Syntax);
        }
        // Saturating far above any text's length, so that the fraction's length and the stripped zeros
        // (each at most the text's length) can never bring a huge exponent back into range.
        let e = exp_digits.iter().fold(0i64, |e, d| {
            (e * 10 + i64::from(d - b'0')).min(EXPONENT_CAP)
        });
        exponent = if sign < 0 { -e } else { e };
    }
    if i != bytes.len() {
        return Err(NumberError::Syntax);
    }
    // The significant digits: integer then fraction, without leading zeros (no value) or trailing
    // zeros (a power of ten).
    exponent -= frac_part.len() as i64;
    let mut all: Vec<u8> = int_part.iter().chain(frac_part).copied().collect();
    while all.last() == Some(&b'0') {
        all.pop();
        exponent += 1;
    }
    let first = all.iter().position(|&d| d != b'0').unwrap_or(all.len());
    let mut digits: u64 = 0;
    for &d in &all[first..] {
        digits = digits * 10 + u64::from(d - b'0');
        if digits >= EXACT_INTEGER {
            return Err(NumberError::TooPrecise);
        }
    }
    let value = if digits == 0 {
        0.0
    } else {
        // Powers of ten that fit into the integer part move there first (1.5e23 = 15e22).
        while exponent > i64::from(MAX_EXACT_POW10) {
            digits *= 10;
            exponent -= 1;
            if digits >= EXACT_INTEGER {
                return Err(NumberError::TooPrecise);
            }
        }
        if exponent < -i64::from(MAX_EXACT_POW10) {
            return Err(NumberError::TooPrecise);
        }
        let scale = POW10[exponent.unsigned_abs() as usize];
        if exponent >= 0 {
            digits as f64 * scale
        } else {
            digits as f64 / scale
        }
    };
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_the_numbers_the_product_writes() {
        for (text, value) in [
            ("0", 0.0),
            ("-0", -0.0),
            ("0.75", 0.75),
            ("3.67", 3.67),
            ("3.0", 3.0),
            ("1e2", 100.0),
            ("1.5E+3", 1500.0),
            ("25e-2", 0.25),
            ("100000000000000000000", 1e20),
            ("1e23", 1e23),
            ("1764578400123.0", 1_764_578_400_123.0),
            ("0.0001", 0.0001),
            ("9007199254740991", 9_007_199_254_740_991.0),
            ("0.000", 0.0),
            ("-2.50", -2.5),
        ] {
            let got = parse_number(text).unwrap();
            assert_eq!(got, value, "{text}");
            assert_eq!(got.is_sign_negative(), value.is_sign_negative(), "{text}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly() {
        for text in [
            "0.9090909090909091",
            "9007199254740993",
            "1e40",
            "1e-23",
            "1e999",
            "123456789012345678901234567890",
        ] {
            assert_eq!(parse_number(text), Err(NumberError::TooPrecise), "{text}");
        }
        // A huge exponent offset by a long fraction or by many zeros: both are exactly 1e10. (std's parser
        // saturates such exponents early and gets 0 and infinity.)
        for text in [
            format!("0.{}1e1000010", "0".repeat(999_999)),
            format!("1{}e-1000010", "0".repeat(1_000_020)),
        ] {
            assert_eq!(parse_number(&text), Ok(1e10), "{} bytes", text.len());
        }
        for text in [
            "", "-", "1.", ".5", "1e", "1e+", "1x", "--1", "005", "-01", "+1", " 1",
        ] {
            assert_eq!(parse_number(text), Err(NumberError::Syntax), "{text:?}");
        }
    }

    proptest! {
        // The standard library's parser is the reference: whenever this reader answers, it agrees.
        #[test]
        fn agrees_with_std_whenever_it_answers(
            int in 0u64..10_000_000_000,
            frac in proptest::option::of("[0-9]{1,8}"),
            exp in proptest::option::of(-30i32..30),
            negative in any::<bool>(),
        ) {
            let mut text = format!("{}{int}", if negative { "-" } else { "" });
            if let Some(f) = frac {
                text.push('.');
                text.push_str(&f);
            }
            if let Some(e) = exp {
                text.push_str(&format!("e{e}"));
            }
            let std_value: f64 = text.parse().unwrap();
            match parse_number(&text) {
                Ok(v) => prop_assert_eq!(v.to_bits(), std_value.to_bits(), "{}", text),
                Err(e) => prop_assert_eq!(e, NumberError::TooPrecise, "{}", text),
            }
        }

        #[test]
        fn reads_every_short_decimal(n in -9_000_000_000_000i64..9_000_000_000_000, k in 0u32..=6) {
            let x = n as f64 / 10f64.powi(k as i32);
            let text = crate::json_write::to_json(&x).unwrap();
            prop_assert_eq!(parse_number(&text).unwrap().to_bits(), x.to_bits(), "{}", text);
        }
    }
}
