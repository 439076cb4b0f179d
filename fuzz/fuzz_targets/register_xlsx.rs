#![no_main]
//! Fuzz target: register_xlsx. Any bytes as an Excel workbook: refused or read, never a panic,
//! a hang or memory exhausted; what is read scores, and writes back as a workbook.

use libfuzzer_sys::fuzz_target;
use needmatrix::{Matrix, Register};

fuzz_target!(|data: &[u8]| {
    let m = Matrix::reference();
    if let Ok(register) = Register::from_xlsx(m, data)
        && let Ok(scored) = register.score(m)
    {
        let _ = needmatrix::report::workbook(&scored);
    }
});
