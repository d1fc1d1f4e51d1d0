//! A small compact JSON writer: any `Serialize` value to a JSON string, byte for byte what
//! `serde_json::to_string` writes for the values this crate serialises (tests compare the two): strings,
//! integers, and numbers below 1e16 with at most 4 decimals (scores, shares, timings, epoch milliseconds).
//!
//! Why not serde_json: its writer pulls a shortest-float printer and, through `io::Write`, the
//! standard library's I/O error texts into the wasm; with [`crate::number::parse_number`] on the
//! reading side, the widget carries no float tables at all (about 12 KB gzip). Numbers here are
//! scores, shares and timings: [`decimal`] writes any finite number with up to six decimals exactly
//! and rounds beyond that.

use serde::ser::{self, Serialize};
use std::fmt;

/// Compact JSON of `value`. Serialising this crate's types cannot fail; a type the writer does not
/// support (bytes, non-string map keys) is an error naming it.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, WriteError> {
    let mut out = String::new();
    value.serialize(&mut Writer { out: &mut out })?;
    Ok(out)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

fn unsupported(what: &str) -> WriteError {
    WriteError(format!("JSON writer: {what} is not supported"))
}

/// `x` as the shortest decimal with at most six decimals that reads back as `x`, or rounded to six
/// decimals (fewer for large magnitudes) when there is none. No exponent, no `.0`: `3`, `3.67`, `-0.5`.
/// Non-finite numbers have no decimal form: the caller decides (JSON writes `null`).
pub fn decimal(x: f64) -> String {
    // 2^53: below it every integer is exact, so `scaled / 10^k` is one correctly rounded division.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let mut best = None;
    for (k, &p) in crate::number::POW10[..=6].iter().enumerate() {
        let scaled = (x * p).round();
        if scaled.abs() >= EXACT {
            break;
        }
        best = Some((scaled, k));
        if scaled / p == x {
            break;
        }
    }
    let Some((scaled, k)) = best else {
        // |x| >= 2^53 is an integer already: written in full, every digit exact.
        let digits = big_integer_digits(x.abs());
        return if x < 0.0 {
            format!("-{digits}")
        } else {
            digits
        };
    };
    let negative = scaled < 0.0;
    let mut digits = (scaled.abs() as u64).to_string();
    if digits.len() <= k {
        digits.insert_str(0, &"0".repeat(k + 1 - digits.len()));
    }
    let (int_part, frac_part) = digits.split_at(digits.len() - k);
    let frac_part = frac_part.trim_end_matches('0');
    let mut text = String::with_capacity(digits.len() + 2);
    if negative {
        text.push('-');
    }
    text.push_str(int_part);
    if !frac_part.is_empty() {
        text.push('.');
        text.push_str(frac_part);
    }
    text
}

/// The decimal digits of an integral double of at least 2^53: its 53-bit mantissa doubled `exponent`
/// times in base 10^9 limbs (at most about 35 of them for the largest double).
fn big_integer_digits(x: f64) -> String {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    const LIMB: u64 = 1_000_000_000;
    let mut limbs = vec![
        mantissa % LIMB,
        mantissa / LIMB % LIMB,
        mantissa / LIMB / LIMB,
    ];
    for _ in 0..exponent.max(0) {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * 2 + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut text = limbs.last().map_or(String::new(), u64::to_string);
    for limb in limbs.iter().rev().skip(1) {
        let part = limb.to_string();
        text.push_str(&"0".repeat(9 - part.len()));
        text.push_str(&part);
    }
    text
}

/// The JSON text of a number: like serde_json, integral values keep a `.0` and non-finite ones are `null`.
fn json_number(out: &mut String, x: f64) {
    if !x.is_finite() {
        out.push_str("null");
        return;
    }
    if x == 0.0 && x.is_sign_negative() {
        out.push_str("-0.0");
        return;
    }
    let text = decimal(x);
    out.push_str(&text);
    if !text.contains('.') {
        out.push_str(".0");
    }
}

/// A JSON string with serde_json's escapes: `"` `\` and control characters, nothing else. Runs of
/// plain text are copied whole (an instrument's canonical JSON is about 20 KB of them).
fn json_string(out: &mut String, s: &str) {
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

struct Writer<'a> {
    out: &'a mut String,
}

/// An array or object being written: knows whether a comma is due.
pub struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    close: char,
}

impl Compound<'_, '_> {
    fn comma(&mut self) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.comma();
        json_string(self.w.out, key);
        self.w.out.push(':');
    }

    fn end(self) {
        self.w.out.push(self.close);
    }
}

type Res = Result<(), WriteError>;

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = ser::Impossible<(), WriteError>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = ser::Impossible<(), WriteError>;

    fn serialize_bool(self, v: bool) -> Res {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Res {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Res {
        if v < 0 {
            self.out.push('-');
        }
        self.serialize_u64(v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Res {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Res {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Res {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Res {
        json_number(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Res {
        json_string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Res {
        json_string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Res {
        Err(unsupported("a byte string"))
    }
    fn serialize_none(self) -> Res {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Res {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Res {
        self.out.push('{');
        json_string(self.out, variant);
        self.out.push(':');
        value.serialize(&mut *self)?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push('[');
        Ok(Compound {
            w: self,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(unsupported("a tuple variant"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>, WriteError> {
        self.out.push('{');
        Ok(Compound {
            w: self,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'w, 'a>, WriteError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(unsupported("a struct variant"))
    }
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.comma();
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Res {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Res {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res {
        self.comma();
        key.serialize(KeyWriter { out: self.w.out })?;
        self.w.out.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Res {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Res {
        self.key(key);
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Res {
        Compound::end(self);
        Ok(())
    }
}

/// Key serializer methods that refuse their kind: `name(arg types)` each become `Err(key_error())`.
macro_rules! not_a_key {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Res {
            Err(key_error())
        })*
    };
}

/// Map keys: strings only (every map this crate writes is keyed by id or language code).
struct KeyWriter<'a> {
    out: &'a mut String,
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = ser::Impossible<(), WriteError>;
    type SerializeTuple = ser::Impossible<(), WriteError>;
    type SerializeTupleStruct = ser::Impossible<(), WriteError>;
    type SerializeTupleVariant = ser::Impossible<(), WriteError>;
    type SerializeMap = ser::Impossible<(), WriteError>;
    type SerializeStruct = ser::Impossible<(), WriteError>;
    type SerializeStructVariant = ser::Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> Res {
        json_string(self.out, v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Res {
        value.serialize(self)
    }
    not_a_key! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_char(char),
        serialize_bytes(&[u8]), serialize_none(), serialize_unit(), serialize_unit_struct(&'static str),
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Res {
        Err(key_error())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Res {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, WriteError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, WriteError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, WriteError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, WriteError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, WriteError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, WriteError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, WriteError> {
        Err(key_error())
    }
}

fn key_error() -> WriteError {
    unsupported("a map key that is not a string")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn same_as_serde_json<T: Serialize>(value: &T) {
        assert_eq!(
            to_json(value).unwrap(),
            serde_json::to_string(value).unwrap()
        );
    }

    #[test]
    fn numbers_match_serde_json_for_scores_shares_and_timings() {
        for x in [
            0.0, 1.0, 3.0, 3.5, 3.67, 2.63, 0.75, 0.1, 0.0001, 0.9999, 4.99, 100.0, 1e15, -2.5,
        ] {
            same_as_serde_json(&x);
        }
        // Every share with up to four decimals (what min_answered allows) and every 2-decimal mean.
        for n in 1..=10_000u32 {
            same_as_serde_json(&(f64::from(n) / 10_000.0));
        }
        for n in 0..=1_000u32 {
            same_as_serde_json(&((f64::from(n) / 100.0 * 100.0).round() / 100.0));
        }
        // Epoch milliseconds, as the resume entry stores them.
        same_as_serde_json(&1_764_578_400_123.0);
    }

    #[test]
    fn non_finite_numbers_are_null_like_serde_json() {
        same_as_serde_json(&f64::NAN);
        same_as_serde_json(&f64::INFINITY);
        same_as_serde_json(&-0.0f64);
    }

    #[test]
    fn decimal_is_exact_to_six_places_and_rounds_beyond() {
        assert_eq!(decimal(3.0), "3");
        assert_eq!(decimal(-0.5), "-0.5");
        assert_eq!(decimal(0.123456), "0.123456");
        assert_eq!(decimal(1.0 / 3.0), "0.333333");
        // A product that is not a short decimal is written as the short one it rounds to.
        assert_eq!(decimal(35.0 * 0.01), "0.35");
        assert_eq!(decimal(-1e-9), "0");
        assert_eq!(decimal(1e19), "10000000000000000000");
        assert_eq!(decimal(-1e19), "-10000000000000000000");
        // Beyond 2^53 every digit of the integer, which reads back as the same double.
        assert_eq!(decimal(2f64.powi(64)), "18446744073709551616");
        assert_eq!(decimal(1e21), "1000000000000000000000");
        for x in [
            1e21,
            2f64.powi(64),
            f64::MAX,
            -f64::MAX,
            9_007_199_254_740_994.0,
        ] {
            assert_eq!(decimal(x).parse::<f64>().unwrap(), x);
        }
    }

    #[test]
    fn strings_escape_like_serde_json() {
        same_as_serde_json(&"plain, \"quoted\" \\ back/slash");
        same_as_serde_json(&"tab\tnl\ncr\rbs\u{08}ff\u{0c}nul\u{0}us\u{1f}del\u{7f}");
        same_as_serde_json(&"Bahasa Indonésia 😀 \u{2028}");
    }

    #[test]
    fn structures_match_serde_json() {
        let mut map = BTreeMap::new();
        map.insert("b".to_string(), vec![Some(1u8), None]);
        map.insert("a".to_string(), vec![]);
        same_as_serde_json(&map);
        same_as_serde_json(&(true, false, -7i64, u64::MAX, 'x'));
        same_as_serde_json(&());
    }

    #[test]
    fn unsupported_kinds_are_errors_not_bad_json() {
        let mut map = BTreeMap::new();
        map.insert(1u8, 2u8);
        assert!(to_json(&map).is_err());
    }

    proptest! {
        #[test]
        fn any_string_round_trips_through_the_reader(s in "\\PC*") {
            let text = to_json(&s).unwrap();
            prop_assert_eq!(&text, &serde_json::to_string(&s).unwrap());
            prop_assert_eq!(crate::json::parse(&text).unwrap(), crate::json::Json::Str(s));
        }

        #[test]
        fn short_decimals_match_serde_json(n in -10_000_000i64..10_000_000, k in 0u32..=4) {
            let x = n as f64 / 10f64.powi(k as i32);
            prop_assert_eq!(to_json(&x).unwrap(), serde_json::to_string(&x).unwrap());
        }
    }
}
