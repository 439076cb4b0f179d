//! The six fictional forces of the national sample, in three regions: registers in every
//! format, embedded so the examples run anywhere.

use needmatrix::national::{NationalPicture, read_regions};
use needmatrix::{Matrix, Register, RegisterFormat};

/// Each force's register: its name, its format and its text.
pub const FORCES: &[(&str, RegisterFormat, &str)] = &[
    (
        "Castleton",
        RegisterFormat::Csv,
        include_str!("../data/national/Castleton.csv"),
    ),
    (
        "Fenmarsh",
        RegisterFormat::JsonLines,
        include_str!("../data/national/Fenmarsh.jsonl"),
    ),
    (
        "Northmoor",
        RegisterFormat::Json,
        include_str!("../data/national/Northmoor.json"),
    ),
    (
        "Ravensdale",
        RegisterFormat::Csv,
        include_str!("../data/national/Ravensdale.csv"),
    ),
    (
        "Saltmere",
        RegisterFormat::Json,
        include_str!("../data/national/Saltmere.json"),
    ),
    (
        "Wealdshire",
        RegisterFormat::Csv,
        include_str!("../data/national/Wealdshire.csv"),
    ),
];

/// The forces' regions (`force,region`).
pub const REGIONS: &str = include_str!("../data/national/regions.csv");

/// The six forces scored with `matrix` and rolled up.
pub fn picture(matrix: &Matrix) -> needmatrix::Result<NationalPicture> {
    let regions = read_regions(REGIONS)?;
    let mut picture = NationalPicture::new(matrix);
    for (force, format, text) in FORCES {
        let region = regions.get(*force).map_or("unknown", String::as_str);
        let register = Register::from_text(matrix, text, *format)
            .map_err(|e| e.in_file(&format!("{force} (embedded sample)")))?;
        picture.add_register(force, region, &register)?;
    }
    Ok(picture)
}
