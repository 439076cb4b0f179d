#![no_main]
//! Fuzz target: stream. The streaming register path against the careful one on any input, as
//! CSV, JSON Lines and JSON: both accept it with the same scored CSV, or both refuse it with the
//! same error. None may panic, hang or exhaust memory.
//!
//! Input that starts with the byte 0xFF (never the start of UTF-8 text) is scored under a
//! matrix drawn from the 32 bytes after it: the reference matrix's keys with other points
//! (small, fractional or large enough that the sort keys are wide), a product or a grid, any
//! ability rule, other band floors and kinds' maxima; the rest is the register. Any other input
//! is a register of the reference matrix, so the seeds of plain registers stay meaningful.

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Register, RegisterFormat, report};
use serde_json::{Value, json};

/// Strictly increasing points for a scale of `n` levels, in one of four shapes.
fn points(u: &mut Unstructured<'_>, n: usize) -> Result<Vec<String>> {
    let shape = u.int_in_range(0..=3u8)?;
    let mut total = u.int_in_range(0..=2u32)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(match shape {
            0 => total.to_string(),
            1 => format!("{}.{:02}", total / 4, total % 4 * 25),
            // Up to 22 × 45 000 + 0.5: within SPEC §1's 1 000 000, and wide keys.
            _ => format!("{}.5", total * 45_000),
        });
        total += u.int_in_range(1..=4u32)?;
    }
    Ok(out)
}

/// The reference matrix with its points, risk, ability rule, bands and maxima drawn anew.
fn drawn_matrix(u: &mut Unstructured<'_>) -> Result<Option<Matrix>> {
    let mut v: Value = serde_json::from_str(&Matrix::reference().to_canonical_json())
        .expect("the reference matrix is JSON");
    for scale in ["impact", "probability", "capability", "capacity"] {
        let n = v[scale].as_array().map_or(0, Vec::len);
        for (level, p) in v[scale].as_array_mut().into_iter().flatten().zip(points(u, n)?) {
            level["points"] = json!(p);
        }
    }
    if u.arbitrary::<bool>()? {
        let rows = v["probability"].as_array().map_or(0, Vec::len);
        let cells = v["impact"].as_array().map_or(0, Vec::len);
        let mut grid = Vec::with_capacity(rows);
        for _ in 0..rows {
            let mut row = Vec::with_capacity(cells);
            for _ in 0..cells {
                row.push(u.int_in_range(0..=1_000_000u32)?.to_string());
            }
            grid.push(row);
        }
        v["risk"] = json!({ "grid": grid });
    }
    v["ability"] = json!(*u.choose(&["min", "mean", "sum"])?);
    for bands in ["threat_bands", "need_bands"] {
        let mut floor = 0u32;
        for band in v[bands].as_array_mut().into_iter().flatten() {
            band["min"] = json!(floor.to_string());
            floor += u.int_in_range(1..=200_000u32)?;
        }
    }
    for kind in v["ameliorative"].as_array_mut().into_iter().flatten() {
        kind["max"] = json!(format!("{}.25", u.int_in_range(0..=20u32)?));
    }
    // A draw the matrix rules refuse is no test of the streaming path.
    Ok(Matrix::from_json_str(&v.to_string()).ok())
}

fuzz_target!(|data: &[u8]| {
    let (m, text) = match data.split_first() {
        Some((0xFF, rest)) => {
            let (params, text) = rest.split_at(rest.len().min(32));
            let Ok(Some(m)) = drawn_matrix(&mut Unstructured::new(params)) else {
                return;
            };
            (m, text)
        }
        _ => (Matrix::reference().clone(), data),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    for format in [RegisterFormat::Csv, RegisterFormat::JsonLines, RegisterFormat::Json] {
        let careful = Register::from_text(&m, text, format)
            .and_then(|r| r.into_scored(&m))
            .map(|s| report::register_csv(&s))
            .map_err(|e| e.to_string());
        for threads in [1, 2] {
            let streamed = ScoredStream::with_threads(&m, text.to_owned(), format, threads)
                .map(|s| {
                    let mut out = Vec::new();
                    report::write_stream_csv(&s, &mut out).expect("writing to memory");
                    String::from_utf8(out).expect("the scored CSV is UTF-8")
                })
                .map_err(|e| e.to_string());
            assert_eq!(streamed, careful, "{format} on {threads} thread(s)");
        }
    }
});
