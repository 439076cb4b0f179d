//! The examples as a person drives them: `--help`, `--flag=value`, typos, missing values,
//! non-UTF-8 paths, refusals on standard error only, and a full disk that is not success.
//! (Cargo builds the examples for the test run; they sit next to this test's own binary.)

#![cfg(all(feature = "csv", feature = "heatmap", feature = "vectors"))]

use std::path::PathBuf;
use std::process::{Command, Output};

fn example(name: &str) -> Command {
    let mut dir = std::env::current_exe().unwrap();
    dir.pop(); // the test binary
    if dir.ends_with("deps") {
        dir.pop();
    }
    let path: PathBuf = dir.join("examples").join(name);
    assert!(path.exists(), "{} is built by `cargo test`", path.display());
    Command::new(path)
}

fn run(name: &str, args: &[&str]) -> Output {
    example(name).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_is_success_and_names_every_flag() {
    for name in [
        "microanalysis",
        "national_picture",
        "national_review",
        "action_plan",
        "conformance",
        "lint_matrix",
        "bulk",
    ] {
        let out = run(name, &["--help"]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        assert!(
            text(&out.stdout).starts_with(&format!("usage: {name}")),
            "{name}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn a_typo_gets_the_usage_and_the_nearest_flag_and_nothing_on_stdout() {
    let out = run("microanalysis", &["--fromat", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("did you mean `--format`?") && err.contains("usage: microanalysis"),
        "{err}"
    );
}

#[test]
fn flag_equals_value_works_and_a_missing_value_is_refused() {
    let out = run("microanalysis", &["--format=json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).trim_start().starts_with('{'));
    let out = run("microanalysis", &["--format"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = run("action_plan", &["--as-of", "2008-02-30"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[cfg(unix)]
#[test]
fn a_non_utf8_path_is_read_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let name = std::ffi::OsStr::from_bytes(b"reg\xff.csv");
    std::fs::write(
        dir.join(name),
        "id,area,impact,probability,capability,capacity\na,major_crime,major,likely,none,none\n",
    )
    .unwrap();
    let out = example("microanalysis")
        .arg(dir.join(name))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 assessments"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_refused_matrix_goes_to_stderr_only() {
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-m-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.json");
    std::fs::write(&path, "{\"id\": \"x\"}").unwrap();
    let out = run("lint_matrix", &[path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("error [missing_field]"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_not_success() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = example("microanalysis").stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("cannot write to standard output"));
}

#[test]
fn bulk_refuses_a_size_it_cannot_hold_instead_of_aborting() {
    let out = run("bulk", &["--n", "18446744073709551615"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = run("bulk", &["--n", "-5"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn action_plan_with_costs_a_budget_and_a_review_period() {
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let register = dir.join("register.csv");
    std::fs::write(
        &register,
        "id,area,impact,probability,capability,capacity,assessed_on,lead_high_risk\n\
         a,major_crime,major,likely,strong,none,2008-01-31,false\n\
         b,public_order,moderate,likely,none,none,2008-06-30,true\n",
    )
    .unwrap();
    let costs = dir.join("costs.csv");
    std::fs::write(&costs, "area,lever,cost\n*,capacity,1000\n").unwrap();
    let (r, c) = (register.to_str().unwrap(), costs.to_str().unwrap());
    let out = run(
        "action_plan",
        &[
            r,
            "--as-of",
            "2009-02-15",
            "--review-months",
            "12",
            "--costs",
            c,
            "--budget",
            "2000",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The lead judged a (threat band high) not high risk and b (medium) high: b is the high
    // need, so first; a was assessed over a year before.
    assert_eq!(json["plan"][0]["id"], "b");
    assert_eq!(json["review_overdue"], serde_json::json!(["a"]));
    // a: capacity none → adequate, two steps of 1000; b has no costed option.
    assert_eq!(
        json["budget"],
        serde_json::json!({"budget": "2000", "spent": "2000", "remaining": "0",
            "funded": [{"id": "a", "lever": "capacity", "to": "adequate", "cost": "2000"}],
            "unfunded": [{"id": "b", "reason": "uncosted"}]})
    );
    // Markdown in plain words.
    let out = run("action_plan", &[r, "--costs", c, "--budget", "2000"]);
    let md = text(&out.stdout);
    assert!(
        md.contains("- Fund: raise capacity in major crime to adequate for a (£2,000)"),
        "{md}"
    );
    assert!(
        md.contains("the national lead judged the risk high"),
        "{md}"
    );
    // A bad costs file is refused on stderr, naming file, line and field; a bad budget or a
    // review period without a date is a usage error.
    std::fs::write(&costs, "area,lever,cost\n*,capacity,1000\n*,capacity,5\n").unwrap();
    let out = run("action_plan", &[r, "--costs", c]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("duplicate_key") && err.contains("costs.csv") && err.contains("line 3"),
        "{err}"
    );
    let out = run("action_plan", &[r, "--budget", "1e6"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--budget"));
    let out = run("action_plan", &[r, "--review-months", "6"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn national_review_from_registers_writes_an_areas_file_that_reads_back() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let areas_out = dir.join("areas.csv");
    let data = |p: &str| format!("{root}/examples/data/{p}");
    let (registers, provision, elements, indicators) = (
        data("national"),
        data("review/registers/provision.csv"),
        data("review/registers/elements.csv"),
        data("review/registers/indicators.csv"),
    );
    let out = run(
        "national_review",
        &[
            "--registers",
            &registers,
            "--provision",
            &provision,
            "--elements",
            &elements,
            "--indicators",
            &indicators,
            "--areas-out",
            areas_out.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["forces"], 6);
    assert_eq!(json["areas"].as_array().unwrap().len(), 60);
    assert!(!json["collaboration"].as_array().unwrap().is_empty());
    assert!(!json["markers"].as_array().unwrap().is_empty());
    let back = run(
        "national_review",
        &[
            "--areas",
            areas_out.to_str().unwrap(),
            "--elements",
            &elements,
            "--format",
            "json",
        ],
    );
    assert_eq!(back.status.code(), Some(0), "{}", text(&back.stderr));
    let back: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    assert_eq!(back["tables"], json["tables"]);
    // A provision file with a row missing: refused on stderr with the force and area.
    let short = dir.join("provision.csv");
    let full = std::fs::read_to_string(&provision).unwrap();
    std::fs::write(&short, full.lines().take(30).collect::<Vec<_>>().join("\n")).unwrap();
    let out = run(
        "national_review",
        &[
            "--registers",
            &registers,
            "--provision",
            short.to_str().unwrap(),
            "--elements",
            &elements,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("incomplete_review") && err.contains("provision.csv"),
        "{err}"
    );
    // Flags that do not go together.
    let out = run("national_review", &["--provision", &provision]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Any arguments, as a careless or hostile user types them: every example ends with status 0,
/// 1 or 2, never a panic, and a refusal (2) writes nothing on standard output.
#[cfg(unix)]
mod any_arguments {
    use std::ffi::OsString;
    use std::os::unix::ffi::OsStringExt;

    use proptest::prelude::*;

    use super::{example, text};

    /// Flags of every example, typos, and values that are wrong in every way but costly: no
    /// folder to walk, no huge count.
    const TOKENS: &[&str] = &[
        "--format",
        "--matrix",
        "--as-of",
        "--heatmap",
        "--summary",
        "--compare",
        "--costs",
        "--budget",
        "--review-months",
        "--areas",
        "--elements",
        "--registers",
        "--provision",
        "--element-grades",
        "--indicators",
        "--areas-out",
        "--emit",
        "--n",
        "--seed",
        "--threads",
        "--fromat",
        "--",
        "-",
        "-x",
        "--format=",
        "--n=",
        "json",
        "csv",
        "text",
        "markdown",
        "2008-02-30",
        "2009-12-31",
        "-1",
        "0",
        "1e3",
        "12",
        "99999999999999999999",
        "/nonexistent/x.csv",
        "/nonexistent/out.svg",
        "/dev/null",
        "",
        "é",
        "\u{1b}[2J",
    ];

    fn argument() -> impl Strategy<Value = OsString> {
        prop_oneof![
            20 => prop::sample::select(TOKENS).prop_map(OsString::from),
            1 => Just(OsString::from_vec(b"reg\xff.csv".to_vec())),
            1 => Just(OsString::from_vec(vec![0xc3])),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn no_arguments_make_an_example_panic(
            name in prop::sample::select(&[
                "microanalysis", "national_picture", "national_review", "action_plan",
                "conformance", "lint_matrix", "bulk",
            ][..]),
            args in prop::collection::vec(argument(), 0..6),
        ) {
            // In a folder of its own: an argument may name a file to write.
            let dir = std::env::temp_dir().join(format!("needmatrix-any-args-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let out = example(name).current_dir(&dir).args(&args).output().unwrap();
            let err = text(&out.stderr);
            prop_assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{name} {args:?}: status {:?}\n{err}", out.status
            );
            prop_assert!(!err.contains("panicked"), "{name} {args:?}: {err}");
            // `conformance` reports failing or unreadable vector files on standard output,
            // its last line `N passed, M failed`, with status 2: a result, not a refusal.
            if out.status.code() == Some(2) && name != "conformance" {
                prop_assert!(out.stdout.is_empty(), "{name} {args:?}: output on a refusal");
            }
        }
    }
}

#[test]
fn action_plan_takes_an_ameliorative_step_and_refuses_a_bad_one() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let path = |name: &str| data.join(name).to_str().unwrap().to_owned();
    let (current, earlier, costs) = (
        path("wealdshire_register_2009.csv"),
        path("wealdshire_register.csv"),
        path("wealdshire_costs.csv"),
    );
    let out = run(
        "action_plan",
        &[
            &current,
            "--compare",
            &earlier,
            "--costs",
            &costs,
            "--as-of",
            "2010-03-31",
            "--budget",
            "60000",
            "--ameliorative-step",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The independent model's figures for the same inputs (tools/vectors/plans.py).
    let vector: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plans/wealdshire-step-1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(got["budget"], vector["expect"]["budget"]);
    for bad in ["0", "5.5", "0.00001", "half", "-1"] {
        let out = run("action_plan", &["--ameliorative-step", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}");
        let err = text(&out.stderr);
        assert!(err.contains("--ameliorative-step"), "{bad}: {err}");
        assert!(
            err.contains("error [out_of_range]") || err.contains("error [parse]"),
            "{bad}: {err}"
        );
    }
}

/// `microanalysis` takes its own scored CSV as a register: unedited, it writes the same bytes
/// and warns of nothing; with an input edited, it warns once on stderr, counted, and scores
/// from the inputs, in every format.
#[test]
fn a_scored_csv_given_back_to_microanalysis_is_scored_again() {
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-rescore-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let first = run("microanalysis", &["--format", "csv"]);
    assert!(first.status.success());
    let scored = dir.join("scored.csv");
    std::fs::write(&scored, &first.stdout).unwrap();
    let again = run(
        "microanalysis",
        &[scored.to_str().unwrap(), "--format", "csv"],
    );
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), text(&first.stdout));
    assert!(
        !text(&again.stderr).contains("warning"),
        "{}",
        text(&again.stderr)
    );
    // Edit the first entry's impact down to minimal in the scored file.
    let csv = text(&first.stdout);
    let second_line = csv.lines().nth(1).unwrap();
    let cells: Vec<&str> = second_line.split(',').collect();
    let mut edited_cells = cells.clone();
    edited_cells[3] = "minimal";
    let edited = csv.replacen(second_line, &edited_cells.join(","), 1);
    let path = dir.join("edited.csv");
    std::fs::write(&path, &edited).unwrap();
    for format in ["csv", "json", "text"] {
        let out = run(
            "microanalysis",
            &[path.to_str().unwrap(), "--format", format],
        );
        let err = text(&out.stderr);
        assert!(out.status.success(), "{format}: {err}");
        assert_eq!(err.matches("warning: ").count(), 1, "{format}: {err}");
        assert!(
            err.contains("derived values given differ") && err.contains(cells[1]),
            "{format}: {err}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The worked crosswalk example's files (SPEC §14), by path.
fn crosswalk_data(name: &str) -> String {
    format!(
        "{}/examples/data/crosswalk/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The worked example's crosswalk and matrix B, and the reference matrix's file (A).
fn worked_files() -> (String, String, String) {
    (
        crosswalk_data("reference-to-national-2.0.0.json"),
        crosswalk_data("national-2.0.0.json"),
        format!("{}/src/matrix/reference.json", env!("CARGO_MANIFEST_DIR")),
    )
}

#[test]
fn microanalysis_scores_a_register_of_a_under_b_through_a_crosswalk() {
    use needmatrix::crosswalk::Crosswalk;
    use needmatrix::{Matrix, Register};
    let register = format!(
        "{}/examples/data/wealdshire_register.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let (cw, b, reference) = worked_files();
    // The register through the worked crosswalk into B, with the flags that follow.
    let translated = |extra: &[&str]| {
        let mut args = vec![register.as_str(), "--crosswalk", &cw, "--matrix", &b];
        args.extend_from_slice(extra);
        run("microanalysis", &args)
    };
    let with = |format: &str| {
        let out = translated(&["--format", format]);
        assert!(out.status.success(), "{format}: {}", text(&out.stderr));
        text(&out.stdout)
    };
    // The library's translation, scored under B, is what every format shows.
    let national = Matrix::from_path(&b).unwrap();
    let crosswalk = Crosswalk::from_path(&cw, Matrix::reference(), &national).unwrap();
    let scored = Register::from_path(Matrix::reference(), &register)
        .unwrap()
        .translate(&crosswalk)
        .unwrap()
        .scored()
        .unwrap();
    assert_eq!(with("json"), scored.to_json() + "\n");
    assert_eq!(with("csv"), needmatrix::report::register_csv(&scored));
    let report = with("text");
    assert!(report.starts_with("Matrix national@2.0.0"), "{report}");
    assert!(
        report.contains("\n    impact critical → severe\n"),
        "{report}"
    );
    // --from-matrix names A explicitly; the TOML crosswalk reads the same.
    let toml = crosswalk_data("reference-to-national-2.0.0.toml");
    let out = run(
        "microanalysis",
        &[
            &register,
            "--crosswalk",
            &toml,
            "--matrix",
            &b,
            "--from-matrix",
            &reference,
            "--format",
            "json",
        ],
    );
    assert_eq!(text(&out.stdout), with("json"));
    // The workbook holds the register of B: read back under B, it scores as the JSON says.
    let xlsx = std::env::temp_dir().join(format!("needmatrix-cli-cw-{}.xlsx", std::process::id()));
    let out = translated(&["--xlsx", xlsx.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let back = Register::from_path(&national, &xlsx)
        .unwrap()
        .scored()
        .unwrap();
    assert_eq!(back.to_json(), scored.to_json());
    std::fs::remove_file(&xlsx).unwrap();
}

#[test]
fn a_crosswalk_refused_or_half_given_is_an_error_on_stderr_only() {
    let (cw, b, reference) = worked_files();
    let out = run("microanalysis", &["--crosswalk", &cw]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("--crosswalk needs --matrix"));
    let out = run("microanalysis", &["--from-matrix", &b]);
    assert_eq!(out.status.code(), Some(2));
    // An incomplete crosswalk, named by map and key.
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-cw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("cw.json");
    let text_of = std::fs::read_to_string(&cw).unwrap();
    std::fs::write(&broken, text_of.replace("\"minor\": \"low\",", "")).unwrap();
    let out = run(
        "microanalysis",
        &["--crosswalk", broken.to_str().unwrap(), "--matrix", &b],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("[crosswalk_incomplete]") && err.contains("impact.minor"),
        "{err}"
    );
    // lint_matrix refuses it too, with status 2.
    let out = run(
        "lint_matrix",
        &["--crosswalk", broken.to_str().unwrap(), &reference, &b],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("[crosswalk_incomplete]"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn lint_matrix_warns_order_reversed_for_a_crosswalk() {
    let (cw, b, reference) = worked_files();
    let out = run("lint_matrix", &["--crosswalk", &cw, &reference, &b]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "crosswalk reference@1.0.0 → national@2.0.0: clean, no warnings\n"
    );
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reversed = dir.join("reversed.json");
    let text_of = std::fs::read_to_string(&cw).unwrap();
    std::fs::write(
        &reversed,
        text_of.replacen("\"rare\": \"remote\"", "\"rare\": \"possible\"", 1),
    )
    .unwrap();
    let out = run(
        "lint_matrix",
        &["--crosswalk", reversed.to_str().unwrap(), &reference, &b],
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("warning [order_reversed]: the crosswalk's `probability` map"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "`unlikely` reaches `unlikely`, below `possible`, which the lower `rare` reaches"
        ),
        "{stdout}"
    );
    let out = run("lint_matrix", &["--crosswalk", &cw, &reference]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn action_plan_and_national_picture_work_across_a_revision() {
    let (cw, b, _) = worked_files();
    let data = |p: &str| format!("{}/examples/data/{p}", env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("needmatrix-cli-rev-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The 2009 register rewritten under B (its scored CSV is a register of B).
    let after = dir.join("after.csv");
    let out = run(
        "microanalysis",
        &[
            &data("wealdshire_register_2009.csv"),
            "--crosswalk",
            &cw,
            "--matrix",
            &b,
            "--format",
            "csv",
        ],
    );
    assert!(out.status.success());
    std::fs::write(&after, &out.stdout).unwrap();
    let out = run(
        "action_plan",
        &[
            after.to_str().unwrap(),
            "--compare",
            &data("wealdshire_register.csv"),
            "--crosswalk",
            &cw,
            "--matrix",
            &b,
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["matrix"], "national@2.0.0");
    assert!(plan["progress"].is_object(), "{plan}");
    // Without a crosswalk the two registers are of different matrices: refused.
    let out = run(
        "action_plan",
        &[
            after.to_str().unwrap(),
            "--compare",
            &data("wealdshire_register.csv"),
            "--matrix",
            &b,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        "action_plan",
        &[after.to_str().unwrap(), "--crosswalk", &cw, "--matrix", &b],
    );
    assert_eq!(out.status.code(), Some(2));

    // A national folder with one force moved to B: the others are translated, and named.
    let national = dir.join("national");
    std::fs::create_dir_all(&national).unwrap();
    for force in ["Wealdshire.csv", "Fenmarsh.jsonl", "Ravensdale.csv"] {
        std::fs::copy(data(&format!("national/{force}")), national.join(force)).unwrap();
    }
    let out = run(
        "microanalysis",
        &[
            &data("national/Castleton.csv"),
            "--crosswalk",
            &cw,
            "--matrix",
            &b,
            "--format",
            "csv",
        ],
    );
    std::fs::write(national.join("Castleton.csv"), &out.stdout).unwrap();
    std::fs::write(
        national.join("regions.csv"),
        "force,region\nWealdshire,South\nFenmarsh,East\nCastleton,East\nRavensdale,North\n",
    )
    .unwrap();
    let dir_arg = national.to_str().unwrap();
    let out = run(
        "national_picture",
        &[dir_arg, "--crosswalk", &cw, "--matrix", &b],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Translated from reference@1.0.0 through a crosswalk (SPEC §14): Fenmarsh, Ravensdale, Wealdshire\n"),
        "{}",
        text(&out.stdout)
    );
    let out = run(
        "national_picture",
        &[
            dir_arg,
            "--crosswalk",
            &cw,
            "--matrix",
            &b,
            "--format",
            "json",
        ],
    );
    let picture: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(picture["matrix"], "national@2.0.0");
    assert_eq!(picture["translated"]["from"], "reference@1.0.0");
    assert_eq!(picture["translated"]["forces"].as_array().unwrap().len(), 3);
    // Without the crosswalk, the forces on A are refused under B.
    let out = run("national_picture", &[dir_arg, "--matrix", &b]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
