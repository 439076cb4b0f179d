//! What every fuzz target does with an input the parsers accept: use it the way the examples do,
//! so code past the parsers is fuzzed too.

use needmatrix::{Matrix, Register, RegisterFormat};

#[allow(dead_code)]
pub fn exercise_matrix(m: &Matrix) {
    let _ = needmatrix::lint::lint(m);
    let _ = m.to_toml();
    if let Ok(scorer) = needmatrix::bulk::Scorer::new(m) {
        let _ = scorer.scale();
    }
    let _ = needmatrix::heatmap::HeatMap::new(m).to_svg();
}

#[allow(dead_code)]
pub fn exercise_register(text: &str, format: RegisterFormat) {
    let m = Matrix::reference();
    if let Ok(register) = Register::from_text(m, text, format) {
        if let Ok(scored) = register.score(m) {
            let _ = scored.to_json();
            let _ = needmatrix::report::register_csv(&scored);
            let _ = needmatrix::plan::action_plan(&scored);
        }
    }
}
