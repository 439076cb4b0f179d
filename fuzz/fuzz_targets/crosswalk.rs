#![no_main]
//! Fuzz target: crosswalk. A crosswalk file (JSON, and the same bytes as TOML) read against the
//! reference matrix and the worked example's revision: any input may be refused; none may panic,
//! hang or exhaust memory. One that is accepted translates and explains corner assessments,
//! reads back from its canonical JSON as itself, and lints.

use libfuzzer_sys::fuzz_target;
use needmatrix::Matrix;
use needmatrix::crosswalk::Crosswalk;

#[path = "common.rs"]
mod common;

const NATIONAL: &str = include_str!("../../examples/data/crosswalk/national-2.0.0.json");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let a = Matrix::reference();
    let Ok(b) = Matrix::from_json_str(NATIONAL) else {
        return;
    };
    for read in [
        Crosswalk::from_json_str(text, a, &b),
        Crosswalk::from_toml_str(text, a, &b),
    ] {
        let Ok(c) = read else { continue };
        let back = Crosswalk::from_json_str(&c.to_json(), a, &b);
        assert_eq!(back.as_ref().ok(), Some(&c), "the canonical JSON reads back");
        let _ = needmatrix::lint::lint_crosswalk(&c);
        let _ = c.inverse();
        for n in 0..16 {
            if let Some(x) = common::corner(a, n) {
                let _ = c.score_explained(&x);
            }
        }
    }
});
