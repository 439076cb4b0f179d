//! The columns of a scored register as a table (the CSV view, the workbook's `Register` sheet):
//! named once here, so every writer of that table, and the reader that takes a scored table back
//! as a register, agree on them.
//!
//! A scored table is a register too: `priority`, `id` and `area`; the assessment's other inputs
//! in SPEC §3's order (one `ameliorative.KIND` column per kind of the matrix); the outcome of
//! steps 1–12; then the free text. Read back, its `priority` and outcome columns are derived
//! (recomputed, never trusted) and its inputs are scored again.

use std::borrow::Cow;

use super::field::{OutcomeField, SCORED_NOTES};
use crate::assessment::Assessment;
use crate::matrix::Matrix;

/// One input of an assessment that a scored table carries beside its outcome (`id` and `area`
/// are carried as outcome fields, the notes after the outcome).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InputColumn {
    Impact,
    Probability,
    Weighting,
    /// The points of the matrix's ameliorative kind at this position.
    Ameliorative(usize),
    Capability,
    Capacity,
    MeasureInPlace,
    AssessedOn,
    LeadHighRisk,
    Confidence,
}

/// A column of the scored table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScoredColumn {
    /// The place in the priority order, from 1.
    Priority,
    /// An outcome field (never `matrix` or `fingerprint`, named once for the whole file).
    Outcome(OutcomeField),
    Input(InputColumn),
    /// The note of [`SCORED_NOTES`] at this position.
    Note(usize),
}

impl ScoredColumn {
    /// The column's header name.
    pub(crate) fn name(self, matrix: &Matrix) -> Cow<'static, str> {
        match self {
            ScoredColumn::Priority => Cow::Borrowed("priority"),
            ScoredColumn::Outcome(f) => Cow::Borrowed(f.as_str()),
            ScoredColumn::Note(k) => Cow::Borrowed(SCORED_NOTES.get(k).copied().unwrap_or("")),
            ScoredColumn::Input(input) => match input {
                InputColumn::Impact => Cow::Borrowed("impact"),
                InputColumn::Probability => Cow::Borrowed("probability"),
                InputColumn::Weighting => Cow::Borrowed("weighting"),
                InputColumn::Ameliorative(k) => Cow::Owned(format!(
                    "ameliorative.{}",
                    matrix.ameliorative().get(k).map_or("", |a| a.key())
                )),
                InputColumn::Capability => Cow::Borrowed("capability"),
                InputColumn::Capacity => Cow::Borrowed("capacity"),
                InputColumn::MeasureInPlace => Cow::Borrowed("measure_in_place"),
                InputColumn::AssessedOn => Cow::Borrowed("assessed_on"),
                InputColumn::LeadHighRisk => Cow::Borrowed("lead_high_risk"),
                InputColumn::Confidence => Cow::Borrowed("confidence"),
            },
        }
    }

    /// Whether the column holds free text (the id, confidence and the notes), which a CSV view
    /// guards against being run as a formula; every other cell is a number, key, date or flag.
    pub(crate) fn is_free_text(self) -> bool {
        matches!(
            self,
            ScoredColumn::Outcome(OutcomeField::Id)
                | ScoredColumn::Input(InputColumn::Confidence)
                | ScoredColumn::Note(_)
        )
    }
}

/// The columns of a scored table of `matrix`'s register, in order.
pub(crate) fn scored_columns(matrix: &Matrix) -> Vec<ScoredColumn> {
    use InputColumn as I;
    let outcome = |f| ScoredColumn::Outcome(f);
    let mut columns = vec![
        ScoredColumn::Priority,
        outcome(OutcomeField::Id),
        outcome(OutcomeField::Area),
    ];
    columns.extend(
        [I::Impact, I::Probability, I::Weighting]
            .into_iter()
            .chain((0..matrix.ameliorative().len()).map(I::Ameliorative))
            .chain([
                I::Capability,
                I::Capacity,
                I::MeasureInPlace,
                I::AssessedOn,
                I::LeadHighRisk,
                I::Confidence,
            ])
            .map(ScoredColumn::Input),
    );
    columns.extend(
        OutcomeField::ALL
            .iter()
            .copied()
            .filter(|f| !f.names_matrix() && !matches!(f, OutcomeField::Id | OutcomeField::Area))
            .map(outcome),
    );
    columns.extend((0..SCORED_NOTES.len()).map(ScoredColumn::Note));
    columns
}

/// The header of a scored table of `matrix`'s register.
pub(crate) fn scored_header(matrix: &Matrix) -> Vec<Cow<'static, str>> {
    scored_columns(matrix)
        .into_iter()
        .map(|c| c.name(matrix))
        .collect()
}

/// A flag as a scored table writes it.
pub(crate) const fn flag_text(flag: bool) -> &'static str {
    if flag { "true" } else { "false" }
}

/// An input of a scored assessment as a scored table writes it, canonical so that the table read
/// back and scored again writes the same text: the weighting factors in the matrix's order, `;`
/// between them; every ameliorative kind's points (`0` for a kind not named); `measure_in_place`
/// as `true` or `false`; an absent date or judgement as an empty cell.
pub(crate) fn input_text<'a>(
    matrix: &Matrix,
    assessment: &'a Assessment,
    input: InputColumn,
) -> Cow<'a, str> {
    let a = assessment;
    match input {
        InputColumn::Impact => Cow::Borrowed(a.impact()),
        InputColumn::Probability => Cow::Borrowed(a.probability()),
        InputColumn::Weighting => {
            let mut keys = matrix
                .weighting()
                .iter()
                .map(|f| f.key())
                .filter(|k| a.weighting().iter().any(|w| w == k));
            let Some(first) = keys.next() else {
                return Cow::Borrowed("");
            };
            let mut text = first.to_owned();
            for key in keys {
                text.push(';');
                text.push_str(key);
            }
            Cow::Owned(text)
        }
        InputColumn::Ameliorative(k) => {
            let key = matrix.ameliorative().get(k).map_or("", |kind| kind.key());
            let points = a.ameliorative().iter().find(|(kind, _)| kind == key);
            Cow::Owned(points.map_or_else(|| "0".to_owned(), |(_, p)| p.to_string()))
        }
        InputColumn::Capability => Cow::Borrowed(a.capability()),
        InputColumn::Capacity => Cow::Borrowed(a.capacity()),
        InputColumn::MeasureInPlace => Cow::Borrowed(flag_text(a.measure_in_place())),
        InputColumn::AssessedOn => a
            .assessed_on()
            .map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string())),
        InputColumn::LeadHighRisk => Cow::Borrowed(a.lead_high_risk().map_or("", flag_text)),
        InputColumn::Confidence => Cow::Borrowed(a.confidence().unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_table_has_inputs_in_section_3_order_then_outcome_then_notes() {
        let header = scored_header(Matrix::reference()).join(",");
        assert_eq!(
            header,
            "priority,id,area,impact,probability,weighting,ameliorative.partnership,\
             ameliorative.resources,capability,capacity,measure_in_place,assessed_on,\
             lead_high_risk,confidence,risk,comparator,mitigation,threat,ability,gap,need,\
             surplus,threat_band,need_band,grade,action_due,high_risk,high_need,description,\
             standard,action,owner,manager"
        );
    }

    #[test]
    fn the_reader_knows_the_derived_columns_the_writers_write() {
        // The header's columns but the inputs and `id`, `area` and the notes.
        let derived: Vec<String> = scored_columns(Matrix::reference())
            .into_iter()
            .filter(|c| match c {
                ScoredColumn::Priority => true,
                ScoredColumn::Outcome(f) => !matches!(f, OutcomeField::Id | OutcomeField::Area),
                _ => false,
            })
            .map(|c| c.name(Matrix::reference()).into_owned())
            .collect();
        assert_eq!(derived, crate::assessment::DERIVED_COLUMNS);
    }
}
