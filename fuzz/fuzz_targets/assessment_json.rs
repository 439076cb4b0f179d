#![no_main]
//! Fuzz target: assessment_json. Any input may be refused; none may panic, hang or exhaust memory.

use libfuzzer_sys::fuzz_target;
#[allow(unused_imports)]
use needmatrix::{Assessment, Matrix, Register, RegisterFormat};

#[allow(dead_code)]
fn exercise_matrix(m: &Matrix) {
    let _ = needmatrix::lint::lint(m);
    let _ = m.to_toml();
    if let Ok(scorer) = needmatrix::bulk::Scorer::new(m) {
        let _ = scorer.scale();
    }
    let _ = needmatrix::heatmap::HeatMap::new(m).to_svg();
}

#[allow(dead_code)]
fn exercise_register(text: &str, format: RegisterFormat) {
    let m = Matrix::reference();
    if let Ok(register) = Register::from_text(m, text, format) {
        if let Ok(scored) = register.score(m) {
            let _ = scored.to_json();
            let _ = needmatrix::report::register_csv(&scored);
            let _ = needmatrix::plan::action_plan(&scored);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let m = Matrix::reference();
    if let Ok(a) = Assessment::from_json_str(m, text) {
        if let Ok(o) = m.score_explained(&a) {
            let _ = serde_json::to_string(&o);
            let _ = needmatrix::plan::options(m, &a);
        }
    }
});
