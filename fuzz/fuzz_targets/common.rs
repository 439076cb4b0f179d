//! What every fuzz target does with an input the parsers accept: use it the way the examples do,
//! so code past the parsers is fuzzed too.

use needmatrix::{Assessment, Matrix, Register, RegisterFormat};

/// An assessment at the corners of a matrix's scales (the lowest or highest level of each), with
/// every factor: the fuzzed matrix is used to score, not only to be read.
pub fn corner(m: &Matrix, n: usize) -> Option<Assessment> {
    let pick = |levels: &[needmatrix::Level], high: bool| {
        let level = if high { levels.last() } else { levels.first() };
        level.map(|l| l.key().to_owned())
    };
    Assessment::new(
        format!("corner-{n}"),
        m.areas().first()?.key(),
        pick(m.impact(), n & 1 != 0)?,
        pick(m.probability(), n & 2 != 0)?,
        pick(m.capability(), n & 4 != 0)?,
        pick(m.capacity(), n & 8 != 0)?,
    )
    .ok()
    .map(|a| {
        a.with_weighting(m.weighting().iter().map(|f| f.key().to_owned()))
            .with_assessed_on(needmatrix::jiff::civil::date(2008, 1, 31))
    })
}

#[allow(dead_code)]
pub fn exercise_matrix(m: &Matrix) {
    let _ = needmatrix::lint::lint(m);
    let _ = m.to_toml();
    let scorer = needmatrix::bulk::Scorer::new(m).ok();
    for n in 0..16 {
        let Some(a) = corner(m, n) else { continue };
        let one = m.score_explained(&a);
        // The compiled scorer must agree with the one-at-a-time path wherever it compiles.
        if let (Some(scorer), Ok(one)) = (&scorer, &one) {
            if let Ok(input) = scorer.input(&a) {
                let bulk = scorer.outcome(a.id(), &input, &scorer.score(&input));
                assert_eq!(bulk.as_ref().ok(), Some(one), "bulk and Matrix::score differ");
            }
        }
        if let Ok(o) = one {
            let _ = needmatrix::plan::options(m, &a);
            let _ = serde_json::to_string(&o);
        }
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
