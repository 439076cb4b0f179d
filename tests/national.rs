//! The national picture (roll-ups), refusal of mixed matrices, directories, and the heat map.

#![cfg(all(feature = "csv", feature = "heatmap"))]

use std::path::PathBuf;

use needmatrix::heatmap::HeatMap;
use needmatrix::national::NationalPicture;
use needmatrix::{Matrix, Register, RegisterFormat};
use serde_json::{Value, json};

fn csv_register(prefix: &str, rows: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut s = String::from("id,area,impact,probability,capability,capacity,assessed_on\n");
    for (n, (area, i, p, cap, cty)) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{prefix}{n},{area},{i},{p},{cap},{cty},2008-01-31\n"
        ));
    }
    s
}

fn forces() -> Vec<(&'static str, &'static str, String)> {
    vec![
        (
            "Alpha",
            "North",
            csv_register(
                "a",
                &[
                    ("major_crime", "critical", "likely", "none", "limited"),
                    ("public_order", "minor", "rare", "good", "good"),
                ],
            ),
        ),
        (
            "Bravo",
            "North",
            csv_register(
                "b",
                &[
                    ("major_crime", "major", "likely", "limited", "limited"),
                    ("child_abuse", "critical", "almost_certain", "none", "none"),
                ],
            ),
        ),
        (
            "Charlie",
            "South",
            csv_register(
                "c",
                &[("child_abuse", "moderate", "possible", "limited", "adequate")],
            ),
        ),
    ]
}

fn picture() -> NationalPicture {
    let m = Matrix::reference();
    let mut p = NationalPicture::new(m);
    for (force, region, text) in forces() {
        p.add_register(
            force,
            region,
            &Register::from_text(m, &text, RegisterFormat::Csv).unwrap(),
        )
        .unwrap();
    }
    p
}

#[test]
fn the_nation_equals_one_register_of_every_entry() {
    let m = Matrix::reference();
    let mut all = String::from("id,area,impact,probability,capability,capacity,assessed_on\n");
    for (_, _, text) in forces() {
        all.extend(text.lines().skip(1).map(|l| format!("{l}\n")));
    }
    let whole = Register::from_text(m, &all, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let p = picture();
    assert_eq!(
        serde_json::to_value(p.national()).unwrap(),
        serde_json::to_value(whole.summary()).unwrap()
    );
    let v: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(v["matrix"], json!("reference@1.0.0"));
    assert_eq!(v["fingerprint"], json!(m.fingerprint()));
    assert_eq!(v["regions"]["North"]["overall"]["count"], json!(4));
    assert_eq!(v["regions"]["South"]["overall"]["count"], json!(1));
    assert_eq!(v["forces"]["Bravo"]["areas"].as_object().unwrap().len(), 10);
    assert_eq!(v["national"]["overall"]["count"], json!(5));
}

#[test]
fn area_ranking_orders_forces_and_shares_need() {
    let p = picture();
    // major_crime: Alpha 5×4 − 0 = 20 need; Bravo 16 − 4 = 12. Shares 62.5% and 37.5%.
    let r = p.area_ranking("major_crime");
    assert_eq!(r[0].force, "Alpha");
    assert_eq!(r[0].need.to_string(), "20");
    assert_eq!(r[0].share_percent.to_string(), "62.5");
    assert_eq!(r[1].share_percent.to_string(), "37.5");
    assert_eq!(r[2].share_percent.to_string(), "0");
}

#[test]
fn scored_registers_roll_up_like_raw_ones_and_mixed_matrices_are_refused() {
    let m = Matrix::reference();
    let mut from_scored = NationalPicture::new(m);
    for (force, region, text) in forces() {
        let scored = Register::from_text(m, &text, RegisterFormat::Csv)
            .unwrap()
            .score(m)
            .unwrap();
        from_scored
            .add_scored_json(force, region, &scored.to_json())
            .unwrap();
    }
    assert_eq!(from_scored.to_json(), picture().to_json());

    // A second matrix: the same but mean ability.
    let mut v: Value = serde_json::from_str(&m.to_canonical_json()).unwrap();
    v["ability"] = json!("mean");
    let other = Matrix::from_json_str(&v.to_string()).unwrap();
    let (force, region, text) = &forces()[0];
    let theirs = Register::from_text(&other, text, RegisterFormat::Csv)
        .unwrap()
        .score(&other)
        .unwrap();
    let ours = Register::from_text(m, &forces()[1].2, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();

    let mut p = NationalPicture::new(&other);
    p.add_scored_json(force, region, &theirs.to_json()).unwrap();
    let e = p
        .add_scored_json("Bravo", "North", &ours.to_json())
        .unwrap_err();
    assert_eq!(e.code().as_str(), "matrix_mismatch");
    let text = e.to_string();
    for needle in ["Alpha", "Bravo", other.fingerprint(), m.fingerprint()] {
        assert!(text.contains(needle), "`{text}` names {needle}");
    }
    // A scored register of another matrix than the picture's is refused too.
    let mut p = NationalPicture::new(m);
    let e = p
        .add_scored_json(force, region, &theirs.to_json())
        .unwrap_err();
    assert_eq!(e.code().as_str(), "matrix_mismatch");
    assert!(e.to_string().contains(other.fingerprint()));
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("needmatrix-national-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_directory_of_registers_in_every_format() {
    let m = Matrix::reference();
    let dir = temp_dir("ok");
    let f = forces();
    std::fs::write(
        dir.join("regions.csv"),
        "region,force\nNorth,Alpha\nNorth,Bravo\nSouth,Charlie\n",
    )
    .unwrap();
    std::fs::write(dir.join("Alpha.csv"), &f[0].2).unwrap();
    let bravo = Register::from_text(m, &f[1].2, RegisterFormat::Csv).unwrap();
    let jsonl: String = bravo
        .assessments()
        .iter()
        .map(|a| serde_json::to_string(a).unwrap() + "\n")
        .collect();
    std::fs::write(dir.join("Bravo.jsonl"), jsonl).unwrap();
    let charlie = Register::from_text(m, &f[2].2, RegisterFormat::Csv).unwrap();
    std::fs::write(
        dir.join("Charlie.json"),
        charlie.score(m).unwrap().to_json(),
    )
    .unwrap();
    std::fs::write(dir.join("README.txt"), "not a register").unwrap();
    let p = NationalPicture::from_dir(m, &dir).unwrap();
    assert_eq!(p.to_json(), picture().to_json());
    assert_eq!(p.unmapped(), ["Charlie"]);

    // A force missing from regions.csv.
    std::fs::write(dir.join("Delta.csv"), &f[0].2).unwrap();
    let e = NationalPicture::from_dir(m, &dir).unwrap_err();
    assert!(
        e.to_string().contains("Delta") && e.to_string().contains("regions.csv"),
        "{e}"
    );
    std::fs::remove_file(dir.join("Delta.csv")).unwrap();

    // The same force twice.
    std::fs::write(dir.join("Alpha.jsonl"), "").unwrap();
    let e = NationalPicture::from_dir(m, &dir).unwrap_err();
    assert_eq!(e.code().as_str(), "duplicate_key");
    assert!(e.to_string().contains("Alpha"), "{e}");
    std::fs::remove_file(dir.join("Alpha.jsonl")).unwrap();

    // A duplicate id within a force names the file.
    std::fs::write(
        dir.join("Alpha.csv"),
        f[0].2.clone() + "a0,public_order,minor,rare,good,good,\n",
    )
    .unwrap();
    let e = NationalPicture::from_dir(m, &dir).unwrap_err();
    assert_eq!(e.code().as_str(), "duplicate_id");
    assert!(e.to_string().contains("Alpha.csv"), "{e}");

    // A force listed twice in regions.csv.
    std::fs::write(
        dir.join("regions.csv"),
        "force,region\nAlpha,North\nAlpha,South\n",
    )
    .unwrap();
    let e = NationalPicture::from_dir(m, &dir).unwrap_err();
    assert_eq!(e.code().as_str(), "duplicate_key");
    assert!(e.to_string().contains("line 3"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_heat_map_is_xml_with_one_cell_per_grid_cell_adding_up_to_the_register() {
    let m = Matrix::reference();
    let p = picture();
    let svg = p.heatmap().to_svg();
    let doc = roxmltree::Document::parse(&svg).expect("the heat map parses as XML");
    let cells: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("cell"))
        .collect();
    assert_eq!(cells.len(), m.impact().len() * m.probability().len());
    let total: usize = cells
        .iter()
        .map(|c| c.attribute("data-count").unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, 5);
    // The cell major × likely holds Bravo's b0 and is in band high, with its initial printed.
    let cell = cells
        .iter()
        .find(|c| {
            c.attribute("data-impact") == Some("major")
                && c.attribute("data-probability") == Some("likely")
        })
        .unwrap();
    assert_eq!(cell.attribute("data-band"), Some("high"));
    assert_eq!(cell.attribute("data-count"), Some("1"));
    let texts: Vec<&str> = cell
        .descendants()
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(texts.contains(&"H") && texts.contains(&"1"), "{texts:?}");
    assert!(svg.contains("reference@1.0.0") && svg.contains(&m.fingerprint()[..12]));
    // Axis labels from the level labels, and a legend.
    assert!(svg.contains("Almost certain") && svg.contains("Critical") && svg.contains("legend"));
    let mut merged = HeatMap::new(m);
    merged.merge(p.heatmap()).unwrap();
    assert_eq!(merged.total(), 5);
}

/// The picture's accessors by hand: each force's region, one region's summary, the nation's
/// entries in priority order across forces (a tie between forces broken by force name), and
/// the JSON written to a writer equal to `to_json`.
#[test]
fn the_pictures_accessors_say_what_was_added() {
    let m = Matrix::reference();
    let one = |id: &str, impact: &str| {
        let csv = format!(
            "id,area,impact,probability,capability,capacity\n{id},major_crime,{impact},likely,none,none\n"
        );
        Register::from_text(m, &csv, RegisterFormat::Csv).unwrap()
    };
    let mut picture = NationalPicture::new(m);
    // need: critical × likely = 20; major × likely = 16 (twice, with one id: a tie between
    // forces that only their names break).
    picture
        .add_register("Zed", "North", &one("x", "major"))
        .unwrap();
    picture
        .add_register("Ash", "South", &one("x", "major"))
        .unwrap();
    picture
        .add_register("Moor", "North", &one("m", "critical"))
        .unwrap();
    assert_eq!(picture.force_region("Ash"), Some("South"));
    assert_eq!(picture.force_region("Nowhere"), None);
    let north = picture.region("North").unwrap();
    assert_eq!(north.overall().count(), 2);
    assert_eq!(north.overall().need_sum().to_string(), "36");
    assert_eq!(picture.region("South").unwrap().overall().count(), 1);
    assert!(picture.region("East").is_none());
    let order: Vec<(&str, &str, String)> = picture
        .prioritised()
        .into_iter()
        .map(|(force, o)| (force, o.id(), o.need().to_string()))
        .collect();
    assert_eq!(
        order,
        [
            ("Moor", "m", "20".to_owned()),
            ("Ash", "x", "16".to_owned()),
            ("Zed", "x", "16".to_owned()),
        ]
    );
    let mut written = Vec::new();
    picture.write_json(&mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), picture.to_json());
    assert!(picture.to_json().contains("\"North\""));
}

/// The national picture's text view by hand: its headline, the regions table, need by area and
/// force with the force of the largest share (a dash where no force has need), the top high-need
/// entries nationally in priority order, and the note naming forces given as scored registers.
#[test]
fn the_national_report_says_what_the_picture_holds() {
    let m = Matrix::reference();
    let register = |rows: &[(&str, &str, &str, &str)]| {
        let mut csv = String::from("id,area,impact,probability,capability,capacity\n");
        for (id, area, impact, ability) in rows {
            csv.push_str(&format!(
                "{id},{area},{impact},likely,{ability},{ability}\n"
            ));
        }
        Register::from_text(m, &csv, RegisterFormat::Csv).unwrap()
    };
    let mut picture = NationalPicture::new(m);
    // Ash (South): a1 critical × likely = 20, no ability: need 20, red, high threat: high need.
    // a2 minor × likely = 8 − 4 = 4, green. Moor (North): m1 major × likely = 16 − 0: high need.
    picture
        .add_register(
            "Ash",
            "South",
            &register(&[
                ("a1", "major_crime", "critical", "none"),
                ("a2", "public_order", "minor", "limited"),
            ]),
        )
        .unwrap();
    picture
        .add_register(
            "Moor",
            "North",
            &register(&[("m1", "major_crime", "major", "none")]),
        )
        .unwrap();
    // Fen (North) given scored: on the picture, not on the heat map.
    let fen = register(&[("f1", "child_abuse", "minor", "none")])
        .scored()
        .unwrap();
    picture
        .add_scored_json("Fen", "North", &fen.to_json())
        .unwrap();
    let text = needmatrix::report::national_report(&picture, 10);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let has = |want: &str| {
        assert!(
            lines.iter().any(|l| l == want),
            "no line {want:?} in\n{text}"
        );
    };
    assert!(
        lines[0].starts_with(
            "National picture: 3 forces, 4 assessments, 2 high need (matrix reference@1.0.0"
        ),
        "{}",
        lines[0]
    );
    // Regions: North holds Moor and Fen (need 16 and minor × likely = 8), South holds Ash.
    has("North 2 2 1 1 24 12");
    has("South 1 2 1 1 24 12");
    // Need by area and force (columns Ash, Fen, Moor, nation, largest share).
    has("major_crime 20 0 16 36 Ash (55.56%)");
    has("public_order 4 0 0 4 Ash (100%)");
    has("child_abuse 0 8 0 8 Fen (100%)");
    has("roads_policing 0 0 0 0 -");
    // Numbers are right-aligned under their headers, the largest share left-aligned under its.
    let raw: Vec<&str> = text.lines().collect();
    let header = raw
        .iter()
        .position(|l| l.starts_with("area") && l.contains("largest share"))
        .unwrap();
    let head = raw[header];
    for row in raw.iter().skip(header + 2).take(m.areas().len()) {
        for name in ["Ash", "Fen", "Moor", "nation"] {
            let end = head.find(name).unwrap() + name.len();
            let digit = row.as_bytes()[end - 1];
            assert!(digit.is_ascii_digit(), "{name} in {row:?}");
        }
        let share = head.find("largest share").unwrap();
        assert!(
            row.as_bytes()[share - 1] == b' ' && row.as_bytes()[share] != b' ',
            "{row:?}"
        );
    }
    // Top high-need entries: a1 (need 20) then m1 (16); f1 (need 8) is amber, no high need.
    has("Top 2 high-need entries nationally");
    let a1 = lines
        .iter()
        .position(|l| l.starts_with("1 Ash a1 major_crime 20 20"))
        .unwrap();
    assert!(
        lines[a1 + 1].starts_with("2 Moor m1 major_crime 16 16"),
        "{}",
        lines[a1 + 1]
    );
    assert!(text.contains("not on the heat map: Fen."), "{text}");
    // Asked for the top one only.
    let one = needmatrix::report::national_report(&picture, 1);
    assert!(one.contains("Top 1 high-need entries nationally"), "{one}");
    assert!(!one.contains(" m1 "), "{one}");
}

/// The national summaries as CSV: one row per scope (the nation, each region, each force) and
/// area (`all` first), the columns of the register's summary CSV, counted by hand.
#[test]
fn the_national_csv_has_a_row_per_scope_and_area() {
    let m = Matrix::reference();
    let mut picture = NationalPicture::new(m);
    let one = |csv: &str| Register::from_text(m, csv, RegisterFormat::Csv).unwrap();
    let head = "id,area,impact,probability,capability,capacity\n";
    // critical × likely = 20, no ability: red, a high need; minor × rare = 2: green.
    picture
        .add_register(
            "Ash",
            "South",
            &one(&format!("{head}a,major_crime,critical,likely,none,none\n")),
        )
        .unwrap();
    picture
        .add_register(
            "Moor",
            "North",
            &one(&format!("{head}m,public_order,minor,rare,none,none\n")),
        )
        .unwrap();
    let csv = needmatrix::report::national_csv(&picture);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("scope,area,count,"), "{}", lines[0]);
    // The nation, two regions and two forces, each `all` and one row per area.
    assert_eq!(lines.len(), 1 + 5 * (1 + m.areas().len()));
    let row = |scope: &str, area: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{scope},{area},")))
            .unwrap_or_else(|| panic!("{scope} {area}"))
            .to_string()
    };
    assert_eq!(
        row("national", "all"),
        "national,all,2,0,1,0,1,1,0,1,1,22,20,11"
    );
    assert_eq!(
        row("region:North", "all"),
        "region:North,all,1,0,1,0,0,0,0,1,0,2,2,2"
    );
    assert_eq!(
        row("force:Ash", "major_crime"),
        "force:Ash,major_crime,1,0,0,0,1,1,0,0,1,20,20,20"
    );
    assert_eq!(
        row("force:Ash", "public_order"),
        "force:Ash,public_order,0,0,0,0,0,0,0,0,0,0,0,0"
    );
}
