//! The heat map of SPEC §6: the impact × probability grid, each cell coloured by its inherent
//! threat band (its risk, no weighting, no mitigation) and labelled with how many entries fall in
//! it, written as SVG.
//!
//! Impact runs across, probability up. Each cell also prints its band's initial, so the map reads
//! without colour; a legend names the bands, and the title names the matrix and the start of its
//! fingerprint.
//!
//! ```
//! use needmatrix::{GridCell, Matrix, Register, RegisterFormat, heatmap::HeatMap};
//!
//! let m = Matrix::reference();
//! let csv = "id,area,impact,probability,capability,capacity\na,major_crime,major,likely,none,none\n";
//! let map = HeatMap::of_register(&Register::from_text(m, csv, RegisterFormat::Csv)?, m)?;
//! assert_eq!(map.count(GridCell::new(3, 3)), 1); // impact major, probability likely
//! assert!(map.to_svg().starts_with("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use svg::Document;
use svg::node::element::{Group, Rectangle, Text, Title};

use crate::assessment::Assessment;
use crate::error::Result;
use crate::matrix::{Grade, GridCell, Matrix};
use crate::points::Points;
use crate::register::{Register, ScoredRegister};

crate::closed::closed_set! {
    /// What colours a heat map's cells.
    ///
    /// ```
    /// use needmatrix::heatmap::ColourBy;
    ///
    /// assert_eq!("grade".parse::<ColourBy>()?, ColourBy::Grade);
    /// assert_eq!(ColourBy::default(), ColourBy::Band);
    /// # Ok::<(), needmatrix::UnknownName>(())
    /// ```
    #[derive(Default)]
    pub enum ColourBy ("a heat map colouring") {
        /// Each cell by its inherent threat band: its risk alone (SPEC §6).
        #[default]
        Band => "band",
        /// Each cell by the worst grade of its entries (red over amber over green), so a red gap
        /// shows red wherever its inherent band puts it; a cell with no graded entry is grey.
        /// Needs the scored register ([`HeatMap::of_scored`]).
        Grade => "grade",
    }
}

/// Counts of entries per impact × probability cell, with the matrix that colours them.
///
/// ```
/// use needmatrix::{Assessment, GridCell, Matrix, heatmap::HeatMap};
///
/// let m = Matrix::reference();
/// let mut map = HeatMap::new(m);
/// map.add(&Assessment::new("x", "major_crime", "major", "likely", "none", "none")?)?;
/// assert_eq!(map.count(GridCell::new(3, 3)), 1);
/// assert_eq!(map.total(), 1);
/// assert!(map.to_svg().starts_with("<svg"));
/// # Ok::<(), needmatrix::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeatMap {
    matrix: Matrix,
    /// `counts[probability][impact]`.
    counts: Vec<Vec<usize>>,
    /// The worst grade of each cell's entries, when the map was made from outcomes.
    worst: Option<Vec<Vec<Option<Grade>>>>,
    /// What the map shows: the register's name, as the title says it.
    title: Option<String>,
    /// The date the register is judged on, when one was given.
    as_of: Option<jiff::civil::Date>,
    colour_by: ColourBy,
}

impl HeatMap {
    /// An empty map for `matrix`.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Self {
        HeatMap {
            matrix: matrix.clone(),
            counts: vec![vec![0; matrix.impact().len()]; matrix.probability().len()],
            worst: None,
            title: None,
            as_of: None,
            colour_by: ColourBy::Band,
        }
    }

    /// The map of a scored register, which also knows the worst grade of each cell's entries
    /// (for [`ColourBy::Grade`]).
    ///
    /// ```
    /// use needmatrix::{GridCell, Grade, Matrix, Register, RegisterFormat, heatmap::{ColourBy, HeatMap}};
    ///
    /// let m = Matrix::reference();
    /// let csv = "id,area,impact,probability,capability,capacity\n\
    ///            a,major_crime,major,likely,none,none\n\
    ///            b,major_crime,major,likely,strong,strong\n";
    /// let scored = Register::from_text(m, csv, RegisterFormat::Csv)?.score(m)?;
    /// let map = HeatMap::of_scored(&scored).colour_by(ColourBy::Grade).with_title("Wealdshire");
    /// assert_eq!(map.count(GridCell::new(3, 3)), 2);
    /// assert_eq!(map.worst_grade(GridCell::new(3, 3)), Some(Grade::Red)); // a: need 16
    /// assert!(map.to_svg().contains("Wealdshire"));
    /// # Ok::<(), needmatrix::Error>(())
    /// ```
    #[must_use]
    pub fn of_scored(register: &ScoredRegister) -> Self {
        let matrix = register.matrix();
        let mut map = Self::new(matrix);
        let mut worst = vec![vec![None; matrix.impact().len()]; matrix.probability().len()];
        for entry in register.entries() {
            // A scored register's assessments are of its matrix: each resolves.
            let Ok(r) = entry.assessment().resolve(matrix) else {
                continue;
            };
            if let Some(count) = map
                .counts
                .get_mut(r.probability)
                .and_then(|row| row.get_mut(r.impact))
            {
                *count += 1;
            }
            if let Some(slot) = worst
                .get_mut(r.probability)
                .and_then(|row: &mut Vec<Option<Grade>>| row.get_mut(r.impact))
            {
                *slot = worse(*slot, entry.outcome().grade());
            }
        }
        map.worst = Some(worst);
        map
    }

    /// Names what the map shows (a register's file stem, a force): the title says it.
    #[must_use]
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The date the register is judged on: the title says it.
    #[must_use]
    pub fn with_as_of(mut self, date: jiff::civil::Date) -> Self {
        self.as_of = Some(date);
        self
    }

    /// What colours the cells ([`ColourBy::Band`] unless set).
    #[must_use]
    pub fn colour_by(mut self, by: ColourBy) -> Self {
        self.colour_by = by;
        self
    }

    /// The worst grade of a cell's entries, when the map was made from outcomes
    /// ([`HeatMap::of_scored`]) and the cell has a graded entry.
    #[must_use]
    pub fn worst_grade(&self, cell: GridCell) -> Option<Grade> {
        self.worst
            .as_ref()?
            .get(cell.probability())?
            .get(cell.impact())
            .copied()
            .flatten()
    }

    /// Counts one assessment in.
    ///
    /// # Errors
    /// As [`Matrix::score`], for an assessment the matrix does not accept.
    pub fn add(&mut self, assessment: &Assessment) -> Result<()> {
        let r = assessment.resolve(&self.matrix)?;
        if let Some(cell) = self
            .counts
            .get_mut(r.probability)
            .and_then(|row| row.get_mut(r.impact))
        {
            *cell += 1;
        }
        Ok(())
    }

    /// The map of a register's assessments.
    ///
    /// # Errors
    /// `matrix_mismatch` when the register was read against another matrix; otherwise as
    /// [`HeatMap::add`].
    pub fn of_register(register: &Register, matrix: &Matrix) -> Result<Self> {
        if let Some(own) = register.matrix() {
            own.ensure_same(matrix)?;
        }
        let mut map = Self::new(matrix);
        for a in register.assessments() {
            map.add(a)?;
        }
        Ok(map)
    }

    /// Adds another map of the same matrix in.
    ///
    /// # Errors
    /// `matrix_mismatch` for a map of another matrix (the map is unchanged).
    pub fn merge(&mut self, other: &HeatMap) -> Result<()> {
        self.matrix.ensure_same(&other.matrix)?;
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (c, o) in row.iter_mut().zip(other_row) {
                *c += o;
            }
        }
        // Worst grades stay known only when both maps know them.
        self.worst = match (self.worst.take(), &other.worst) {
            (Some(mut mine), Some(theirs)) => {
                for (row, other_row) in mine.iter_mut().zip(theirs) {
                    for (w, o) in row.iter_mut().zip(other_row) {
                        *w = worse(*w, *o);
                    }
                }
                Some(mine)
            }
            _ => None,
        };
        Ok(())
    }

    /// Entries in a cell.
    #[must_use]
    pub fn count(&self, cell: GridCell) -> usize {
        self.counts
            .get(cell.probability())
            .and_then(|row| row.get(cell.impact()))
            .copied()
            .unwrap_or(0)
    }

    /// Entries in all cells.
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// The inherent threat band position of a cell.
    #[must_use]
    pub fn band(&self, cell: GridCell) -> usize {
        let risk = self.matrix.risk_of(cell).unwrap_or(Points::ZERO);
        self.matrix.threat_band_of(risk)
    }

    /// The map as an SVG document.
    #[must_use]
    pub fn to_svg(&self) -> String {
        Layout::new(&self.matrix).draw(self)
    }

    /// Writes the SVG document ([`HeatMap::to_svg`]) to `writer`.
    ///
    /// # Errors
    /// The writer's I/O error.
    pub fn write_svg<W: std::io::Write>(&self, mut writer: W) -> std::io::Result<()> {
        writer.write_all(self.to_svg().as_bytes())
    }
}

/// The worse of two grades (red over amber over green over none).
fn worse(a: Option<Grade>, b: Option<Grade>) -> Option<Grade> {
    let rank = |g: Option<Grade>| match g {
        None => 0,
        Some(Grade::Green) => 1,
        Some(Grade::Amber) => 2,
        Some(Grade::Red) => 3,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// A grade's fill, as the workbook fills a grade's cell; grey for no grade.
fn grade_colour(grade: Option<Grade>) -> String {
    use crate::palette::{GRADE_AMBER, GRADE_GREEN, GRADE_RED, NO_GRADE};
    let (r, g, b) = match grade {
        Some(Grade::Red) => GRADE_RED,
        Some(Grade::Amber) => GRADE_AMBER,
        Some(Grade::Green) => GRADE_GREEN,
        None => NO_GRADE,
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The fill of a cell with no entries when cells are coloured by grade.
const EMPTY: &str = "#f5f5f5";

/// The legend's rows, colour and words: the bands some cell takes (colouring by band), or the
/// grades some cell's entries have, then "none graded" and "no entries" when a cell is so
/// (colouring by grade). Only what the picture can show.
fn legend_items(map: &HeatMap) -> Vec<(String, String)> {
    let m = &map.matrix;
    let cells: Vec<GridCell> = (0..m.probability().len())
        .flat_map(|p| (0..m.impact().len()).map(move |i| GridCell::new(i, p)))
        .collect();
    if map.colour_by == ColourBy::Band {
        let bands = m.threat_bands();
        let taken: std::collections::BTreeSet<usize> = cells.iter().map(|c| map.band(*c)).collect();
        return taken
            .into_iter()
            .filter_map(|b| {
                let band = bands.get(b)?;
                Some((
                    band_colour(b, bands.len()),
                    format!(
                        "{}: {} (threat from {})",
                        initial(band.display_label()),
                        band.display_label(),
                        band.min()
                    ),
                ))
            })
            .collect();
    }
    let mut items = Vec::new();
    for grade in [Grade::Red, Grade::Amber, Grade::Green] {
        if cells.iter().any(|c| map.worst_grade(*c) == Some(grade)) {
            let months = m
                .grades()
                .iter()
                .find(|r| r.grade() == grade)
                .map_or(String::new(), |r| {
                    format!(", act within {} months", r.months())
                });
            items.push((
                grade_colour(Some(grade)),
                format!("{}: {grade}{months}", initial(grade.as_str())),
            ));
        }
    }
    if cells
        .iter()
        .any(|c| map.count(*c) > 0 && map.worst_grade(*c).is_none())
    {
        items.push((grade_colour(None), "no entry graded".to_owned()));
    }
    if cells.iter().any(|c| map.count(*c) == 0) {
        items.push((EMPTY.to_owned(), "no entries".to_owned()));
    }
    items
}

/// "1 entry", "3 entries".
fn entries(count: usize) -> String {
    if count == 1 {
        "1 entry".to_owned()
    } else {
        format!("{count} entries")
    }
}

fn band_colour(position: usize, bands: usize) -> String {
    let (r, g, b) = crate::palette::band_rgb(position, bands);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text as an SVG may hold it: XML 1.0 allows no control character but tab and line ends, and
/// not U+FFFE or U+FFFF, even as a reference, so each is written out (`\u{1b}`) and the picture
/// stays well-formed whatever a matrix's labels or title hold.
fn xml_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn initial(label: &str) -> String {
    label
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

/// Sizes of the drawing.
struct Layout {
    cell: usize,
    left: usize,
    top: usize,
    columns: usize,
    rows: usize,
}

impl Layout {
    fn new(m: &Matrix) -> Self {
        let longest = m
            .probability()
            .iter()
            .map(|l| l.display_label().chars().count())
            .max()
            .unwrap_or(0);
        Layout {
            cell: 72,
            left: 40 + longest * 8,
            top: 56,
            columns: m.impact().len(),
            rows: m.probability().len(),
        }
    }

    fn draw(&self, map: &HeatMap) -> String {
        let m = &map.matrix;
        let grid_w = self.columns * self.cell;
        let grid_h = self.rows * self.cell;
        let legend_top = self.top + grid_h + 70;
        let bands = m.threat_bands();
        let by_grade = map.colour_by == ColourBy::Grade;
        let legend = legend_items(map);
        let height = legend_top + 24 * legend.len() + 20;
        let text = |x: usize, y: usize, content: String| {
            Text::new(xml_text(&content))
                .set("x", x)
                .set("y", y)
                .set("font-family", "sans-serif")
        };
        let fingerprint = m.fingerprint().get(..12).unwrap_or_default();
        // What the map shows: the register, its size and date, and the matrix.
        let headline = format!(
            "{}: {}{}",
            map.title.as_deref().unwrap_or("Heat map"),
            entries(map.total()),
            map.as_of.map_or(String::new(), |d| format!(" as of {d}"))
        );
        let subtitle = format!(
            "Matrix {} (fingerprint {fingerprint}…); cells coloured by {}",
            m.label(),
            if by_grade {
                "the worst grade of their entries"
            } else {
                "their inherent threat band"
            }
        );
        // Wide enough for the grid and for the title lines (about 10 and 7 pixels a character
        // at their sizes), so that nothing is cut off.
        let width = (self.left + grid_w + 40)
            .max(520)
            .max(40 + headline.chars().count() * 10)
            .max(40 + subtitle.chars().count() * 7);
        let mut doc = Document::new()
            .set("viewBox", (0, 0, width, height))
            .set("width", width)
            .set("height", height)
            .add(Title::new(xml_text(&format!(
                "{headline}; matrix {} ({fingerprint})",
                m.label()
            ))))
            .add(
                text(20, 22, headline)
                    .set("font-size", 16)
                    .set("font-weight", "bold"),
            )
            .add(text(20, 40, subtitle).set("font-size", 12));
        let mut cells = Group::new().set("id", "cells");
        for p in 0..self.rows {
            // Probability goes up: the highest level is the top row.
            let y = self.top + (self.rows - 1 - p) * self.cell;
            for i in 0..self.columns {
                let x = self.left + i * self.cell;
                let band = map.band(GridCell::new(i, p));
                let band_label = bands.get(band).map_or("", |b| b.display_label());
                let count = map.count(GridCell::new(i, p));
                let impact = m.impact().get(i).map_or("", |l| l.key());
                let probability = m.probability().get(p).map_or("", |l| l.key());
                let worst = map.worst_grade(GridCell::new(i, p));
                let (fill, mark) = if by_grade {
                    let fill = if count == 0 {
                        EMPTY.to_owned()
                    } else {
                        grade_colour(worst)
                    };
                    (fill, worst.map_or(String::new(), |g| initial(g.as_str())))
                } else {
                    (band_colour(band, bands.len()), initial(band_label))
                };
                let tooltip = format!(
                    "impact {impact} × probability {probability}: {band_label} band, {}{}",
                    entries(count),
                    match (by_grade, worst) {
                        (true, Some(g)) => format!(", worst grade {g}"),
                        (true, None) if count > 0 => ", none graded".to_owned(),
                        _ => String::new(),
                    }
                );
                let mut cell = Group::new()
                    .set("class", "cell")
                    .set("data-impact", impact)
                    .set("data-probability", probability)
                    .set("data-band", bands.get(band).map_or("", |b| b.key()))
                    .set("data-count", count);
                if by_grade {
                    cell = cell.set("data-grade", worst.map_or("", |g| g.as_str()));
                }
                let cell = cell
                    .add(Title::new(xml_text(&tooltip)))
                    .add(
                        Rectangle::new()
                            .set("x", x)
                            .set("y", y)
                            .set("width", self.cell)
                            .set("height", self.cell)
                            .set("fill", fill)
                            .set("stroke", "#ffffff")
                            .set("stroke-width", 2),
                    )
                    .add(
                        text(x + 6, y + 18, mark)
                            .set("font-size", 13)
                            .set("fill", "#212121"),
                    )
                    .add(
                        text(x + self.cell / 2, y + self.cell / 2 + 10, count.to_string())
                            .set("font-size", 24)
                            .set("font-weight", "bold")
                            .set("text-anchor", "middle")
                            .set("fill", "#212121"),
                    );
                cells = cells.add(cell);
            }
            let label = m.probability().get(p).map_or("", |l| l.display_label());
            doc = doc.add(
                text(self.left - 8, y + self.cell / 2 + 5, label.to_owned())
                    .set("font-size", 13)
                    .set("text-anchor", "end"),
            );
        }
        doc = doc.add(cells);
        for (i, level) in m.impact().iter().enumerate() {
            doc = doc.add(
                text(
                    self.left + i * self.cell + self.cell / 2,
                    self.top + grid_h + 20,
                    level.display_label().to_owned(),
                )
                .set("font-size", 12)
                .set("text-anchor", "middle"),
            );
        }
        doc = doc
            .add(
                text(
                    self.left + grid_w / 2,
                    self.top + grid_h + 44,
                    "Impact →".to_owned(),
                )
                .set("font-size", 14)
                .set("text-anchor", "middle"),
            )
            .add(
                text(16, self.top + grid_h / 2, "Probability ↑".to_owned())
                    .set("font-size", 14)
                    .set(
                        "transform",
                        format!("rotate(-90 16 {})", self.top + grid_h / 2),
                    )
                    .set("text-anchor", "middle"),
            );
        let mut group = Group::new().set("id", "legend").add(
            text(
                20,
                legend_top - 8,
                if by_grade {
                    "Worst grade of the cell's entries".to_owned()
                } else {
                    "Inherent threat band (risk alone)".to_owned()
                },
            )
            .set("font-size", 13)
            .set("font-weight", "bold"),
        );
        for (n, (colour, words)) in legend.into_iter().enumerate() {
            let y = legend_top + 24 * n;
            group = group
                .add(
                    Rectangle::new()
                        .set("x", 20)
                        .set("y", y)
                        .set("width", 18)
                        .set("height", 18)
                        .set("fill", colour)
                        .set("stroke", "#bdbdbd"),
                )
                .add(text(46, y + 14, words).set("font-size", 13));
        }
        let legend = group;
        doc = doc.add(legend);
        doc.to_string()
    }
}
