//! JSON text written by hand, for the two texts whose bytes are a promise: the canonical JSON that defines
//! an instrument's hash ([`crate::canonical`]) and the result payload a host receives ([`crate::payload`]).
//! Both must be byte for byte what `serde_json::to_string` writes for the same values (tests compare them):
//! - strings escape `"`, `\` and control characters, as serde_json does, and nothing else;
//! - numbers are written as serde_json prints them, shortest digits first, or refused ([`NotExact`])
//!   when they have more than 15 significant digits. Up to 15 digits the shortest form is found with
//!   one exact division (see [`shortest`]); the widget carries no float printer, and nothing is ever
//!   rounded silently. Instrument shares (at most 4 decimals) and result means (2 decimals) always fit.
//!
//! Storage entries are not written here: the web shell writes them with the browser's `JSON.stringify`
//! (only the kiosk's flat provisioning record quotes its strings with [`quoted`], crate::provision).

/// A number this writer cannot write exactly: more than 15 significant digits, a last digit's place beyond
/// 10^±22 (past what one exact operation reaches), or not finite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotExact;

/// Powers of ten that are exact doubles (10^0 ..= 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
/// At most this many significant digits: every decimal that short is the only one of its length that
/// reads back as its double (DBL_DIG), so the shortest form is unique and the search below cannot miss it.
const MAX_DIGITS: u64 = 1_000_000_000_000_000; // 10^15
/// 2^53: integers below it are exact doubles.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// The shortest decimal of a double: `digits × 10^exponent`, `digits` without trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub negative: bool,
    pub digits: u64,
    pub exponent: i32,
}

/// The shortest decimal that reads back as `x`, when it has at most 15 significant digits (or `x` is an
/// integer below 2^53); `None` otherwise.
///
/// Why it is exact: for `k` decimals, `n = round(x·10^k)` is an integer below 10^15 and `10^k` is an exact
/// double, so `n / 10^k` is one correctly rounded division: exactly what reading the text `n e-k` gives.
/// When it equals `x`, that text reads back as `x`; the first `k` that works has the fewest digits.
pub fn shortest(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    let negative = x.is_sign_negative();
    let a = x.abs();
    let (mut digits, mut exponent) = if a.fract() == 0.0 && a < EXACT_INTEGER {
        (a as u64, 0)
    } else if a >= EXACT_INTEGER {
        // A large integer: `n × 10^j` is one correctly rounded product, exactly what reading it gives.
        // The largest `j` that works has the fewest digits.
        (1..POW10.len()).rev().find_map(|j| {
            let n = (a / POW10[j]).round();
            (n < MAX_DIGITS as f64 && n * POW10[j] == a).then_some((n as u64, j as i32))
        })?
    } else {
        (1..POW10.len()).find_map(|k| {
            let n = (a * POW10[k]).round();
            (n < MAX_DIGITS as f64 && n / POW10[k] == a).then_some((n as u64, -(k as i32)))
        })?
    };
    while digits != 0 && digits % 10 == 0 {
        digits /= 10;
        exponent += 1;
    }
    Some(Decimal {
        negative,
        digits,
        exponent,
    })
}

impl Decimal {
    /// serde_json's layout: `3.0`, `4.33`, `0.0001`, `1e-7`, `1.5e-9`, `1e+16`, `-0.0`.
    pub fn serde_text(&self) -> String {
        let s = self.digits.to_string();
        let len = s.len() as i32;
        let k = self.exponent;
        let kk = len + k; // 10^(kk-1) <= |x| < 10^kk
        let mut out = String::with_capacity(s.len() + 8);
        if self.negative {
            out.push('-');
        }
        if self.digits == 0 {
            out.push_str("0.0");
        } else if 0 <= k && kk <= 16 {
            out.push_str(&s);
            out.push_str(&"0".repeat(k as usize));
            out.push_str(".0");
        } else if 0 < kk && kk <= 16 {
            out.push_str(&s[..kk as usize]);
            out.push('.');
            out.push_str(&s[kk as usize..]);
        } else if -5 < kk && kk <= 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-kk) as usize));
            out.push_str(&s);
        } else {
            out.push_str(&s[..1]);
            if len > 1 {
                out.push('.');
                out.push_str(&s[1..]);
            }
            // serde_json (zmij) signs both exponents: `1e+16`, `1e-7`.
            out.push_str(if kk > 0 { "e+" } else { "e" });
            out.push_str(&(kk - 1).to_string());
        }
        out
    }

    /// JavaScript's `String(x)` layout for a number that is not an integer: decimals down to 1e-6, then
    /// `1.5e-7` (for messages that quote what a host wrote).
    pub fn js_text(&self) -> String {
        let s = self.digits.to_string();
        let len = s.len() as i32;
        let kk = len + self.exponent;
        let mut out = String::new();
        if self.negative && self.digits != 0 {
            out.push('-');
        }
        if self.exponent >= 0 {
            out.push_str(&s);
            out.push_str(&"0".repeat(self.exponent as usize));
        } else if kk > 0 {
            out.push_str(&s[..kk as usize]);
            out.push('.');
            out.push_str(&s[kk as usize..]);
        } else if kk > -6 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-kk) as usize));
            out.push_str(&s);
        } else {
            out.push_str(&s[..1]);
            if len > 1 {
                out.push('.');
                out.push_str(&s[1..]);
            }
            out.push_str(&format!("e{}", kk - 1));
        }
        out
    }
}

/// `x` as serde_json writes an `f64`, or [`NotExact`].
pub fn number(out: &mut String, x: f64) -> Result<(), NotExact> {
    out.push_str(&shortest(x).ok_or(NotExact)?.serde_text());
    Ok(())
}

/// An integer (counts, scale points).
pub fn integer(out: &mut String, n: u64) {
    out.push_str(&n.to_string());
}

/// A JSON string with serde_json's escapes: `"` `\` and control characters, nothing else. Runs of
/// plain text are copied whole (an instrument's canonical JSON is about 20 KB of them).
pub fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        // Multi-byte UTF-8 never contains bytes below 0x80, so byte offsets here are char boundaries.
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        plain = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// The JSON string of `s`, alone.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    string(&mut out, s);
    out
}

/// An object or array being written: puts the commas, keys and closing bracket.
pub struct Fields<'a> {
    pub out: &'a mut String,
    first: bool,
    close: char,
}

impl<'a> Fields<'a> {
    pub fn object(out: &'a mut String) -> Fields<'a> {
        out.push('{');
        Fields {
            out,
            first: true,
            close: '}',
        }
    }

    pub fn array(out: &'a mut String) -> Fields<'a> {
        out.push('[');
        Fields {
            out,
            first: true,
            close: ']',
        }
    }

    /// Starts the next array item; returns the text to write it into.
    pub fn item(&mut self) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out
    }

    /// Starts the member `key`; returns the text to write its value into.
    pub fn key(&mut self, key: &str) -> &mut String {
        self.item();
        string(self.out, key);
        self.out.push(':');
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) {
        string(self.key(key), value);
    }

    pub fn int(&mut self, key: &str, value: u64) {
        integer(self.key(key), value);
    }

    pub fn bool(&mut self, key: &str, value: bool) {
        self.key(key).push_str(if value { "true" } else { "false" });
    }

    /// A number, or `null` for `None`.
    pub fn num(&mut self, key: &str, value: Option<f64>) -> Result<(), NotExact> {
        match value {
            Some(x) => number(self.key(key), x),
            None => {
                self.key(key).push_str("null");
                Ok(())
            }
        }
    }

    pub fn end(self) {
        self.out.push(self.close);
    }
}

/// An array of strings.
pub fn strings(out: &mut String, items: &[String]) {
    let mut a = Fields::array(out);
    for s in items {
        string(a.item(), s);
    }
    a.end();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(x: f64) -> Option<String> {
        let mut out = String::new();
        number(&mut out, x).ok().map(|_| out)
    }

    #[test]
    fn numbers_are_serde_jsons() {
        for x in [
            0.0,
            -0.0,
            1.0,
            3.0,
            4.33,
            3.67,
            5.3,
            0.75,
            0.6667,
            1e-4,
            1e-5,
            1.5e-7,
            123456.0,
            1e15,
            1e16,
            1e17,
            1.5e20,
            1e22,
            9_007_199_254_740_991.0,
            1_764_578_400_123.0,
            -2.5,
            0.1,
            0.3,
        ] {
            assert_eq!(
                text(x).as_deref(),
                Some(serde_json::to_string(&x).unwrap().as_str()),
                "{x}"
            );
        }
    }

    #[test]
    fn refuses_what_it_cannot_write_exactly() {
        for x in [
            10.0 / 11.0,
            0.1 + 0.2,
            f64::NAN,
            f64::INFINITY,
            1e300,
            2f64.powi(60) + 0.0,
            5e-324,
        ] {
            assert_eq!(text(x), None, "{x}");
        }
    }

    #[test]
    fn strings_escape_like_serde_json() {
        for s in [
            "plain, \"quoted\" \\ back/slash",
            "tab\tnl\ncr\rbs\u{08}ff\u{0c}nul\u{0}us\u{1f}del\u{7f}",
            "Bahasa Indonésia 😀 \u{2028}",
        ] {
            assert_eq!(quoted(s), serde_json::to_string(s).unwrap());
        }
    }

    proptest! {
        #[test]
        fn any_string_is_serde_jsons(s in any::<String>()) {
            prop_assert_eq!(quoted(&s), serde_json::to_string(&s).unwrap());
        }

        /// Any double: written as serde_json writes it, or refused, and then only with more than 15
        /// significant digits (serde_json's shortest form is longer).
        #[test]
        fn any_number_is_serde_jsons_or_refused(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            let theirs = serde_json::to_string(&x).unwrap();
            match text(x) {
                Some(ours) => prop_assert_eq!(ours, theirs),
                None => {
                    // Rust's `{:e}` is the shortest form too: digits d.ddd and the power of its first digit.
                    let sci = format!("{:e}", x.abs());
                    let (mantissa, exp) = sci.split_once('e').unwrap();
                    let digits = mantissa.replace('.', "");
                    let significant = digits.trim_end_matches('0').len() as i32;
                    let last = exp.parse::<i32>().unwrap() - (significant - 1);
                    prop_assert!(significant > 15 || !(-22..=22).contains(&last), "{} refused", theirs);
                }
            }
        }

        #[test]
        fn short_decimals_are_serde_jsons(n in -10_000_000_000_000i64..10_000_000_000_000, k in 0i32..=12) {
            let x = n as f64 / 10f64.powi(k);
            prop_assert_eq!(text(x), Some(serde_json::to_string(&x).unwrap()));
        }
    }
}
