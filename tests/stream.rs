//! The streaming register path against the careful one: the same bytes out for every register
//! it takes (on one thread or two), the same refusal for every register it does not.

#![cfg(feature = "csv")]

use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Register, RegisterFormat, report};
use proptest::prelude::*;

/// The careful path's scored CSV and JSON, or its error text.
fn careful(text: &str) -> Result<(String, String), String> {
    careful_as(text, RegisterFormat::Csv)
}

fn careful_as(text: &str, format: RegisterFormat) -> Result<(String, String), String> {
    careful_with(Matrix::reference(), text, format)
}

fn careful_with(
    m: &Matrix,
    text: &str,
    format: RegisterFormat,
) -> Result<(String, String), String> {
    let scored = Register::from_text(m, text, format)
        .and_then(|r| r.into_scored(m))
        .map_err(|e| format!("{} {e}", e.code()))?;
    Ok((report::register_csv(&scored), scored.to_json()))
}

/// The streaming path's, on `threads` threads, and whether it read fast.
fn streamed(
    m: &Matrix,
    text: &str,
    format: RegisterFormat,
    threads: usize,
) -> Result<(String, String, bool), String> {
    let scored = ScoredStream::with_threads(m, text.to_owned(), format, threads)
        .map_err(|e| format!("{} {e}", e.code()))?;
    let mut csv = Vec::new();
    report::write_stream_csv(&scored, &mut csv).unwrap();
    let mut json = Vec::new();
    scored.write_json(&mut json).unwrap();
    Ok((
        String::from_utf8(csv).unwrap(),
        String::from_utf8(json).unwrap(),
        scored.read_fast(),
    ))
}

/// Asserts the two paths agree, and says whether the streaming one read fast.
fn agree(text: &str) -> bool {
    agree_as(text, RegisterFormat::Csv)
}

fn agree_as(text: &str, format: RegisterFormat) -> bool {
    agree_with(Matrix::reference(), text, format)
}

fn agree_with(m: &Matrix, text: &str, format: RegisterFormat) -> bool {
    let want = careful_with(m, text, format);
    let mut fast = None;
    for threads in [1, 2] {
        let got = streamed(m, text, format, threads);
        match (&want, &got) {
            (Ok((csv, json)), Ok((c, j, f))) => {
                assert_eq!(c, csv, "CSV on {threads} thread(s)");
                assert_eq!(j, json, "JSON on {threads} thread(s)");
                fast = Some(*f);
            }
            (Err(w), Err(g)) => assert_eq!(g, w),
            _ => panic!("the paths disagree on {threads} thread(s): {want:?} / {got:?}"),
        }
    }
    fast.unwrap_or(false)
}

const SAMPLE: &str = include_str!("../examples/data/wealdshire_register.csv");

#[test]
fn the_sample_streams_to_the_same_bytes() {
    assert!(agree(SAMPLE), "the sample is read on the fast path");
}

/// A generated register like the end-to-end benchmark's: text columns, dates, every level.
fn generated(n: usize) -> String {
    let areas = Matrix::reference().areas();
    let levels = ["none", "limited", "adequate", "good", "strong"];
    let impacts = ["minimal", "minor", "moderate", "major", "critical"];
    let probabilities = ["rare", "unlikely", "possible", "likely", "almost_certain"];
    let factors = [
        "vulnerable_victims",
        "repeat_victimisation",
        "community_impact",
        "cross_border",
        "public_confidence",
        "emerging_trend",
    ];
    let mut state: u64 = 2008;
    let mut out = String::from(
        "id,area,description,impact,probability,weighting,ameliorative.partnership,ameliorative.resources,capability,capacity,measure_in_place,assessed_on,lead_high_risk,action,owner\n",
    );
    for k in 0..n {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let x = z ^ (z >> 31);
        let pick = |shift: u32, n: u64| ((x >> shift) % n) as usize;
        let weighting: Vec<&str> = factors
            .iter()
            .enumerate()
            .filter(|(j, _)| (x >> 24) >> j & 1 == 1)
            .map(|(_, f)| *f)
            .collect();
        let day = [1, 15, 28, 31][pick(2, 4)];
        let month = [1, 3, 5, 7, 8, 10, 12][pick(5, 7)];
        out.push_str(&format!(
            "b{k},{},\"Risk {k}, \"\"quoted\"\" in part\",{},{},{},{},{},{},{},{},2008-{month:02}-{day:02},{},{},=owner{}\n",
            areas[pick(0, 10)].key(),
            impacts[pick(8, 5)],
            probabilities[pick(16, 5)],
            weighting.join(";"),
            pick(32, 21) as f64 / 4.0,
            pick(40, 21) as f64 / 4.0,
            levels[pick(48, 5)],
            levels[pick(52, 5)],
            ["true", "false", "TRUE", ""][pick(60, 4)],
            ["", "", "true", "false"][pick(56, 4)],
            if x & 1 == 0 { "" } else { "Train two more investigators" },
            pick(44, 9),
        ));
    }
    out
}

#[test]
fn a_generated_register_of_100000_rows_streams_to_the_same_bytes_on_one_thread_or_two() {
    let text = generated(100_000);
    // Large enough to be read in two halves.
    assert!(text.len() > 4 * 1024 * 1024);
    assert!(
        agree(&text),
        "the generated register is read on the fast path"
    );
}

#[test]
fn awkward_but_valid_registers_give_the_careful_result() {
    let header = "id,area,impact,probability,capability,capacity,weighting,ameliorative.partnership,description";
    for rows in [
        // CRLF, blank lines and a byte-order mark.
        "\u{feff}id,area,impact,probability,capability,capacity\r\n\r\na,major_crime,major,likely,none,none\r\n".to_owned(),
        // A quoted key, a key in a quoted cell, a zero written -0, a non-breaking space.
        format!("{header}\n\"a\",\"major_crime\",major,likely,none,none,cross_border,-0,x\n"),
        format!("{header}\na,major_crime,major,likely,none,none,\u{a0}cross_border,1,x\n"),
        // Formula-like text, a quote in a cell, a line break in a cell, no final line end.
        format!("{header}\n-a,major_crime,major,likely,none,none,,1,\"=SUM(A1)\nsecond line\"\nb,major_crime,minor,rare,none,none,,,@x"),
        // An ameliorative column of a kind the matrix does not have, left empty.
        "id,area,impact,probability,capability,capacity,ameliorative.prayer\na,major_crime,major,likely,none,none,\n".to_owned(),
        // A header alone.
        format!("{header}\n"),
    ] {
        agree(&rows);
    }
    // Dates of every digit (the writer formats them itself): 1987 and 2150, and a deadline
    // that crosses into another century (1999-12-31 + 3 months).
    let dated = "id,area,impact,probability,capability,capacity,assessed_on\n\
                 a,major_crime,critical,almost_certain,none,none,1999-12-31\n\
                 b,major_crime,major,likely,limited,none,1987-04-05\n\
                 c,major_crime,moderate,possible,none,none,2150-08-19\n";
    assert!(agree(dated));
    // CRLF line ends with free text in the last column: read fast, the `\r` not part of the
    // text, as the csv crate reads it.
    let crlf = format!(
        "{header}\r\na,major_crime,major,likely,none,none,,1,x\r\nb,major_crime,minor,rare,none,none,,,last\r\n"
    );
    assert!(agree(&crlf));
}

#[test]
fn a_free_text_cell_is_held_to_its_limit_in_characters_on_both_paths() {
    let limit = needmatrix::MAX_TEXT_CHARS;
    let row = |id: &str, description: &str| {
        format!("{id},major_crime,major,likely,none,none,{description}\n")
    };
    let header = "id,area,impact,probability,capability,capacity,description\n";
    // Each cell after a first row, so that no field starts at the beginning of the file.
    let register =
        |description: &str| format!("{header}{}{}", row("a", "x"), row("b", description));
    // At the limit in characters (twice as many bytes): taken by both paths alike.
    let wide = "é".repeat(limit);
    assert!(careful(&register(&wide)).is_ok());
    agree(&register(&wide));
    // One character over, in one-byte and in two-byte characters: refused by both alike.
    for over in ["a".repeat(limit + 1), "é".repeat(limit + 1)] {
        let text = register(&over);
        let refusal = careful(&text).unwrap_err();
        assert!(refusal.starts_with("out_of_range"), "{refusal}");
        assert!(refusal.contains("description"), "{refusal}");
        agree(&text);
    }
}

#[test]
fn every_refusal_is_the_careful_readers() {
    let header = "id,area,impact,probability,capability,capacity,assessed_on";
    let ok = "a,major_crime,major,likely,none,none,2008-01-31";
    for rows in [
        format!("{header}\n{ok}\na,public_order,minor,rare,none,none,\n"),
        format!("{header}\n{ok}\nb,public_order,huge,rare,none,none,\n"),
        format!("{header}\n{ok}\nb,public_order,minor,rare,none,none,2009-02-29\n"),
        format!("{header}\n{ok}\nb,public_order,minor,rare,none,none,9999-12-01\n"),
        format!("{header}\n{ok}\n\"b,public_order,minor,rare,none,none,\n"),
        format!("{header},extra\n{ok},1\n"),
        format!("{header}\n{ok},1\n"),
        String::new(),
    ] {
        assert!(!agree(&rows));
        assert!(careful(&rows).is_err(), "{rows:?}");
    }
    // A duplicate id across the two halves of a large file.
    let mut text = generated(60_000);
    text.push_str("b7,major_crime,,major,likely,,,,none,none,,,,,\n");
    assert!(careful(&text).unwrap_err().starts_with("duplicate_id"));
    agree(&text);
}

/// One valid cell, plain or awkward (quoted, spaced, a formula-like text, a line break).
fn valid(cells: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(cells).prop_map(str::to_owned)
}

/// Cells that break a rule of SPEC §3 in some column: an unknown key, a blank required cell,
/// points with too many places or an exponent, a bad flag or date, an id given twice.
const FAULTS: [(usize, &str); 10] = [
    (2, "huge"),
    (3, ""),
    (4, "excellent"),
    (6, "no_such_factor"),
    (7, "0.00001"),
    (7, "5.0001"),
    (7, "1e3"),
    (8, "yes"),
    (9, "2009-02-29"),
    (0, "r0"),
];

fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) && !cell.starts_with('"') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

const REGISTER_HEADER: &str = "id,area,impact,probability,capability,capacity,weighting,ameliorative.partnership,measure_in_place,assessed_on,lead_high_risk,description";

/// A register of the reference matrix: 0 to 60 valid rows (unique ids, every column's valid
/// values, awkward but valid cells among them), and in one register in four a single fault put
/// into one row, so that most registers reach scoring and every refusal is of one known kind.
fn register() -> impl Strategy<Value = String> {
    let row = (
        valid(&["major_crime", "public_order", "child_abuse"]),
        valid(&["minor", "major", "critical"]),
        valid(&["rare", "likely", "almost_certain"]),
        valid(&["none", "limited", "good", "strong"]),
        valid(&["none", "adequate", "strong"]),
        valid(&[
            "",
            "cross_border",
            "cross_border;emerging_trend",
            " cross_border ; ",
        ]),
        valid(&["", "0", "1.5", "5", "2.25", "003", "4.9999"]),
        valid(&["", "true", "false", "False", "TRUE"]),
        valid(&["", "2008-01-31", "2008-02-29", "2009-11-30"]),
        valid(&["", "true", "false"]),
        valid(&["", "plain", "a, b", "=1+1", "line\nbreak", "say \"hi\""]),
    );
    (
        prop::collection::vec(row, 0..60),
        any::<bool>(),
        prop::option::weighted(0.25, (any::<prop::sample::Index>(), 0..FAULTS.len())),
    )
        .prop_map(|(rows, crlf, fault)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut lines: Vec<Vec<String>> = rows
                .into_iter()
                .enumerate()
                .map(|(n, r)| {
                    vec![
                        format!("r{n}"),
                        r.0,
                        r.1,
                        r.2,
                        r.3,
                        r.4,
                        r.5,
                        r.6,
                        r.7,
                        r.8,
                        r.9,
                        r.10,
                    ]
                })
                .collect();
            if let (Some((at, which)), false) = (fault, lines.is_empty()) {
                let (column, text) = FAULTS[which];
                let n = at.index(lines.len());
                // An id given twice needs another row to repeat.
                if column != 0 || n != 0 {
                    lines[n][column] = text.to_owned();
                }
            }
            let mut text = format!("{REGISTER_HEADER}{end}");
            for line in lines {
                let cells: Vec<String> = line.iter().map(|c| quote(c)).collect();
                text.push_str(&cells.join(","));
                text.push_str(end);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the register, the streaming path gives what the careful path gives: the same
    /// bytes when it is accepted, the same refusal when it is not.
    #[test]
    fn the_streaming_path_agrees_with_the_careful_one(text in register()) {
        agree(&text);
    }
}

/// The property above reaches what it stresses: most registers it draws are scored (and long),
/// a controlled share is refused. Measured over 512 draws of a fixed seed.
#[test]
fn the_random_registers_mostly_reach_scoring() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut scored, mut refused, mut long) = (0, 0, 0);
    for _ in 0..512 {
        let text = register().new_tree(&mut runner).unwrap().current();
        let rows = text.lines().count().saturating_sub(1);
        match Register::from_text(Matrix::reference(), &text, RegisterFormat::Csv)
            .and_then(|r| r.scored())
        {
            Ok(_) => {
                scored += 1;
                if rows > 20 {
                    long += 1;
                }
            }
            Err(_) => refused += 1,
        }
    }
    // One register in four has a fault (the id fault needs two rows to show): about 75 %
    // scored, and most of those past 20 rows.
    assert!((330..=430).contains(&scored), "scored {scored} of 512");
    assert!(refused >= 80, "refused {refused} of 512");
    assert!(long >= 200, "scored with over 20 rows: {long}");
}

/// Strictly increasing points for `n` levels in one of three shapes: small whole numbers,
/// quarters, or large values (up to 1 000 000) so that the streaming path's sort keys are wide.
fn level_points(n: usize) -> impl Strategy<Value = Vec<String>> {
    // Large values half the time, so that both scales of a quarter of the matrices are large.
    (0u8..4, prop::collection::vec(1u32..5, n), 0u32..3).prop_map(|(shape, steps, start)| {
        let mut total = start;
        steps
            .iter()
            .map(|step| {
                let value = total;
                total += step;
                match shape {
                    0 => value.to_string(),
                    1 => needmatrix::Points::new(rust_decimal::Decimal::new(
                        i64::from(value) * 25,
                        2,
                    ))
                    .to_string(),
                    // At most 22 × 45 000 + 6.5: within 1 000 000, and steps of at least
                    // 44 994 keep the points increasing.
                    _ => format!("{}.5", value * 45_000 + value % 7),
                }
            })
            .collect()
    })
}

/// A random matrix of SPEC §2 and a register of it: 2 to 5 impact and probability levels, a
/// product or a grid, every ability rule, 1 to 4 threat and need bands with floors spread over
/// the matrix's range, grades on some need bands, 0 to 3 weighting factors and 0 to 2
/// ameliorative kinds; rows drawn from its keys, with ameliorative points up to each kind's max
/// and, in one register in five, one row's one unit past it.
fn random_matrix_and_register() -> impl Strategy<Value = (Matrix, String)> {
    (2usize..6, 2usize..6, 1usize..4, 0usize..4, 0usize..3)
        .prop_flat_map(|(impacts, probabilities, abilities, factors, kinds)| {
            (
                level_points(impacts),
                level_points(probabilities),
                level_points(abilities),
                level_points(abilities),
                prop::option::of(prop::collection::vec(
                    prop::collection::vec(0u32..1_000_000, impacts),
                    probabilities,
                )),
                prop::sample::select(&["min", "mean", "sum"][..]),
                (prop::collection::vec(1u32..1000, 1..5), prop::collection::vec(1u32..1000, 1..5)),
                prop::collection::vec((0u32..5, 0u32..4), 3),
                prop::collection::vec(0u32..400_000, factors),
                prop::collection::vec(1u32..21, kinds),
                prop::collection::vec(
                    (
                        0usize..impacts,
                        0usize..probabilities,
                        0usize..abilities,
                        0usize..abilities,
                        prop::collection::vec(any::<bool>(), factors),
                        prop::collection::vec(0u32..21, kinds),
                        any::<bool>(),
                    ),
                    0..40,
                ),
                // In one register in five, one row's first kind one unit past its max.
                prop::option::weighted(0.2, any::<prop::sample::Index>()),
            )
        })
        .prop_map(
            |(impact, probability, capability, capacity, grid, ability, (tf, nf), grades, factors, kinds, rows, over)| {
                use serde_json::json;
                let levels = |prefix: &str, points: &[String]| -> Vec<serde_json::Value> {
                    points
                        .iter()
                        .enumerate()
                        .map(|(n, p)| json!({"key": format!("{prefix}{n}"), "points": p}))
                        .collect()
                };
                let dec = |t: &str| t.parse::<rust_decimal::Decimal>().unwrap();
                let top = |v: &[String]| dec(v.last().unwrap());
                // Band floors lie in 0 ..= 1 000 000 (SPEC §1); past that every risk is in the top
                // band.
                let risk_max = match &grid {
                    Some(g) => rust_decimal::Decimal::from(*g.iter().flatten().max().unwrap()),
                    None => top(&impact) * top(&probability),
                }
                .min(rust_decimal::Decimal::from(1_000_000));
                // Floors spread over 0 ..= the largest risk, strictly increasing, first 0.
                let floors = |weights: &[u32]| -> Vec<serde_json::Value> {
                    let total: u32 = weights.iter().sum();
                    let mut at = 0u32;
                    let mut out: Vec<rust_decimal::Decimal> = vec![rust_decimal::Decimal::ZERO];
                    for w in &weights[..weights.len() - 1] {
                        at += w;
                        let floor = (risk_max * rust_decimal::Decimal::from(at)
                            / rust_decimal::Decimal::from(total))
                        .round_dp(2);
                        if floor > *out.last().unwrap() {
                            out.push(floor);
                        }
                    }
                    out.iter()
                        .enumerate()
                        .map(|(n, f)| json!({"key": format!("b{n}"), "min": needmatrix::Points::new(*f).to_string()}))
                        .collect()
                };
                let (threat_bands, need_bands) = (floors(&tf), floors(&nf));
                let mut seen = std::collections::BTreeSet::new();
                let grades: Vec<serde_json::Value> = grades
                    .iter()
                    .filter(|(band, _)| (*band as usize) < need_bands.len() && seen.insert(*band))
                    .map(|(band, grade)| {
                        let colour = ["red", "amber", "green", "red"][*grade as usize];
                        let months = [1, 6, 12, 120][*grade as usize];
                        json!({"band": format!("b{band}"), "grade": colour, "months": months})
                    })
                    .collect();
                let matrix = json!({
                    "id": "random",
                    "version": "1",
                    "areas": [{"key": "a0"}, {"key": "a1"}],
                    "impact": levels("i", &impact),
                    "probability": levels("p", &probability),
                    "risk": match &grid {
                        Some(g) => json!({"grid": g.iter().map(|row| row.iter().map(|c| c.to_string()).collect::<Vec<_>>()).collect::<Vec<_>>()}),
                        None => json!("product"),
                    },
                    "weighting": factors.iter().enumerate().map(|(n, p)| json!({"key": format!("f{n}"), "points": p.to_string()})).collect::<Vec<_>>(),
                    "ameliorative": kinds.iter().enumerate().map(|(n, q)| json!({"key": format!("k{n}"), "max": needmatrix::Points::new(rust_decimal::Decimal::new(i64::from(*q) * 25, 2)).to_string()})).collect::<Vec<_>>(),
                    "capability": levels("c", &capability),
                    "capacity": levels("d", &capacity),
                    "ability": ability,
                    "threat_bands": threat_bands,
                    "need_bands": need_bands,
                    "grades": grades,
                    "high_risk_band": format!("b{}", threat_bands.len() - 1),
                });
                let m = Matrix::from_json_str(&matrix.to_string()).unwrap();
                let mut text = String::from("id,area,impact,probability,capability,capacity,weighting");
                for n in 0..kinds.len() {
                    text.push_str(&format!(",ameliorative.k{n}"));
                }
                text.push_str(",measure_in_place\n");
                let over = over.map(|at| at.index(rows.len().max(1)));
                for (n, (i, p, c, d, on, amounts, measure)) in rows.iter().enumerate() {
                    let weighting: Vec<String> = on
                        .iter()
                        .enumerate()
                        .filter(|(_, on)| **on)
                        .map(|(k, _)| format!("f{k}"))
                        .collect();
                    text.push_str(&format!(
                        "r{n},a{},i{i},p{p},c{c},d{d},{}",
                        n % 2,
                        weighting.join(";")
                    ));
                    for (k, q) in amounts.iter().enumerate() {
                        // Quarters up to the max, or one unit (0.0001) past it.
                        let max = rust_decimal::Decimal::new(i64::from(kinds[k]) * 25, 2);
                        let points = if k == 0 && over == Some(n) {
                            max + rust_decimal::Decimal::new(1, 4)
                        } else {
                            rust_decimal::Decimal::new(i64::from(*q) * 25, 2).min(max)
                        };
                        text.push_str(&format!(",{}", needmatrix::Points::new(points)));
                    }
                    text.push_str(&format!(",{measure}\n"));
                }
                (m, text)
            },
        )
}

/// The property below reaches what it stresses: most random matrices' registers are scored on
/// the fast path, some refused (points one unit past a kind's max), and many matrices have
/// values so large that the sort keys are wide (a risk past 2^40 ten-thousandths of a point).
#[test]
fn the_random_matrices_mostly_reach_the_fast_path() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut fast, mut refused, mut wide, mut grids) = (0, 0, 0, 0);
    let wide_risk = rust_decimal::Decimal::from((1u64 << 40) / 10_000);
    for _ in 0..256 {
        let (m, text) = random_matrix_and_register()
            .new_tree(&mut runner)
            .unwrap()
            .current();
        let top = |levels: &[needmatrix::Level]| levels.last().unwrap().points().value();
        if top(m.impact()) * top(m.probability()) > wide_risk {
            wide += 1;
        }
        if m.to_canonical_json().contains("\"grid\"") {
            grids += 1;
        }
        match ScoredStream::from_text(&m, text, RegisterFormat::Csv) {
            Ok(s) if s.read_fast() => fast += 1,
            Ok(_) => {}
            Err(_) => refused += 1,
        }
    }
    assert!(fast >= 180, "read fast: {fast} of 256");
    assert!((10..=80).contains(&refused), "refused: {refused} of 256");
    assert!(wide >= 40, "wide: {wide} of 256");
    assert!(grids >= 60, "grids: {grids} of 256");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Over random matrices too (wide keys, grids, every ability rule, many bands), the
    /// streaming path gives what the careful path gives.
    #[test]
    fn the_streaming_path_agrees_with_the_careful_one_over_random_matrices(
        (m, text) in random_matrix_and_register()
    ) {
        agree_with(&m, &text, RegisterFormat::Csv);
    }
}

/// A register's assessments written as JSON Lines and as a JSON array (pretty).
fn as_json(csv: &str) -> (String, String) {
    let m = Matrix::reference();
    let register = Register::from_text(m, csv, RegisterFormat::Csv).unwrap();
    let objects: Vec<serde_json::Value> = register
        .assessments()
        .iter()
        .map(|a| serde_json::to_value(a).unwrap())
        .collect();
    let lines: Vec<String> = objects.iter().map(|o| o.to_string()).collect();
    (
        lines.join("\n") + "\n",
        serde_json::to_string_pretty(&objects).unwrap(),
    )
}

#[test]
fn json_registers_stream_to_the_same_bytes() {
    let (jsonl, json) = as_json(SAMPLE);
    assert!(
        agree_as(&jsonl, RegisterFormat::JsonLines),
        "JSON Lines on the fast path"
    );
    assert!(
        agree_as(&json, RegisterFormat::Json),
        "JSON on the fast path"
    );
    // 100 000 rows, with quotes (escaped in JSON) in every description: read in two halves.
    let (jsonl, json) = as_json(&generated(100_000));
    assert!(jsonl.len() > 4 * 1024 * 1024);
    assert!(agree_as(&jsonl, RegisterFormat::JsonLines));
    assert!(agree_as(&json, RegisterFormat::Json));
}

#[test]
fn awkward_or_faulty_json_registers_give_the_careful_result() {
    let ok = r#"{"id": "a", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none"}"#;
    let b = ok.replace("\"a\"", "\"b\"");
    for (text, format) in [
        // An escape in a key, a float, a duplicate field, nulls and escapes in text, an
        // unknown field, a byte-order mark, blank lines, a repeated id.
        (
            ok.replace("\"major\"", "\"\\u006dajor\""),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "ameliorative": {"partnership": 1.5}}"#),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace(
                '}',
                r#", "ameliorative": {"partnership": 2, "resources": "0.5"}}"#,
            ),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "impact": "minor"}"#),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace(
                '}',
                r#", "weighting": null, "assessed_on": null, "description": "a \"b\"\nc"}"#,
            ),
            RegisterFormat::JsonLines,
        ),
        (
            ok.replace('}', r#", "colour": "red"}"#),
            RegisterFormat::JsonLines,
        ),
        (format!("\u{feff}{ok}\n"), RegisterFormat::JsonLines),
        (format!("{ok}\n\n  \n{b}\n"), RegisterFormat::JsonLines),
        (format!("{ok}\n{ok}\n"), RegisterFormat::JsonLines),
        (format!("[{ok}, {b}]"), RegisterFormat::Json),
        (format!("[{ok}, 5]"), RegisterFormat::Json),
        (format!("[{ok}] x"), RegisterFormat::Json),
        ("[]".to_owned(), RegisterFormat::Json),
        (String::new(), RegisterFormat::JsonLines),
    ] {
        agree_as(&text, format);
    }
}

/// A random JSON Lines register: 0 to 40 valid records (unique ids, every field's valid
/// values, escapes in text), and in one register in four a single fault in one record: a value
/// of the wrong type or missing, an unknown key or field, a float for points, a bad date, an id
/// given twice.
fn json_register() -> impl Strategy<Value = String> {
    use serde_json::{Value, json};
    let value = |valid: &'static [&'static str]| prop::sample::select(valid).prop_map(|v| json!(v));
    let row = (
        value(&["major_crime", "public_order", "child_abuse"]),
        value(&["minor", "major", "critical"]),
        value(&["rare", "likely", "almost_certain"]),
        value(&["none", "limited", "good", "strong"]),
        value(&["none", "adequate", "strong"]),
        prop_oneof![
            4 => Just(json!(["cross_border"])),
            1 => Just(json!([])),
            1 => Just(Value::Null),
        ],
        prop_oneof![
            3 => Just(json!({})),
            2 => Just(json!({"partnership": "1.5"})),
            1 => Just(json!({"partnership": 3, "resources": "0.25"})),
            1 => Just(json!({"partnership": "5", "resources": "4.9999"})),
        ],
        prop_oneof![Just(json!(true)), Just(json!(false)), Just(Value::Null)],
        value(&["2008-01-31", "2008-02-29", "2009-11-30"]),
        prop_oneof![
            Just(json!("plain")),
            Just(json!("say \"hi\"\n")),
            Just(json!("caf\u{e9} \\ tab\t")),
            Just(Value::Null)
        ],
    );
    let faults: Vec<(&'static str, Value)> = vec![
        ("impact", json!("huge")),
        ("impact", Value::Null),
        ("area", json!(5)),
        ("capability", json!("x")),
        ("weighting", json!(["cross_border", "cross_border"])),
        ("ameliorative", json!({"partnership": 2.5})),
        ("ameliorative", json!({"prayer": "1"})),
        ("ameliorative", json!({"partnership": "5.0001"})),
        ("measure_in_place", json!("true")),
        ("assessed_on", json!("2009-02-29")),
        ("colour", json!("red")),
        ("id", json!("r0")),
    ];
    (
        prop::collection::vec(row, 0..40),
        prop::option::weighted(
            0.25,
            (any::<prop::sample::Index>(), prop::sample::select(faults)),
        ),
    )
        .prop_map(|(rows, fault)| {
            let mut records: Vec<Value> = rows
                .into_iter()
                .enumerate()
                .map(|(n, r)| {
                    json!({
                        "id": format!("r{n}"), "area": r.0, "impact": r.1, "probability": r.2,
                        "capability": r.3, "capacity": r.4, "weighting": r.5,
                        "ameliorative": r.6, "measure_in_place": r.7, "assessed_on": r.8,
                        "description": r.9,
                    })
                })
                .collect();
            if let Some((at, (field, bad))) = fault
                && !records.is_empty()
            {
                let n = at.index(records.len());
                records[n][field] = bad;
            }
            records.iter().map(|r| r.to_string() + "\n").collect()
        })
}

/// The JSON property reaches scoring for most registers it draws.
#[test]
fn the_random_json_registers_mostly_reach_scoring() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut scored, mut refused) = (0, 0);
    for _ in 0..256 {
        let text = json_register().new_tree(&mut runner).unwrap().current();
        match Register::from_text(Matrix::reference(), &text, RegisterFormat::JsonLines)
            .and_then(|r| r.scored())
        {
            Ok(_) => scored += 1,
            Err(_) => refused += 1,
        }
    }
    assert!(scored >= 170, "scored {scored} of 256");
    assert!(refused >= 40, "refused {refused} of 256");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// JSON Lines and JSON registers, as the CSV ones: the careful path's result, whatever the
    /// register.
    #[test]
    fn json_streaming_agrees_with_the_careful_path(text in json_register()) {
        agree_as(&text, RegisterFormat::JsonLines);
        let array = format!("[{}]", text.lines().collect::<Vec<_>>().join(","));
        agree_as(&array, RegisterFormat::Json);
    }
}

/// A CSV text written again with another delimiter.
fn with_delimiter(csv: &str, delimiter: u8) -> String {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn semicolon_and_tab_registers_score_as_the_comma_one() {
    let comma = careful(SAMPLE).unwrap();
    for delimiter in [b';', b'\t'] {
        let text = with_delimiter(SAMPLE, delimiter);
        assert_eq!(careful(&text).unwrap(), comma, "{}", delimiter as char);
        assert!(agree(&text), "read on the fast path");
        // With a byte-order mark, as Excel writes "CSV UTF-8".
        assert_eq!(careful(&format!("\u{feff}{text}")).unwrap(), comma);
    }
    let big = generated(30_000);
    let want = careful(&big).unwrap();
    let text = with_delimiter(&big, b';');
    assert_eq!(careful(&text).unwrap(), want);
    assert!(agree(&text));
}

#[test]
fn a_register_not_in_utf8_is_refused_with_its_line_and_the_advice() {
    let dir = std::env::temp_dir().join(format!("needmatrix-1252-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.csv");
    // "Café" in Windows-1252: é is the byte 0xE9.
    let mut bytes = b"id,area,impact,probability,capability,capacity,description\n".to_vec();
    bytes.extend_from_slice(b"a,major_crime,major,likely,none,none,plain\n");
    bytes.extend_from_slice(b"b,major_crime,major,likely,none,none,Caf\xe9 disorder\n");
    std::fs::write(&path, &bytes).unwrap();
    for e in [
        Register::from_path(Matrix::reference(), &path).unwrap_err(),
        ScoredStream::from_path(Matrix::reference(), &path).unwrap_err(),
    ] {
        assert_eq!(e.code(), needmatrix::ErrorCode::Parse);
        assert_eq!(e.location().and_then(|l| l.line()), Some(3));
        assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A register file is read on the fast path when it can be, a workbook by the workbook reader;
/// either way the stream counts its entries.
#[test]
fn a_file_streams_fast_and_a_workbook_carefully_each_counted() {
    let m = Matrix::reference();
    // The sample: 50 records under its header, one a line.
    let csv = ScoredStream::from_path(m, "examples/data/wealdshire_register.csv").unwrap();
    assert!(csv.read_fast());
    assert_eq!((csv.len(), csv.is_empty()), (50, false));
    // The template workbook holds the template register's two rows.
    let xlsx = ScoredStream::from_path(m, "examples/data/register-template.xlsx").unwrap();
    assert!(!xlsx.read_fast());
    assert_eq!((xlsx.len(), xlsx.is_empty()), (2, false));
    let one = ScoredStream::from_text(
        m,
        SAMPLE.lines().take(2).collect::<Vec<_>>().join("\n"),
        RegisterFormat::Csv,
    )
    .unwrap();
    assert_eq!((one.len(), one.is_empty()), (1, false));
    let header = SAMPLE.lines().next().unwrap().to_owned();
    let none = ScoredStream::from_text(m, header, RegisterFormat::Csv).unwrap();
    assert_eq!((none.len(), none.is_empty()), (0, true));
}

/// JSON points written as whole numbers, two kinds in one record, and free text are read on the
/// fast path; a repeated kind, a negative whole number, one past the kind's `max` and one past
/// 64 bits are left to the careful reader, which refuses them as it does any register.
#[test]
fn json_points_and_kinds_on_the_fast_path_and_past_it() {
    let record = |id: &str, ameliorative: &str| {
        format!(
            r#"{{"id": "{id}", "area": "major_crime", "impact": "major", "probability": "likely", "capability": "none", "capacity": "none", "ameliorative": {ameliorative}, "description": "Text of {id}"}}"#
        )
    };
    let lines = |ameliorative: &str| {
        format!(
            "{}\n{}\n",
            record("a", r#"{"partnership": 1}"#),
            record("b", ameliorative)
        )
    };
    // 1 and 2 whole points of two kinds, and "0.5" as text: all fast.
    assert!(agree_as(
        &lines(r#"{"partnership": 2, "resources": "0.5"}"#),
        RegisterFormat::JsonLines
    ));
    let array = format!(
        "[{}, {}]",
        record("a", r#"{"resources": 5}"#),
        record("b", r#"{"partnership": 0, "resources": 1}"#)
    );
    assert!(agree_as(&array, RegisterFormat::Json));
    for refused in [
        r#"{"partnership": 1, "partnership": 2}"#,
        r#"{"resources": -1}"#,
        r#"{"resources": 6}"#,
        r#"{"resources": 99999999999999999999}"#,
    ] {
        let text = lines(refused);
        assert!(careful_with(Matrix::reference(), &text, RegisterFormat::JsonLines).is_err());
        assert!(!agree_as(&text, RegisterFormat::JsonLines), "{refused}");
    }
}

/// Ids that share their first eight bytes are told apart by the rest, on the fast path: in
/// priority order by bytes when everything else ties, and not taken for a repeated id.
#[test]
fn ids_sharing_their_first_eight_bytes_are_ordered_by_the_rest() {
    let header = "id,area,impact,probability,capability,capacity\n";
    let row = |id: &str| format!("{id},major_crime,major,likely,none,none\n");
    let text = format!(
        "{header}{}{}{}",
        row("assessment-3"),
        row("assessment-10"),
        row("assessment-2")
    );
    assert!(agree(&text), "read fast");
    let scored = ScoredStream::from_text(Matrix::reference(), text, RegisterFormat::Csv).unwrap();
    let mut csv = Vec::new();
    report::write_stream_csv(&scored, &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let column = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "id");
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(column.unwrap()).unwrap())
        .collect();
    // Equal scores: by id, byte by byte ("1" < "2" < "3").
    assert_eq!(ids, ["assessment-10", "assessment-2", "assessment-3"]);
    // The same long id twice is a repeated id, refused as the careful reader refuses it.
    let twice = format!("{header}{}{}", row("assessment-3"), row("assessment-3"));
    assert!(!agree(&twice));
}
