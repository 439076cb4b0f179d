//! Points: exact decimal values, their input rules (SPEC §1) and their canonical form.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{Error, Location};

/// Largest points value a file may hold (SPEC §1).
pub const MAX_INPUT_POINTS: u32 = 1_000_000;

/// Most decimal places a points value read from a file may have, once trailing zeros are dropped.
pub const MAX_INPUT_PLACES: usize = 4;

/// An exact points value.
///
/// Values read from files obey SPEC §1 (at most 4 decimal places, 0 ..= 1 000 000); values the
/// model computes from them (a negative `gap`, a `mean` with 5 places) are exact too. Displayed
/// and serialised in canonical form: no trailing zeros, no exponent, never `-0`.
///
/// ```
/// use needmatrix::Points;
///
/// let p: Points = "17.50".parse()?;
/// assert_eq!(p.to_string(), "17.5");
/// assert_eq!(p, "17.5".parse()?);
/// assert_eq!(Points::from_input_str("0.00001").unwrap_err().code(), "precision");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(Decimal);

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(Decimal::ZERO);

    /// Wraps an exact decimal (normalised, so `-0` becomes `0`).
    #[must_use]
    pub fn new(value: Decimal) -> Self {
        Points(value.normalize())
    }

    /// Wraps a decimal already in canonical form (for constants).
    pub(crate) const fn from_canonical(value: Decimal) -> Self {
        Points(value)
    }

    /// Points from a whole number.
    #[must_use]
    pub fn from_int(value: i64) -> Self {
        Points(Decimal::from(value))
    }

    /// The exact value.
    #[must_use]
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Parses a points value as read from a file, with every rule of SPEC §1: the pattern
    /// `-?[0-9]+(\.[0-9]+)?` (`parse`), at most 4 places once trailing zeros are dropped
    /// (`precision`), and 0 ..= 1 000 000 (`out_of_range`).
    ///
    /// # Errors
    /// `parse`, `precision` or `out_of_range`, with the text quoted.
    pub fn from_input_str(text: &str) -> Result<Self, Error> {
        bounded_input(text, Decimal::from(MAX_INPUT_POINTS)).map(Points::new)
    }

    /// Points from a whole number read from a file (a JSON or TOML integer), with the range rule
    /// of SPEC §1.
    ///
    /// # Errors
    /// `out_of_range` outside 0 ..= 1 000 000.
    pub fn from_input_int(value: i128) -> Result<Self, Error> {
        if (0..=i128::from(MAX_INPUT_POINTS)).contains(&value) {
            Ok(Points(Decimal::from(value as i64)))
        } else {
            Err(out_of_range(
                &value.to_string(),
                Decimal::from(MAX_INPUT_POINTS),
            ))
        }
    }

    /// `self + other`, or `None` past the range of a [`Decimal`] (about ±7.9 × 10²⁸).
    #[must_use]
    pub fn checked_add(self, other: Points) -> Option<Points> {
        self.0.checked_add(other.0).map(Points::new)
    }

    /// `self - other`, or `None` past the range of a [`Decimal`].
    #[must_use]
    pub fn checked_sub(self, other: Points) -> Option<Points> {
        self.0.checked_sub(other.0).map(Points::new)
    }

    pub(crate) fn checked_mul(self, other: Points) -> Option<Points> {
        self.0.checked_mul(other.0).map(Points::new)
    }

    /// `max(self, 0)`.
    pub(crate) fn floor_zero(self) -> Points {
        if self.0.is_sign_negative() && !self.0.is_zero() {
            Points::ZERO
        } else {
            self
        }
    }

    /// True when the value is below zero.
    #[must_use]
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }
}

// Arithmetic a dependent expects: sums of outcomes (`need` over an area), differences (progress
// between two registers). Exact, and it cannot overflow for values a register holds: an outcome
// value is at most about 10¹² points in size (impact and probability at most 10⁶ each, 64
// weighting factors, ameliorative kinds and ability at most 10⁶ each) with at most 8 places (a
// product of two 4-place values), so even the sum of `MAX_REGISTER_ROWS` (10⁷) of them stays
// near 10¹⁹ with 8 places: 27 digits, within a Decimal's 96-bit mantissa, exact and in range (a
// test below holds this). Only values built past
// that with `Points::new` can overflow, and there `checked_add` says so instead.

/// Exact addition.
///
/// ```
/// use needmatrix::Points;
///
/// let a: Points = "17.5".parse()?;
/// let b: Points = "2.25".parse()?;
/// assert_eq!((a + b).to_string(), "19.75");
/// assert_eq!((b - a).to_string(), "-15.25");
/// let total: Points = [a, b, Points::from_int(1)].into_iter().sum();
/// assert_eq!(total.to_string(), "20.75");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
/// Past the range of a [`Decimal`] (about ±7.9 × 10²⁸), which no sum of the outcome values of
/// registers reaches; [`Points::checked_add`] returns `None` there instead.
impl Add for Points {
    type Output = Points;

    fn add(self, other: Points) -> Points {
        Points::new(self.0 + other.0)
    }
}

/// Exact subtraction.
///
/// # Panics
/// As [`Add`]; [`Points::checked_sub`] returns `None` there instead.
impl Sub for Points {
    type Output = Points;

    fn sub(self, other: Points) -> Points {
        Points::new(self.0 - other.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, other: Points) {
        *self = *self + other;
    }
}

impl SubAssign for Points {
    fn sub_assign(&mut self, other: Points) {
        *self = *self - other;
    }
}

impl Neg for Points {
    type Output = Points;

    fn neg(self) -> Points {
        Points::new(-self.0)
    }
}

/// The exact sum; zero for none.
///
/// # Panics
/// As [`Add`].
impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

/// The exact sum; zero for none.
impl<'a> Sum<&'a Points> for Points {
    fn sum<I: Iterator<Item = &'a Points>>(iter: I) -> Points {
        iter.copied().sum()
    }
}

fn out_of_range(text: &str, max: Decimal) -> Error {
    Error::from(crate::error::Fault::OutOfRange {
        at: Location::new(),
        value: text.to_owned(),
        rule: format!("the value must lie in 0 ..= {max}"),
    })
}

/// A decimal read from a file by the rules of SPEC §1 with `max` as its upper bound: the pattern
/// (`parse`), at most 4 places once trailing zeros are dropped (`precision`), 0 ..= `max`
/// (`out_of_range`).
fn bounded_input(text: &str, max: Decimal) -> Result<Decimal, Error> {
    let shape = Shape::of(text).ok_or_else(|| {
        Error::parse(
            Location::new(),
            format!("`{text}` is not a points value (digits, optionally `-` and one `.`)"),
        )
    })?;
    let fraction = shape.fraction.trim_end_matches('0');
    if fraction.len() > MAX_INPUT_PLACES {
        return Err(Error::from(crate::error::Fault::Precision {
            at: Location::new(),
            value: text.to_owned(),
        }));
    }
    let integer = shape.integer.trim_start_matches('0');
    let zero = integer.is_empty() && fraction.is_empty();
    // Anything with more integer digits than the bound is out of range whatever it says, and
    // is refused before it can reach Decimal's 28-digit limit.
    if (shape.negative && !zero) || integer.len() > max.trunc().to_string().len() {
        return Err(out_of_range(text, max));
    }
    let canonical = if fraction.is_empty() {
        if integer.is_empty() { "0" } else { integer }.to_owned()
    } else {
        format!(
            "{}.{fraction}",
            if integer.is_empty() { "0" } else { integer }
        )
    };
    let value = Decimal::from_str(&canonical)
        .map_err(|e| Error::parse(Location::new(), format!("`{text}`: {e}")))?;
    if value > max {
        return Err(out_of_range(text, max));
    }
    Ok(value)
}

/// The parts of a points string that matches `-?[0-9]+(\.[0-9]+)?`.
struct Shape<'a> {
    negative: bool,
    integer: &'a str,
    fraction: &'a str,
}

impl<'a> Shape<'a> {
    fn of(text: &'a str) -> Option<Self> {
        let (negative, body) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (integer, fraction) = match body.split_once('.') {
            Some((i, f)) if !f.is_empty() => (i, f),
            Some(_) => return None,
            None => (body, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        (!integer.is_empty() && digits(integer) && digits(fraction)).then_some(Shape {
            negative,
            integer,
            fraction,
        })
    }
}

impl fmt::Display for Points {
    /// Canonical form (SPEC §1): `17.5`, `16`, `0`, `-2.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl FromStr for Points {
    type Err = Error;

    /// Parses any exact decimal written `-?[0-9]+(\.[0-9]+)?`, of any sign and precision that
    /// `Decimal` holds (computed values such as a negative `gap` round-trip). For the stricter
    /// rules of values read from files, use [`Points::from_input_str`].
    fn from_str(text: &str) -> Result<Self, Error> {
        if Shape::of(text).is_none() {
            return Err(Error::parse(
                Location::new(),
                format!("`{text}` is not a decimal number"),
            ));
        }
        Decimal::from_str_exact(text)
            .map(Points::new)
            .map_err(|e| Error::parse(Location::new(), format!("`{text}`: {e}")))
    }
}

impl From<Decimal> for Points {
    fn from(value: Decimal) -> Self {
        Points::new(value)
    }
}

impl From<Points> for Decimal {
    fn from(value: Points) -> Self {
        value.0
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Points {
    /// Accepts a canonical-pattern string or an integer; refuses a float literal, which may
    /// already have lost digits.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match RawPoints::deserialize(deserializer)? {
            RawPoints::Text(text) => text.parse().map_err(de::Error::custom),
            RawPoints::Int(value) => i64::try_from(value)
                .map(Points::from_int)
                .map_err(|_| de::Error::custom(format!("`{value}` is out of range"))),
        }
    }
}

/// A points value as written in a file, before the rules of SPEC §1 are applied: kept apart so
/// that the validator can report `precision` and `out_of_range` with the field's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RawPoints {
    Text(String),
    Int(i128),
}

impl RawPoints {
    /// Applies the input rules of SPEC §1.
    pub(crate) fn to_points(&self) -> Result<Points, Error> {
        match self {
            RawPoints::Text(text) => Points::from_input_str(text),
            RawPoints::Int(value) => Points::from_input_int(*value),
        }
    }
}

impl<'de> Deserialize<'de> for RawPoints {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawVisitor;
        impl Visitor<'_> for RawVisitor {
            type Value = RawPoints;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("points as a string such as \"2.5\" or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawPoints, E> {
                Ok(RawPoints::Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawPoints, E> {
                Ok(RawPoints::Int(i128::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawPoints, E> {
                Ok(RawPoints::Int(i128::from(v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<RawPoints, E> {
                Ok(RawPoints::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<RawPoints, E> {
                Ok(RawPoints::Int(i128::try_from(v).unwrap_or(i128::MAX)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawPoints, E> {
                Err(E::custom(format!(
                    "float literal `{v}` refused: it may already have lost digits; write points as a string such as \"2.5\""
                )))
            }
        }
        deserializer.deserialize_any(RawVisitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RawPoints {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An exact points value: a string such as \"2.5\" (at most 4 decimal places) or an integer, 0 to 1000000. Float literals are refused.",
            "oneOf": [
                {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                {"type": "integer", "minimum": 0, "maximum": 1_000_000}
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_of_a_whole_register_of_the_largest_outcomes_are_exact() {
        // The largest comparator a matrix allows: the largest 4-place impact times the largest
        // probability, plus 64 weighting factors at the largest points. By hand:
        // (10⁶ − 10⁻⁴)² = 10¹² − 200 + 10⁻⁸, and 64 × 10⁶ more.
        let largest_input = Points::from_input_str("999999.9999").unwrap();
        let risk = largest_input.checked_mul(largest_input).unwrap();
        let weighting = Points::from_int(64 * i64::from(MAX_INPUT_POINTS));
        let comparator = risk + weighting;
        assert_eq!(comparator.to_string(), "1000063999800.00000001");
        // Summed over the largest register (as one product: every partial sum is smaller).
        let rows = Decimal::from(crate::MAX_REGISTER_ROWS as u64);
        let total = Points::new(comparator.value().checked_mul(rows).unwrap());
        assert_eq!(total.to_string(), "10000639998000000000.1");
        // And by the operators, one row at a time would reach the same: check a prefix of it.
        let summed: Points = std::iter::repeat_n(comparator, 1000).sum();
        assert_eq!(summed.to_string(), "1000063999800000.00001");
        let mut less_one = summed;
        less_one -= comparator;
        assert_eq!(less_one, summed + -comparator);
        assert_eq!(less_one.to_string(), "999063935800200.00000999");
    }

    #[test]
    fn checked_arithmetic_says_none_past_the_range() {
        let big = Points::new(Decimal::MAX);
        assert_eq!(big.checked_add(Points::from_int(1)), None);
        assert_eq!((-big).checked_sub(Points::from_int(1)), None);
        assert_eq!(
            big.checked_sub(Points::from_int(1)),
            Some(Points::new(Decimal::MAX - Decimal::ONE))
        );
        let mut p = Points::from_int(2);
        p += Points::from_int(3);
        assert_eq!(p, Points::from_int(5));
        assert_eq!(-Points::ZERO, Points::ZERO);
        let refs = [Points::from_int(1), Points::from_int(2)];
        assert_eq!(refs.iter().sum::<Points>(), Points::from_int(3));
        assert_eq!(std::iter::empty::<Points>().sum::<Points>(), Points::ZERO);
    }

    #[test]
    fn conversions_and_sign_keep_the_value() {
        let d = Decimal::new(-125, 2);
        let p = Points::from(d);
        assert_eq!(Decimal::from(p), d);
        assert!(p.is_negative());
        assert!(!Points::from(Decimal::new(125, 2)).is_negative());
        assert!(!Points::ZERO.is_negative());
    }

    #[test]
    fn a_value_of_the_wrong_type_says_what_points_are() {
        let e = serde_json::from_str::<RawPoints>("true").unwrap_err();
        assert!(
            e.to_string()
                .contains("points as a string such as \"2.5\" or an integer"),
            "{e}"
        );
    }

    #[test]
    fn input_rules_of_spec_section_1() {
        for (text, expect) in [
            ("2.5", Ok("2.5")),
            ("1.50000", Ok("1.5")),
            ("0", Ok("0")),
            ("-0", Ok("0")),
            ("-0.000", Ok("0")),
            ("007", Ok("7")),
            ("1000000", Ok("1000000")),
            ("1000000.0000", Ok("1000000")),
            ("0.0001", Ok("0.0001")),
            ("0.00001", Err("precision")),
            ("-0.00001", Err("precision")),
            ("-1", Err("out_of_range")),
            ("1000000.0001", Err("out_of_range")),
            ("99999999999999999999999999999999", Err("out_of_range")),
            ("+1", Err("parse")),
            (".5", Err("parse")),
            ("5.", Err("parse")),
            ("1e3", Err("parse")),
            ("", Err("parse")),
            (" 1", Err("parse")),
            ("1,5", Err("parse")),
        ] {
            let got = Points::from_input_str(text)
                .map(|p| p.to_string())
                .map_err(|e| e.code().as_str());
            assert_eq!(got, expect.map(str::to_owned), "input {text:?}");
        }
    }

    #[test]
    fn canonical_output() {
        let p: Points = "-0.0".parse().unwrap();
        assert_eq!(p.to_string(), "0");
        let p: Points = "16.000".parse().unwrap();
        assert_eq!(p.to_string(), "16");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"16\"");
    }

    #[test]
    fn json_float_refused_integer_accepted() {
        let raw: RawPoints = serde_json::from_str("3").unwrap();
        assert_eq!(raw.to_points().unwrap(), Points::from_int(3));
        assert!(serde_json::from_str::<RawPoints>("3.0").is_err());
        assert!(serde_json::from_str::<RawPoints>("1e400").is_err());
        let raw: RawPoints = serde_json::from_str("-1").unwrap();
        assert_eq!(raw.to_points().unwrap_err().code(), "out_of_range");
    }
}

/// A decimal read from a file by the rules of SPEC §1 without the upper bound (an indicator's
/// value, SPEC §11): `parse`, `precision`, or `out_of_range` below 0.
#[cfg(feature = "csv")]
pub(crate) fn unbounded_input(text: &str) -> Result<Decimal, Error> {
    bounded_input(text, Decimal::MAX).map(|v| v.normalize())
}

/// Largest cost or budget a file may give (SPEC §12): 10^12.
pub const MAX_INPUT_AMOUNT: u64 = 1_000_000_000_000;

/// An exact sum of money: a cost or a budget (SPEC §12).
///
/// Read by the rules of SPEC §1 (digits, at most 4 decimal places) with an upper bound of
/// 10^12 instead of points' 10^6; computed amounts (a cost times level steps, spent and remaining
/// of a budget) are exact and may be larger. Displayed and serialised in canonical form, like
/// [`Points`]. Kept apart from points so that a cost cannot be added to a need by mistake.
///
/// ```
/// use needmatrix::Amount;
///
/// let a: Amount = "30000.50".parse()?;
/// assert_eq!(a.to_string(), "30000.5");
/// assert_eq!("0.00001".parse::<Amount>().unwrap_err().code(), "precision");
/// assert_eq!("1000000000001".parse::<Amount>().unwrap_err().code(), "out_of_range");
/// assert_eq!("1e6".parse::<Amount>().unwrap_err().code(), "parse");
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(Decimal);

impl Amount {
    /// Nothing.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// The exact value.
    #[must_use]
    pub fn value(self) -> Decimal {
        self.0
    }

    /// `self × factor`, exact; `None` if it leaves exact arithmetic.
    pub(crate) fn checked_mul(self, factor: Decimal) -> Option<Amount> {
        self.0.checked_mul(factor).map(|v| Amount(v.normalize()))
    }

    /// `self + other`, exact; `None` if it leaves exact arithmetic.
    pub(crate) fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(|v| Amount(v.normalize()))
    }

    /// `self − other`, exact; `None` if it leaves exact arithmetic.
    pub(crate) fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.0.checked_sub(other.0).map(|v| Amount(v.normalize()))
    }
}

impl FromStr for Amount {
    type Err = Error;

    /// Reads an amount by the rules of SPEC §1 and §12: `parse`, `precision`, or `out_of_range`
    /// outside 0 ..= 10^12.
    fn from_str(text: &str) -> Result<Self, Error> {
        bounded_input(text, Decimal::from(MAX_INPUT_AMOUNT)).map(|v| Amount(v.normalize()))
    }
}

impl fmt::Display for Amount {
    /// Canonical form: `30000.5`, `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
