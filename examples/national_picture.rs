//! The national picture: many forces' registers rolled up to force, region and nation.
//!
//! ```text
//! cargo run --release --example national_picture                 # the embedded six-force sample
//! cargo run --release --example national_picture -- DIR [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg]
//! ```
//!
//! DIR holds one register per force (`.json`, `.jsonl`, `.csv`; a `.json` object is a scored
//! register), the file stem naming the force, and `regions.csv` (`force,region`). Bad input:
//! the error on stderr naming the file, exit status 2, nothing on stdout.

use std::process::ExitCode;

use needmatrix::national::{NationalPicture, read_regions};
use needmatrix::{Matrix, Register, RegisterFormat, report};

/// Six fictional forces in three regions.
const SAMPLE: &[(&str, RegisterFormat, &str)] = &[
    (
        "Castleton",
        RegisterFormat::Csv,
        include_str!("data/national/Castleton.csv"),
    ),
    (
        "Fenmarsh",
        RegisterFormat::JsonLines,
        include_str!("data/national/Fenmarsh.jsonl"),
    ),
    (
        "Northmoor",
        RegisterFormat::Json,
        include_str!("data/national/Northmoor.json"),
    ),
    (
        "Ravensdale",
        RegisterFormat::Csv,
        include_str!("data/national/Ravensdale.csv"),
    ),
    (
        "Saltmere",
        RegisterFormat::Json,
        include_str!("data/national/Saltmere.json"),
    ),
    (
        "Wealdshire",
        RegisterFormat::Csv,
        include_str!("data/national/Wealdshire.csv"),
    ),
];
const SAMPLE_REGIONS: &str = include_str!("data/national/regions.csv");

#[derive(PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

fn sample(matrix: &Matrix) -> needmatrix::Result<NationalPicture> {
    let regions = read_regions(SAMPLE_REGIONS)?;
    let mut picture = NationalPicture::new(matrix);
    for (force, format, text) in SAMPLE {
        let region = regions.get(*force).map_or("unknown", String::as_str);
        let register = Register::from_text(matrix, text, *format)?;
        picture.add_register(force, region, &register)?;
    }
    Ok(picture)
}

fn main() -> ExitCode {
    let mut dir = None;
    let mut matrix_path = None;
    let mut heatmap = None;
    let mut format = Format::Text;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next();
        match arg.as_str() {
            "--matrix" => matrix_path = value(),
            "--heatmap" => heatmap = value(),
            "--format" => {
                format = match value().as_deref() {
                    Some("json") => Format::Json,
                    Some("csv") => Format::Csv,
                    Some("text") => Format::Text,
                    _ => return usage(),
                }
            }
            flag if flag.starts_with("--") => return usage(),
            path if dir.is_none() => dir = Some(path.to_owned()),
            _ => return usage(),
        }
    }
    let result = (|| -> needmatrix::Result<String> {
        let owned;
        let matrix = match &matrix_path {
            Some(p) => {
                owned = Matrix::from_path(p)?;
                &owned
            }
            None => Matrix::reference(),
        };
        let picture = match &dir {
            Some(d) => NationalPicture::from_dir(matrix, std::path::Path::new(d))?,
            None => sample(matrix)?,
        };
        if let Some(path) = &heatmap {
            std::fs::write(path, picture.heatmap().to_svg()).map_err(|e| {
                needmatrix::Error::Io {
                    path: path.clone(),
                    message: e.to_string(),
                }
            })?;
        }
        Ok(match format {
            Format::Text => report::national_report(&picture, 20),
            Format::Json => picture.to_json() + "\n",
            Format::Csv => report::national_csv(&picture),
        })
    })();
    report::finish(result)
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: national_picture [DIR] [--matrix FILE] [--format text|json|csv] [--heatmap FILE.svg]"
    );
    ExitCode::from(2)
}
