//! What a vendor embedding the crate reaches for: named levels, points that add up, a register
//! that remembers its matrix, and a refusal of its own for a format the build leaves out.

use needmatrix::{Assessment, ErrorCode, Levels, Matrix, Points, Register, RegisterFormat};

const JSONL: &str = r#"{"id": "a", "area": "major_crime", "impact": "critical", "probability": "likely", "capability": "limited", "capacity": "limited"}
{"id": "b", "area": "public_order", "impact": "minor", "probability": "rare", "capability": "good", "capacity": "good"}
{"id": "c", "area": "major_crime", "impact": "major", "probability": "possible", "capability": "none", "capacity": "adequate", "ameliorative": {"partnership": "1.5"}}
"#;

#[test]
fn named_levels_are_the_positional_ones_in_their_places() {
    let named = Assessment::from_levels(
        "x",
        "major_crime",
        Levels {
            impact: "critical",
            probability: "likely",
            capability: "none",
            capacity: "good",
        },
    )
    .unwrap();
    assert_eq!(named.impact(), "critical");
    assert_eq!(named.probability(), "likely");
    assert_eq!(named.capability(), "none");
    assert_eq!(named.capacity(), "good");
    let positional =
        Assessment::new("x", "major_crime", "critical", "likely", "none", "good").unwrap();
    assert_eq!(named, positional);
    // Owned keys serve as well as borrowed ones.
    let owned = Levels {
        impact: String::from("critical"),
        probability: String::from("likely"),
        capability: String::from("none"),
        capacity: String::from("good"),
    };
    assert_eq!(
        Assessment::from_levels("x", "major_crime", owned).unwrap(),
        positional
    );
    // The id is checked as by `new`.
    let bad = Assessment::from_levels("", "major_crime", Levels::<&str>::default()).unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidId);
}

#[test]
fn a_register_read_from_text_scores_with_its_own_matrix() {
    let m = Matrix::reference();
    let register = Register::from_text(m, JSONL, RegisterFormat::JsonLines).unwrap();
    let own = register.scored().unwrap();
    assert_eq!(own.entries(), register.score(m).unwrap().entries());
    // By hand (reference matrix): a 5 × 4 − min(4, 4) = 16; b 2 × 1 − min(12, 12) = −10, so
    // need 0; c 4 × 3 − 1.5 = 10.5 − min(0, 8) = 10.5.
    let needs: Vec<String> = own
        .entries()
        .iter()
        .map(|e| format!("{}={}", e.outcome().id(), e.outcome().need()))
        .collect();
    assert_eq!(needs, ["a=16", "c=10.5", "b=0"]);
}

#[test]
fn a_register_built_without_a_matrix_says_so_when_asked_to_score_itself() {
    let a = Assessment::new("x", "major_crime", "critical", "likely", "none", "good").unwrap();
    let register = Register::new([a]).unwrap();
    let error = register.scored().unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoMatrix);
    assert_eq!(error.code().as_str(), "no_matrix");
    assert!(error.to_string().contains("Register::score"), "{error}");
    // With a matrix named, it scores.
    assert_eq!(
        register.score(Matrix::reference()).unwrap().entries().len(),
        1
    );
}

#[test]
fn points_add_up_exactly_over_a_register() {
    let m = Matrix::reference();
    let scored = Register::from_text(m, JSONL, RegisterFormat::JsonLines)
        .unwrap()
        .scored()
        .unwrap();
    let need: Points = scored.entries().iter().map(|e| e.outcome().need()).sum();
    assert_eq!(need.to_string(), "26.5");
    let threats: Vec<Points> = scored
        .entries()
        .iter()
        .map(|e| e.outcome().threat())
        .collect();
    // 20 + 10.5 + 2, and their differences.
    assert_eq!(threats.iter().sum::<Points>().to_string(), "32.5");
    assert_eq!((threats[0] - threats[1]).to_string(), "9.5");
    assert_eq!((threats[1] - threats[0]).to_string(), "-9.5");
    let mut running = Points::ZERO;
    for t in &threats {
        running += *t;
    }
    assert_eq!(running, threats.iter().sum());
    // 0.1 + 0.2 is 0.3, exactly.
    let tenth: Points = "0.1".parse().unwrap();
    let fifth: Points = "0.2".parse().unwrap();
    assert_eq!(tenth + fifth, "0.3".parse().unwrap());
}

/// With a format's feature left out, reading it is `feature_disabled`, never `parse`: a caller
/// can tell a build without CSV from a bad CSV file.
#[cfg(not(feature = "csv"))]
#[test]
fn a_csv_register_without_the_csv_feature_is_feature_disabled() {
    let csv =
        "id,area,impact,probability,capability,capacity\nx,major_crime,critical,likely,none,good\n";
    let error = Register::from_text(Matrix::reference(), csv, RegisterFormat::Csv).unwrap_err();
    assert_eq!(error.code(), ErrorCode::FeatureDisabled);
    assert!(error.to_string().contains("`csv`"), "{error}");
}

#[cfg(not(feature = "toml"))]
#[test]
fn a_toml_matrix_without_the_toml_feature_is_feature_disabled() {
    let dir = std::env::temp_dir().join(format!("needmatrix-vendor-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("matrix.toml");
    std::fs::write(&path, "id = \"x\"\n").unwrap();
    let error = Matrix::from_path(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(error.code(), ErrorCode::FeatureDisabled);
    assert!(error.to_string().contains("`toml`"), "{error}");
    assert_eq!(
        error.location().and_then(|at| at.file()),
        Some(path.display().to_string().as_str())
    );
}

#[cfg(not(feature = "xlsx"))]
#[test]
fn a_workbook_without_the_xlsx_feature_is_feature_disabled() {
    let dir = std::env::temp_dir().join(format!("needmatrix-vendor-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.xlsx");
    std::fs::write(&path, b"PK\x03\x04").unwrap();
    let error = Register::from_path(Matrix::reference(), &path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(error.code(), ErrorCode::FeatureDisabled);
    assert!(error.to_string().contains("`xlsx`"), "{error}");
}
