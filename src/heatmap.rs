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
use crate::matrix::{GridCell, Matrix};
use crate::points::Points;
use crate::register::Register;

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
}

impl HeatMap {
    /// An empty map for `matrix`.
    #[must_use]
    pub fn new(matrix: &Matrix) -> Self {
        HeatMap {
            matrix: matrix.clone(),
            counts: vec![vec![0; matrix.impact().len()]; matrix.probability().len()],
        }
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
        let width = (self.left + grid_w + 40).max(520);
        let height = legend_top + 24 * bands.len() + 20;
        let text = |x: usize, y: usize, content: String| {
            Text::new(xml_text(&content))
                .set("x", x)
                .set("y", y)
                .set("font-family", "sans-serif")
        };
        let fingerprint = m.fingerprint().get(..12).unwrap_or_default();
        let mut doc = Document::new()
            .set("viewBox", (0, 0, width, height))
            .set("width", width)
            .set("height", height)
            .add(Title::new(xml_text(&format!(
                "Heat map, {} ({fingerprint})",
                m.label()
            ))))
            .add(
                text(
                    20,
                    28,
                    format!("Heat map: {} (fingerprint {fingerprint}…)", m.label()),
                )
                .set("font-size", 16)
                .set("font-weight", "bold"),
            );
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
                let cell = Group::new()
                    .set("class", "cell")
                    .set("data-impact", impact)
                    .set("data-probability", probability)
                    .set("data-band", bands.get(band).map_or("", |b| b.key()))
                    .set("data-count", count)
                    .add(Title::new(xml_text(&format!(
                        "impact {impact} × probability {probability}: {band_label} band, {count} entries"
                    ))))
                    .add(
                        Rectangle::new()
                            .set("x", x)
                            .set("y", y)
                            .set("width", self.cell)
                            .set("height", self.cell)
                            .set("fill", band_colour(band, bands.len()))
                            .set("stroke", "#ffffff")
                            .set("stroke-width", 2),
                    )
                    .add(
                        text(x + 6, y + 18, initial(band_label))
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
        let mut legend = Group::new().set("id", "legend").add(
            text(
                20,
                legend_top - 8,
                "Inherent threat band (risk alone)".to_owned(),
            )
            .set("font-size", 13)
            .set("font-weight", "bold"),
        );
        for (n, b) in bands.iter().enumerate() {
            let y = legend_top + 24 * n;
            legend = legend
                .add(
                    Rectangle::new()
                        .set("x", 20)
                        .set("y", y)
                        .set("width", 18)
                        .set("height", 18)
                        .set("fill", band_colour(n, bands.len())),
                )
                .add(
                    text(
                        46,
                        y + 14,
                        format!(
                            "{}: {} (threat from {})",
                            initial(b.display_label()),
                            b.display_label(),
                            b.min()
                        ),
                    )
                    .set("font-size", 13),
                );
        }
        doc = doc.add(legend);
        doc.to_string()
    }
}
