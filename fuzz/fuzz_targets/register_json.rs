#![no_main]
//! Fuzz target: register_json. Any input may be refused; none may panic, hang or exhaust memory.

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
    exercise_register(text, RegisterFormat::Json);
});
