//! Every template in `examples/data` is read by the library as the README says it is: the set for
//! one force (its register, `regions.csv`, `provision.csv`, `elements.csv`,
//! `element_grades.csv`, `indicators.csv`, `costs.csv`) makes a national picture, a review from
//! registers and an action plan, and the areas template is the derived table of that review.
#![cfg(feature = "csv")]

use std::path::{Path, PathBuf};

use needmatrix::Matrix;
use needmatrix::national::NationalPicture;
use needmatrix::review::Review;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

/// A folder as `national_picture` and `national_review --registers` read it: the register
/// template as the force's register, and the regions template as `regions.csv`.
struct Folder(PathBuf);

impl Folder {
    fn new(tag: &str) -> Folder {
        let dir =
            std::env::temp_dir().join(format!("needmatrix-templates-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(data("register-template.csv"), dir.join("Wealdshire.csv")).unwrap();
        std::fs::copy(data("regions-template.csv"), dir.join("regions.csv")).unwrap();
        Folder(dir)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_force_templates_make_a_national_picture() {
    let folder = Folder::new("picture");
    let picture = NationalPicture::from_dir(Matrix::reference(), &folder.0).unwrap();
    let json: serde_json::Value = serde_json::from_str(&picture.to_json()).unwrap();
    // The register template's two assessments, one force in one region. By hand: SOC-01 is
    // major × likely = 16, + vulnerable victims 3 + cross border 2, − partnership 1.5 = 19.5,
    // − min(limited 4, good 12) = 15.5; PO-01 moderate × possible = 9, + community impact 2,
    // − resources 0.5 = 10.5, − min(adequate 8, adequate 8) = 2.5.
    let national = &json["national"]["overall"];
    assert_eq!(national["count"], 2, "{json}");
    assert_eq!(national["need_sum"], "18", "{json}");
    assert_eq!(json["regions"]["South"]["overall"], *national);
    assert_eq!(
        json["forces"]["Wealdshire"]["areas"]["serious_organised_crime"]["need_sum"],
        "15.5"
    );
    assert_eq!(
        json["forces"]["Wealdshire"]["areas"]["public_order"]["need_sum"],
        "2.5"
    );
}

#[test]
fn the_review_templates_review_the_force_from_its_register() {
    let folder = Folder::new("review");
    let review = Review::from_registers(
        Matrix::reference(),
        &folder.0,
        &data("provision-template.csv"),
        &data("elements-template.csv"),
    )
    .unwrap()
    .with_element_grades_path(&data("element-grades-template.csv"))
    .unwrap()
    .with_indicators_path(&data("indicators-template.csv"))
    .unwrap();
    // The derived areas table is the areas template, byte for byte: the template shows what
    // `--areas-out` writes and what `--areas` reads. By hand from the register template: SOC-01
    // is red in the top need band (high threat, high need), PO-01 public order a medium threat
    // and low need; every other area has no entry (no evidence).
    let areas = std::fs::read_to_string(data("areas-template.csv")).unwrap();
    assert_eq!(review.areas_csv(), areas);
    let json: serde_json::Value = serde_json::from_str(&review.to_json()).unwrap();
    assert_eq!(json["summary"]["forces"], 1, "{json}");
}

#[test]
fn the_areas_template_is_a_review_of_its_own() {
    let review = Review::from_paths(&data("areas-template.csv"), &data("elements-template.csv"))
        .unwrap()
        .with_element_grades_path(&data("element-grades-template.csv"))
        .unwrap()
        .with_indicators_path(&data("indicators-template.csv"))
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(&review.to_json()).unwrap();
    assert_eq!(json["summary"]["forces"], 1, "{json}");
}

#[test]
fn the_costs_template_prices_every_lever_of_the_reference_matrix() {
    let m = Matrix::reference();
    let costs = needmatrix::plan::Costs::from_path(m, data("costs-template.csv")).unwrap();
    for lever in [
        "capability",
        "capacity",
        "ameliorative.partnership",
        "ameliorative.resources",
    ] {
        for area in m.areas() {
            assert!(
                costs.step_cost(area.key(), lever).is_some(),
                "{} {lever}",
                area.key()
            );
        }
    }
    // An area's own row wins over `*`.
    assert_eq!(
        costs
            .step_cost("child_abuse", "capacity")
            .unwrap()
            .to_string(),
        "30000"
    );
    assert_eq!(
        costs
            .step_cost("major_crime", "capacity")
            .unwrap()
            .to_string(),
        "40000"
    );
}
