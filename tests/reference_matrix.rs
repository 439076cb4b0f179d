//! The built-in reference matrix is exactly SPEC §2's, and its fingerprint is the SHA-256 of
//! the canonical JSON written by hand from the spec.

use needmatrix::{AbilityRule, Grade, Matrix, RiskRule};
use sha2::{Digest, Sha256};

/// SPEC §2's reference matrix, written out by hand in canonical form (table order, no white
/// space, points as strings, labels from the key rule).
const CANONICAL: &str = concat!(
    r#"{"id":"reference","version":"1.0.0","title":"Reference protective services need matrix","#,
    r#""areas":[{"key":"serious_organised_crime","label":"Serious and organised crime"},"#,
    r#"{"key":"major_crime","label":"Major crime"},{"key":"civil_contingencies","label":"Civil contingencies"},"#,
    r#"{"key":"critical_incidents","label":"Critical incidents"},{"key":"public_order","label":"Public order"},"#,
    r#"{"key":"roads_policing","label":"Roads policing"},{"key":"domestic_abuse","label":"Domestic abuse"},"#,
    r#"{"key":"missing_persons","label":"Missing persons"},{"key":"child_abuse","label":"Child abuse"},"#,
    r#"{"key":"offender_management","label":"Sexual and violent offender management"}],"#,
    r#""impact":[{"key":"minimal","label":"Minimal","points":"1"},{"key":"minor","label":"Minor","points":"2"},"#,
    r#"{"key":"moderate","label":"Moderate","points":"3"},{"key":"major","label":"Major","points":"4"},"#,
    r#"{"key":"critical","label":"Critical","points":"5"}],"#,
    r#""probability":[{"key":"rare","label":"Rare","points":"1"},{"key":"unlikely","label":"Unlikely","points":"2"},"#,
    r#"{"key":"possible","label":"Possible","points":"3"},{"key":"likely","label":"Likely","points":"4"},"#,
    r#"{"key":"almost_certain","label":"Almost certain","points":"5"}],"#,
    r#""risk":"product","#,
    r#""weighting":[{"key":"vulnerable_victims","label":"Vulnerable victims","points":"3"},"#,
    r#"{"key":"repeat_victimisation","label":"Repeat victimisation","points":"2"},"#,
    r#"{"key":"community_impact","label":"Community impact","points":"2"},"#,
    r#"{"key":"cross_border","label":"Cross border","points":"2"},"#,
    r#"{"key":"public_confidence","label":"Public confidence","points":"1"},"#,
    r#"{"key":"emerging_trend","label":"Emerging trend","points":"1"}],"#,
    r#""ameliorative":[{"key":"partnership","label":"Partnership","max":"5"},{"key":"resources","label":"Resources","max":"5"}],"#,
    r#""capability":[{"key":"none","label":"None","points":"0"},{"key":"limited","label":"Limited","points":"4"},"#,
    r#"{"key":"adequate","label":"Adequate","points":"8"},{"key":"good","label":"Good","points":"12"},"#,
    r#"{"key":"strong","label":"Strong","points":"16"}],"#,
    r#""capacity":[{"key":"none","label":"None","points":"0"},{"key":"limited","label":"Limited","points":"4"},"#,
    r#"{"key":"adequate","label":"Adequate","points":"8"},{"key":"good","label":"Good","points":"12"},"#,
    r#"{"key":"strong","label":"Strong","points":"16"}],"#,
    r#""ability":"min","#,
    r#""threat_bands":[{"key":"none","label":"None","min":"0"},{"key":"low","label":"Low","min":"1"},"#,
    r#"{"key":"medium","label":"Medium","min":"8"},{"key":"high","label":"High","min":"16"}],"#,
    r#""need_bands":[{"key":"none","label":"None","min":"0"},{"key":"low","label":"Low","min":"1"},"#,
    r#"{"key":"medium","label":"Medium","min":"5"},{"key":"high","label":"High","min":"10"}],"#,
    r#""grades":[{"band":"high","grade":"red","months":3},{"band":"medium","grade":"amber","months":6},"#,
    r#"{"band":"low","grade":"green","months":12}],"#,
    r#""high_risk_band":"high"}"#
);

#[test]
fn reference_matrix_is_the_spec() {
    let m = Matrix::reference();
    assert_eq!(m.to_canonical_json(), CANONICAL);
    assert_eq!(m.label(), "reference@1.0.0");
    assert_eq!((m.id(), m.version()), ("reference", "1.0.0"));
    assert_eq!(m.title(), Some("Reference protective services need matrix"));
    assert_eq!(m.ability_rule(), AbilityRule::Min);
    assert_eq!(m.risk_rule(), &RiskRule::Product);
    assert_eq!(m.high_risk_band().key(), "high");
    assert_eq!(m.grades()[0].grade(), Grade::Red);
    assert_eq!(m.grades()[0].months(), 3);
    assert_eq!(
        m.areas()[9].display_label(),
        "Sexual and violent offender management"
    );
}

#[test]
fn a_matrix_without_a_title_has_none_and_keeps_its_id_and_version() {
    let json = CANONICAL
        .replace(
            r#""title":"Reference protective services need matrix","#,
            "",
        )
        .replace(r#""id":"reference""#, r#""id":"untitled""#)
        .replace(r#""version":"1.0.0""#, r#""version":"2.1""#);
    let m = Matrix::from_json_str(&json).unwrap();
    assert_eq!((m.id(), m.version(), m.title()), ("untitled", "2.1", None));
    assert_eq!(m.label(), "untitled@2.1");
}

#[test]
fn a_matrix_debugs_as_its_label_and_fingerprint_only() {
    let m = Matrix::reference();
    assert_eq!(
        format!("{m:?}"),
        format!(
            "Matrix {{ label: \"reference@1.0.0\", fingerprint: \"{}\", .. }}",
            m.fingerprint()
        )
    );
}

#[test]
fn fingerprint_is_sha256_of_the_canonical_json() {
    let digest = Sha256::digest(CANONICAL.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(Matrix::reference().fingerprint(), hex);
}

#[test]
fn canonical_json_reads_back_to_the_same_matrix() {
    let again = Matrix::from_json_str(CANONICAL).unwrap();
    assert_eq!(&again, Matrix::reference());
}

#[cfg(feature = "toml")]
#[test]
fn fingerprint_ignores_format_key_order_and_spelling_of_points() {
    // The same matrix in TOML, with keys in another order and points as integers or with
    // trailing zeros.
    let toml = r#"
version = "1.0.0"
id = "reference"
title = "Reference protective services need matrix"
ability = "min"
risk = "product"
high_risk_band = "high"
areas = [
  { label = "Serious and organised crime", key = "serious_organised_crime" },
  { key = "major_crime", label = "Major crime" },
  { key = "civil_contingencies", label = "Civil contingencies" },
  { key = "critical_incidents", label = "Critical incidents" },
  { key = "public_order", label = "Public order" },
  { key = "roads_policing", label = "Roads policing" },
  { key = "domestic_abuse", label = "Domestic abuse" },
  { key = "missing_persons", label = "Missing persons" },
  { key = "child_abuse", label = "Child abuse" },
  { key = "offender_management", label = "Sexual and violent offender management" },
]
impact = [
  { points = 1, key = "minimal", label = "Minimal" },
  { key = "minor", label = "Minor", points = "2.000" },
  { key = "moderate", label = "Moderate", points = 3 },
  { key = "major", label = "Major", points = 4 },
  { key = "critical", label = "Critical", points = 5 },
]
probability = [
  { key = "rare", label = "Rare", points = 1 },
  { key = "unlikely", label = "Unlikely", points = 2 },
  { key = "possible", label = "Possible", points = 3 },
  { key = "likely", label = "Likely", points = 4 },
  { key = "almost_certain", label = "Almost certain", points = 5 },
]
weighting = [
  { key = "vulnerable_victims", label = "Vulnerable victims", points = 3 },
  { key = "repeat_victimisation", label = "Repeat victimisation", points = 2 },
  { key = "community_impact", label = "Community impact", points = 2 },
  { key = "cross_border", label = "Cross border", points = 2 },
  { key = "public_confidence", label = "Public confidence", points = 1 },
  { key = "emerging_trend", label = "Emerging trend", points = 1 },
]
ameliorative = [
  { key = "partnership", label = "Partnership", max = "5.0" },
  { key = "resources", label = "Resources", max = 5 },
]
capability = [
  { key = "none", label = "None", points = 0 },
  { key = "limited", label = "Limited", points = 4 },
  { key = "adequate", label = "Adequate", points = 8 },
  { key = "good", label = "Good", points = 12 },
  { key = "strong", label = "Strong", points = 16 },
]
capacity = [
  { key = "none", label = "None", points = "0" },
  { key = "limited", label = "Limited", points = "4" },
  { key = "adequate", label = "Adequate", points = "8" },
  { key = "good", label = "Good", points = "12" },
  { key = "strong", label = "Strong", points = "16" },
]
threat_bands = [
  { key = "none", label = "None", min = 0 },
  { key = "low", label = "Low", min = 1 },
  { key = "medium", label = "Medium", min = 8 },
  { key = "high", label = "High", min = 16 },
]
need_bands = [
  { key = "none", label = "None", min = 0 },
  { key = "low", label = "Low", min = 1 },
  { key = "medium", label = "Medium", min = 5 },
  { key = "high", label = "High", min = 10 },
]
grades = [
  { months = 3, band = "high", grade = "red" },
  { band = "medium", grade = "amber", months = 6 },
  { band = "low", grade = "green", months = 12 },
]
"#;
    let m = Matrix::from_toml_str(toml).unwrap();
    assert_eq!(m.fingerprint(), Matrix::reference().fingerprint());
}

/// `examples/data/matrix.toml`, the matrix to copy and edit, is the reference matrix: it loads
/// to the same fingerprint. Regenerate with `NEEDMATRIX_BLESS=1 cargo test --test reference_matrix`.
#[cfg(feature = "toml")]
#[test]
fn the_example_matrix_to_copy_is_the_reference_matrix() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/matrix.toml");
    if std::env::var_os("NEEDMATRIX_BLESS").is_some() {
        std::fs::write(&path, Matrix::reference().to_toml()).unwrap();
    }
    let m = Matrix::from_path(&path).unwrap();
    assert_eq!(m.fingerprint(), Matrix::reference().fingerprint());
}

/// `examples/data/register-template.csv` has every column a register may have, and scores.
#[cfg(feature = "csv")]
#[test]
fn the_register_template_has_every_column_and_scores() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data/register-template.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    for field in [
        "id",
        "area",
        "impact",
        "probability",
        "weighting",
        "ameliorative.partnership",
        "ameliorative.resources",
        "capability",
        "capacity",
        "measure_in_place",
        "assessed_on",
        "lead_high_risk",
        "confidence",
        "standard",
        "description",
        "action",
        "owner",
        "manager",
    ] {
        assert!(header.contains(&field), "the template lacks {field}");
    }
    let register = needmatrix::Register::from_path(Matrix::reference(), &path).unwrap();
    assert!(register.score(Matrix::reference()).unwrap().entries().len() >= 2);
}
