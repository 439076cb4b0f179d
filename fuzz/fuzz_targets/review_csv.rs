#![no_main]
//! Fuzz target: review_csv. Any input may be refused; none may panic, hang or exhaust memory.

use libfuzzer_sys::fuzz_target;
#[allow(unused_imports)]
use needmatrix::{Assessment, Matrix, Register, RegisterFormat};

#[path = "common.rs"]
mod common;
#[allow(unused_imports)]
use common::{exercise_matrix, exercise_register};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The areas file, a NUL, then the elements file.
    let (areas, elements) = text.split_once('\0').unwrap_or((text, ""));
    if let Ok(review) = needmatrix::review::Review::from_csv(areas, elements) {
        let _ = review.to_json();
        let _ = review.to_markdown();
        let _ = review.alignment();
    }
});
