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
    // The areas file, the elements file, element grades and indicators, split by NULs.
    let mut parts = text.splitn(4, '\0');
    let mut next = || parts.next().unwrap_or("");
    let (areas, elements, grades, indicators) = (next(), next(), next(), next());
    if let Ok(mut review) = needmatrix::review::Review::from_csv(areas, elements) {
        if let Ok(with) = review.clone().with_element_grades(grades) {
            review = with;
        }
        if let Ok(with) = review.clone().with_indicators(indicators) {
            review = with;
        }
        let _ = review.to_json();
        let _ = review.to_markdown();
        let _ = review.alignment();
        let _ = review.alignment_by_force();
        let _ = review.collaboration();
        // The areas table written out reads back to the same tables.
        let back = needmatrix::review::Review::from_csv(&review.areas_csv(), elements)
            .expect("the areas table of a review reads back");
        assert_eq!(back.tables().threat, review.tables().threat);
    }
});
