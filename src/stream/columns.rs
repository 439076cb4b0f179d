//! The fast path of a register held as dictionary-encoded columns (a data frame's): each
//! distinct cell of a column checked once, each row then packed from positions. The ids and
//! notes are copied into one text, in which the scored stream keeps their spans as it does a
//! CSV file's. On any doubt or fault it answers [`NotPlain`], and the careful reader of
//! [`Register::from_columns`](crate::Register::from_columns) reads the columns instead.

use jiff::civil::Date;

use super::fast::{
    CARRIED, Entry, KindPoints, Notes, Part, Span, amount, flag_text, id_ok, level, points_fixed,
    weighting_mask,
};
use super::tokens::NotPlain;
use crate::bulk::{BulkInput, Scorer};
use crate::error::{Error, Location, Result};

/// One column of a register frame, dictionary-encoded as frames hold text: its distinct cells,
/// each once (`None` for a missing value), and for each row the position of its cell among them.
/// A cell reads as a CSV cell of the same text ([`Register::from_columns`](crate::Register::from_columns)):
/// `None` and the empty text are an absent field.
///
/// ```
/// use needmatrix::stream::EncodedColumn;
///
/// // Three rows of one column: `major`, `minor`, `major`.
/// let dictionary = [Some("major"), Some("minor")];
/// let column = EncodedColumn::new("impact", &dictionary, &[0, 1, 0]);
/// assert_eq!((column.name(), column.len()), ("impact", 3));
/// assert_eq!(column.cell(2), Some(Some("major")));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct EncodedColumn<'a> {
    name: &'a str,
    dictionary: &'a [Option<&'a str>],
    codes: &'a [u32],
}

impl<'a> EncodedColumn<'a> {
    /// A column of `codes.len()` rows named `name` (a field of SPEC §3, or `ameliorative.KIND`).
    /// A code past the dictionary is refused when the column is read.
    #[must_use]
    pub fn new(name: &'a str, dictionary: &'a [Option<&'a str>], codes: &'a [u32]) -> Self {
        EncodedColumn {
            name,
            dictionary,
            codes,
        }
    }

    /// The column's name.
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the column has no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Row `row`'s cell (`Some(None)` for a missing value), or `None` past the last row or for
    /// a code past the dictionary.
    #[must_use]
    pub fn cell(&self, row: usize) -> Option<Option<&'a str>> {
        let code = *self.codes.get(row)?;
        self.dictionary.get(code as usize).copied()
    }

    /// The cells, row by row, as the careful reader takes them.
    ///
    /// # Errors
    /// `parse` for a code past the dictionary, naming the column and row.
    pub(super) fn cells(&self) -> Result<Vec<Option<&'a str>>> {
        // One row past the limit is enough for the careful reader to refuse it; more would only
        // take memory.
        (0..self.len().min(crate::MAX_REGISTER_ROWS + 1))
            .map(|row| {
                self.cell(row).ok_or_else(|| {
                    Error::parse(
                        Location::new()
                            .with_record(format!("#{}", row + 1))
                            .with_field_prefix(self.name),
                        format!(
                            "code {} is past the {} cells of column `{}`'s dictionary",
                            self.codes.get(row).copied().unwrap_or_default(),
                            self.dictionary.len(),
                            self.name
                        ),
                    )
                })
            })
            .collect()
    }

    /// The non-empty text of each dictionary entry.
    fn texts(&self) -> impl Iterator<Item = Option<&'a str>> + '_ {
        self.dictionary.iter().map(|c| c.filter(|t| !t.is_empty()))
    }

    /// Each dictionary entry read once with `read` (`None` for an absent cell).
    fn resolve<T>(
        &self,
        mut read: impl FnMut(&'a str) -> std::result::Result<T, NotPlain>,
    ) -> std::result::Result<Vec<Option<T>>, NotPlain> {
        self.texts().map(|t| t.map(&mut read).transpose()).collect()
    }
}

/// A column's resolved dictionary and its codes: each row's value is `values[codes[row]]`.
struct Resolved<'c, T> {
    values: Vec<Option<T>>,
    codes: &'c [u32],
}

impl<T: Copy> Resolved<'_, T> {
    fn at(&self, row: usize) -> std::result::Result<Option<T>, NotPlain> {
        let code = *self.codes.get(row).ok_or(NotPlain)?;
        self.values.get(code as usize).copied().ok_or(NotPlain)
    }

    fn required(&self, row: usize) -> std::result::Result<T, NotPlain> {
        self.at(row)?.ok_or(NotPlain)
    }
}

/// The columns by what they hold, each resolved against the matrix.
struct Frame<'c> {
    rows: usize,
    id: EncodedColumn<'c>,
    area: Resolved<'c, usize>,
    impact: Resolved<'c, u8>,
    probability: Resolved<'c, u8>,
    capability: Resolved<'c, u8>,
    capacity: Resolved<'c, u8>,
    weighting: Option<Resolved<'c, u64>>,
    /// Each `ameliorative.KIND` column with its kind's position in the matrix.
    ameliorative: Vec<(Option<usize>, Resolved<'c, i64>)>,
    measure_in_place: Option<Resolved<'c, bool>>,
    assessed_on: Option<Resolved<'c, Date>>,
    lead_high_risk: Option<Resolved<'c, bool>>,
    /// The columns of [`CARRIED`]: confidence and the notes.
    notes: [Option<EncodedColumn<'c>>; 6],
}

/// Row `row`'s value of an optional column (`None` for a column the frame lacks).
fn optional<T: Copy>(
    column: &Option<Resolved<'_, T>>,
    row: usize,
) -> std::result::Result<Option<T>, NotPlain> {
    column.as_ref().map_or(Ok(None), |c| c.at(row))
}

/// A column's dictionary read with `read`, beside its codes.
fn resolved<'c, T>(
    column: EncodedColumn<'c>,
    read: impl FnMut(&'c str) -> std::result::Result<T, NotPlain>,
) -> std::result::Result<Resolved<'c, T>, NotPlain> {
    Ok(Resolved {
        values: column.resolve(read)?,
        codes: column.codes,
    })
}

impl<'c> Frame<'c> {
    fn of(scorer: &Scorer, columns: &[EncodedColumn<'c>]) -> std::result::Result<Self, NotPlain> {
        let m = scorer.matrix();
        let rows = columns.first().map_or(0, EncodedColumn::len);
        let mut seen = std::collections::HashSet::new();
        if columns
            .iter()
            .any(|c| c.len() != rows || !seen.insert(c.name))
        {
            return Err(NotPlain);
        }
        let find = |name: &str| columns.iter().find(|c| c.name == name).copied();
        let required = |name: &str| find(name).ok_or(NotPlain);
        let levels = |name: &str, scale: &[crate::matrix::Level]| {
            resolved(required(name)?, |key| level(scale, key))
        };
        let mut ameliorative = Vec::new();
        for column in columns {
            match column.name {
                name if name.starts_with("ameliorative.") => {
                    let kind = name.strip_prefix("ameliorative.").unwrap_or_default();
                    let k = m.ameliorative().iter().position(|x| x.key() == kind);
                    ameliorative.push((
                        k,
                        resolved(*column, |text| {
                            amount(scorer, k, points_fixed(text, scorer.scale())?)
                        })?,
                    ));
                }
                "id" | "area" | "impact" | "probability" | "weighting" | "capability"
                | "capacity" | "measure_in_place" | "assessed_on" | "lead_high_risk" => {}
                "confidence" | "standard" | "description" | "action" | "owner" | "manager" => {
                    if column
                        .texts()
                        .flatten()
                        .any(|t| !super::fast::short_enough(t))
                    {
                        return Err(NotPlain);
                    }
                }
                // An unknown column: the careful reader names it.
                _ => return Err(NotPlain),
            }
        }
        let id = required("id")?;
        if id.texts().flatten().any(|t| !id_ok(t)) {
            return Err(NotPlain);
        }
        let date = |text: &str| crate::assessment::parse_date(text).map_err(|_| NotPlain);
        Ok(Frame {
            rows,
            id,
            area: resolved(required("area")?, |key| {
                m.area_position(key).ok_or(NotPlain)
            })?,
            impact: levels("impact", m.impact())?,
            probability: levels("probability", m.probability())?,
            capability: levels("capability", m.capability())?,
            capacity: levels("capacity", m.capacity())?,
            weighting: find("weighting")
                .map(|c| resolved(c, |list| weighting_mask(m, list)))
                .transpose()?,
            ameliorative,
            measure_in_place: find("measure_in_place")
                .map(|c| resolved(c, flag_text))
                .transpose()?,
            assessed_on: find("assessed_on").map(|c| resolved(c, date)).transpose()?,
            lead_high_risk: find("lead_high_risk")
                .map(|c| resolved(c, flag_text))
                .transpose()?,
            notes: CARRIED.map(find),
        })
    }

    /// Row `row` packed, as the careful reader would read it, and its points per kind.
    fn input(&self, row: usize) -> std::result::Result<(BulkInput, KindPoints), NotPlain> {
        let mut amounts = KindPoints::default();
        for (kind, column) in &self.ameliorative {
            if let Some(points) = column.at(row)? {
                amounts.add(*kind, points)?;
            }
        }
        let mitigation = amounts.total()?;
        // A weighting cell of only separators is an empty list.
        let weighting = optional(&self.weighting, row)?.unwrap_or(0);
        let input = BulkInput::from_checked(
            self.area.required(row)?,
            self.impact.required(row)?,
            self.probability.required(row)?,
            weighting,
            mitigation,
            self.capability.required(row)?,
            self.capacity.required(row)?,
            optional(&self.measure_in_place, row)?.unwrap_or(false),
            optional(&self.assessed_on, row)?,
            optional(&self.lead_high_risk, row)?,
        );
        Ok((input, amounts))
    }
}

/// Reads the columns on the fast path: the entries, in row order, and the text holding their
/// ids (then their notes) that the entries' spans point into.
pub(super) fn read(
    scorer: &Scorer,
    columns: &[EncodedColumn<'_>],
) -> std::result::Result<(String, Part), NotPlain> {
    let frame = Frame::of(scorer, columns)?;
    if frame.rows > crate::MAX_REGISTER_ROWS {
        return Err(NotPlain);
    }
    // Every id, row by row, then each note column's distinct texts once.
    let mut text = String::new();
    let mut entries = Vec::with_capacity(frame.rows);
    let mut amounts = Vec::new();
    let kinds = if frame.ameliorative.is_empty() {
        0
    } else {
        scorer.matrix().ameliorative().len()
    };
    for row in 0..frame.rows {
        // An empty id, like a missing one, is absent: the careful reader names it.
        let id = frame
            .id
            .cell(row)
            .flatten()
            .filter(|id| !id.is_empty())
            .ok_or(NotPlain)?;
        let record = text.len();
        text.push_str(id);
        let len = u32::try_from(id.len()).map_err(|_| NotPlain)?;
        let (input, points) = frame.input(row)?;
        points.push_to(&mut amounts, kinds);
        entries.push(Entry {
            input,
            record,
            id: Span::plain(0, len),
        });
    }
    let with_notes = frame.notes.iter().any(Option::is_some);
    let mut notes = Vec::new();
    if with_notes {
        // Where each note column's dictionary entries start in the text.
        let starts: Vec<Vec<(usize, u32)>> = frame
            .notes
            .iter()
            .map(|column| {
                column.map_or_else(Vec::new, |c| {
                    c.texts()
                        .map(|t| {
                            let t = t.unwrap_or_default();
                            let start = text.len();
                            text.push_str(t);
                            (start, u32::try_from(t.len()).unwrap_or(u32::MAX))
                        })
                        .collect()
                })
            })
            .collect();
        u32::try_from(text.len()).map_err(|_| NotPlain)?;
        for (row, entry) in entries.iter().enumerate() {
            let mut spans = [Span::default(); 6];
            for ((slot, column), starts) in spans.iter_mut().zip(&frame.notes).zip(&starts) {
                if let Some(c) = column {
                    let code = *c.codes.get(row).ok_or(NotPlain)? as usize;
                    let (start, len) = *starts.get(code).ok_or(NotPlain)?;
                    let offset = start
                        .checked_sub(entry.record)
                        .and_then(|o| u32::try_from(o).ok())
                        .ok_or(NotPlain)?;
                    *slot = Span::plain(offset, len);
                }
            }
            notes.push(Notes::Spans(spans));
        }
    }
    let end = text.len();
    Ok((
        text,
        Part {
            entries,
            notes,
            amounts,
            end,
        },
    ))
}
