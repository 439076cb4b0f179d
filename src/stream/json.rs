//! The fast path of a JSON register (an array of objects) or a JSON Lines one: each record
//! deserialized borrowing from the text (a key or date with an escape in it is left to the
//! careful reader), checked as the careful reader checks it, and packed.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::fast::{self, Entry, Fields, KindPoints, Notes, Part, Span};
use super::tokens::{Field, NotPlain};
use crate::bulk::Scorer;

/// One assessment as JSON writes it, borrowed from the text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Record<'a> {
    #[serde(borrow)]
    id: Option<&'a str>,
    #[serde(borrow)]
    area: Option<&'a str>,
    #[serde(borrow)]
    impact: Option<&'a str>,
    #[serde(borrow)]
    probability: Option<&'a str>,
    #[serde(borrow)]
    weighting: Option<Vec<&'a str>>,
    #[serde(borrow)]
    ameliorative: Option<Amounts<'a>>,
    #[serde(borrow)]
    capability: Option<&'a str>,
    #[serde(borrow)]
    capacity: Option<&'a str>,
    measure_in_place: Option<bool>,
    #[serde(borrow)]
    assessed_on: Option<&'a str>,
    lead_high_risk: Option<bool>,
    #[serde(borrow)]
    confidence: Option<Cow<'a, str>>,
    #[serde(borrow)]
    standard: Option<Cow<'a, str>>,
    #[serde(borrow)]
    description: Option<Cow<'a, str>>,
    #[serde(borrow)]
    action: Option<Cow<'a, str>>,
    #[serde(borrow)]
    owner: Option<Cow<'a, str>>,
    #[serde(borrow)]
    manager: Option<Cow<'a, str>>,
}

/// Ameliorative points by kind, in the order written; a kind given twice is refused.
struct Amounts<'a>(Vec<(&'a str, Amount<'a>)>);

/// Points as written: a string or a whole number (a float literal is refused).
enum Amount<'a> {
    Text(&'a str),
    Whole(i128),
}

impl<'de: 'a, 'a> Deserialize<'de> for Amounts<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for MapVisitor<'a> {
            type Value = Amounts<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of ameliorative kind to points")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Amounts<'a>, A::Error> {
                let mut out: Vec<(&'a str, Amount<'a>)> = Vec::new();
                while let Some(key) = map.next_key::<&'de str>()? {
                    // A handful of kinds at most (SPEC §2 allows 16): a scan is enough.
                    if out.iter().any(|(k, _)| *k == key) || out.len() >= 64 {
                        return Err(de::Error::custom("duplicate ameliorative kind"));
                    }
                    out.push((key, map.next_value::<Amount<'de>>()?));
                }
                Ok(Amounts(out))
            }
        }
        deserializer.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Amount<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for AmountVisitor<'a> {
            type Value = Amount<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("points as a string or a whole number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Amount<'a>, E> {
                Ok(Amount::Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount<'a>, E> {
                Ok(Amount::Whole(i128::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount<'a>, E> {
                Ok(Amount::Whole(i128::from(v)))
            }
        }
        deserializer.deserialize_any(AmountVisitor(std::marker::PhantomData))
    }
}

/// Where a string borrowed from `text` starts in it.
fn offset_in(text: &str, s: &str) -> usize {
    (s.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// Checks one record (the object `slice`, which lies in `text`) and packs it.
fn check(scorer: &Scorer, text: &str, slice: &str) -> Result<(Entry, Notes, KindPoints), NotPlain> {
    let m = scorer.matrix();
    let r: Record<'_> = serde_json::from_str(slice).map_err(|_| NotPlain)?;
    let mut weighting = 0u64;
    for key in r.weighting.iter().flatten() {
        fast::add_factor(m, key, &mut weighting)?;
    }
    let mut amounts = KindPoints::default();
    for (kind, value) in r.ameliorative.iter().flat_map(|a| &a.0) {
        let position = m.ameliorative().iter().position(|k| k.key() == *kind);
        let fixed = match value {
            Amount::Text(t) => fast::points_fixed(t, scorer.scale())?,
            Amount::Whole(w) if (0..=i128::from(crate::MAX_INPUT_POINTS)).contains(w) => {
                i64::try_from(*w)
                    .ok()
                    .and_then(|w| w.checked_mul(10i64.checked_pow(scorer.scale())?))
                    .ok_or(NotPlain)?
            }
            Amount::Whole(_) => return Err(NotPlain),
        };
        amounts.add(position, fast::amount(scorer, position, fixed)?)?;
    }
    let id = r.id.ok_or(NotPlain)?;
    let input = fast::pack(
        m,
        &Fields {
            id,
            area: r.area.ok_or(NotPlain)?,
            impact: r.impact.ok_or(NotPlain)?,
            probability: r.probability.ok_or(NotPlain)?,
            weighting,
            mitigation: amounts.total()?,
            capability: r.capability.ok_or(NotPlain)?,
            capacity: r.capacity.ok_or(NotPlain)?,
            measure_in_place: r.measure_in_place.unwrap_or(false),
            assessed_on: r.assessed_on,
            lead_high_risk: r.lead_high_risk,
        },
    )?;
    let texts = [
        &r.confidence,
        &r.standard,
        &r.description,
        &r.action,
        &r.owner,
        &r.manager,
    ];
    if texts
        .iter()
        .any(|t| t.as_deref().is_some_and(|t| !fast::short_enough(t)))
    {
        return Err(NotPlain);
    }
    let record = offset_in(text, slice);
    let span = |s: &str| {
        let start = offset_in(text, s);
        Span::of(
            &Field {
                start,
                end: start + s.len(),
                escaped: false,
            },
            record,
        )
    };
    let notes_written = [
        &r.confidence,
        &r.description,
        &r.standard,
        &r.action,
        &r.owner,
        &r.manager,
    ];
    let notes = if notes_written
        .iter()
        .any(|n| matches!(n, Some(Cow::Owned(_))))
    {
        Notes::Json(u32::try_from(slice.len()).map_err(|_| NotPlain)?)
    } else {
        let mut spans = [Span::default(); 6];
        for (slot, note) in spans.iter_mut().zip(notes_written) {
            if let Some(Cow::Borrowed(s)) = note {
                *slot = span(s)?;
            }
        }
        Notes::Spans(spans)
    };
    let entry = Entry {
        input,
        record,
        id: span(id)?,
    };
    Ok((entry, notes, amounts))
}

/// A record's free text read again (it had escapes in it), in the scored file's order.
pub(super) fn notes_of(record: &str) -> [Cow<'_, str>; 6] {
    let Ok(r) = serde_json::from_str::<Record<'_>>(record) else {
        return std::array::from_fn(|_| Cow::Borrowed(""));
    };
    [
        r.confidence,
        r.description,
        r.standard,
        r.action,
        r.owner,
        r.manager,
    ]
    .map(|n| n.unwrap_or(Cow::Borrowed("")))
}

/// Reads the JSON Lines records of `from..until` (line ends at both).
pub(super) fn read_lines(
    scorer: &Scorer,
    text: &str,
    from: usize,
    until: usize,
) -> Result<Part, NotPlain> {
    let part = text.get(from..until).ok_or(NotPlain)?;
    let mut entries = Vec::with_capacity(part.len() / 128);
    let mut notes = Vec::with_capacity(part.len() / 128);
    let mut amounts = Vec::new();
    let kinds = scorer.matrix().ameliorative().len();
    for line in part.lines() {
        // As the careful reader: a blank line is skipped.
        if line.trim().is_empty() {
            continue;
        }
        if entries.len() >= crate::MAX_REGISTER_ROWS {
            return Err(NotPlain);
        }
        let (entry, spans, points) = check(scorer, text, line)?;
        entries.push(entry);
        notes.push(spans);
        points.push_to(&mut amounts, kinds);
    }
    Ok(Part {
        entries,
        notes,
        amounts,
        end: until,
    })
}

/// The objects of a JSON array register, as slices of `text`.
pub(super) fn array_records(text: &str) -> Result<Vec<&RawValue>, NotPlain> {
    serde_json::from_str::<Vec<&RawValue>>(text).map_err(|_| NotPlain)
}

/// Reads some records of a JSON array.
pub(super) fn read_records(
    scorer: &Scorer,
    text: &str,
    records: &[&RawValue],
) -> Result<Part, NotPlain> {
    let kinds = scorer.matrix().ameliorative().len();
    let (mut entries, mut notes, mut amounts) = (Vec::new(), Vec::new(), Vec::new());
    for record in records {
        let (entry, spans, points) = check(scorer, text, record.get())?;
        entries.push(entry);
        notes.push(spans);
        points.push_to(&mut amounts, kinds);
    }
    Ok(Part {
        entries,
        notes,
        amounts,
        end: text.len(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{Amount, Amounts};

    /// What a wrong shape is told it should have been (the fast path hands such a record to the
    /// careful reader, so these words are seen only when debugging it).
    #[test]
    fn a_wrong_shape_says_what_was_expected() {
        let not_a_map = serde_json::from_str::<Amounts<'_>>("[1]").err().unwrap();
        assert!(
            not_a_map
                .to_string()
                .contains("a map of ameliorative kind to points")
        );
        let not_points = serde_json::from_str::<Amount<'_>>("true").err().unwrap();
        assert!(
            not_points
                .to_string()
                .contains("points as a string or a whole number")
        );
    }
}
