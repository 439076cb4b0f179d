//! The colours of bands, lowest green to highest red, shared by every view that fills a cell
//! by its band (the SVG heat map, the workbook's heat map).

/// Colours from the lowest band to the highest: green, yellow-green, amber, orange, red, with
/// bands in between interpolated.
const PALETTE: [(u8, u8, u8); 5] = [
    (0x4c, 0xaf, 0x50),
    (0xc0, 0xca, 0x33),
    (0xff, 0xc1, 0x07),
    (0xff, 0x98, 0x00),
    (0xe5, 0x39, 0x35),
];

/// Grey, for a matrix of one band.
const GREY: (u8, u8, u8) = (0x9e, 0x9e, 0x9e);

/// The colour of band `position` of `bands`, spreading the palette over them.
pub(crate) fn band_rgb(position: usize, bands: usize) -> (u8, u8, u8) {
    if bands <= 1 {
        return GREY;
    }
    let t = position as f64 / (bands - 1) as f64 * (PALETTE.len() - 1) as f64;
    let low = (t.floor() as usize).min(PALETTE.len() - 1);
    let high = (low + 1).min(PALETTE.len() - 1);
    let frac = t - low as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * frac).round() as u8;
    let colour = |i: usize| PALETTE.get(i).copied().unwrap_or(GREY);
    let (a, b) = (colour(low), colour(high));
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The fills of the grades, red, amber and green, as the scored workbook and the heat map
/// coloured by grade fill a grade's cell; [`NO_GRADE`] for entries without one.
pub(crate) const GRADE_RED: (u8, u8, u8) = (0xe5, 0x39, 0x35);
pub(crate) const GRADE_AMBER: (u8, u8, u8) = (0xff, 0xc1, 0x07);
pub(crate) const GRADE_GREEN: (u8, u8, u8) = (0x4c, 0xaf, 0x50);
#[cfg_attr(not(feature = "heatmap"), allow(dead_code))]
pub(crate) const NO_GRADE: (u8, u8, u8) = GREY;
