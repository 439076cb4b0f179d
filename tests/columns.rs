//! Registers handed over as named columns (a data frame's), and registers scored through the
//! bulk scorer: the same assessments, outcomes, order and refusals as the CSV reader and the
//! plain scoring path.

#![cfg(feature = "csv")]

use needmatrix::bulk::Scorer;
use needmatrix::{ErrorCode, Matrix, Register, RegisterFormat};
use proptest::prelude::*;

const SAMPLE: &str = include_str!("../examples/data/wealdshire_register.csv");

/// The CSV text as columns of cells, an empty cell as `None`.
fn columns_of(csv: &str) -> Vec<(String, Vec<Option<String>>)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut columns: Vec<(String, Vec<Option<String>>)> =
        names.into_iter().map(|n| (n, Vec::new())).collect();
    for record in reader.records() {
        for ((_, cells), cell) in columns.iter_mut().zip(record.unwrap().iter()) {
            cells.push((!cell.is_empty()).then(|| cell.to_owned()));
        }
    }
    columns
}

#[test]
fn columns_read_as_the_csv_they_came_from() {
    let m = Matrix::reference();
    let from_csv = Register::from_text(m, SAMPLE, RegisterFormat::Csv).unwrap();
    let from_columns = Register::from_columns(m, columns_of(SAMPLE)).unwrap();
    assert_eq!(from_columns.assessments(), from_csv.assessments());
    assert_eq!(from_columns.len(), 50);
}

#[test]
fn the_bulk_path_scores_as_the_plain_path() {
    let m = Matrix::reference();
    let register = Register::from_text(m, SAMPLE, RegisterFormat::Csv).unwrap();
    let plain = register.score(m).unwrap();
    let scorer = Scorer::new(m).unwrap();
    for threads in [1, 2, 4] {
        let bulk = register.clone().into_scored_bulk(&scorer, threads).unwrap();
        assert_eq!(bulk.entries(), plain.entries());
        assert_eq!(
            needmatrix::report::register_csv(&bulk),
            needmatrix::report::register_csv(&plain)
        );
    }
}

#[test]
fn a_large_register_takes_the_threaded_path_and_keeps_its_order() {
    // 20,000 rows: more than the 8,192 below which the bulk scorer stays on one thread.
    let m = Matrix::reference();
    let base = columns_of(SAMPLE);
    let copies = 20_000 / 50 + 1;
    let columns: Vec<(String, Vec<Option<String>>)> = base
        .iter()
        .map(|(name, cells)| {
            let cells = (0..copies)
                .flat_map(|k| {
                    cells.iter().map(move |c| match (name.as_str(), c) {
                        ("id", Some(id)) => Some(format!("{id}-{k}")),
                        _ => c.clone(),
                    })
                })
                .collect();
            (name.clone(), cells)
        })
        .collect();
    let register = Register::from_columns(m, columns).unwrap();
    assert!(register.len() > 20_000);
    let plain = register.score(m).unwrap();
    let bulk = register
        .into_scored_bulk(&Scorer::new(m).unwrap(), 2)
        .unwrap();
    assert_eq!(bulk.entries(), plain.entries());
    assert_eq!(bulk.summary(), plain.summary());
}

fn column<'a>(name: &'a str, cells: &[&'a str]) -> (&'a str, Vec<Option<&'a str>>) {
    let cells = cells
        .iter()
        .map(|c| (!c.is_empty()).then_some(*c))
        .collect();
    (name, cells)
}

fn minimal<'a>(ids: &[&'a str]) -> Vec<(&'a str, Vec<Option<&'a str>>)> {
    let n = ids.len();
    vec![
        column("id", ids),
        column("area", &vec!["major_crime"; n]),
        column("impact", &vec!["major"; n]),
        column("probability", &vec!["likely"; n]),
        column("capability", &vec!["good"; n]),
        column("capacity", &vec!["good"; n]),
    ]
}

#[test]
fn a_column_refusal_names_the_column() {
    let m = Matrix::reference();
    let mut columns = minimal(&["a", "b"]);
    columns.push(column("colour", &["red", "blue"]));
    let e = Register::from_columns(m, columns).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert_eq!(e.location().unwrap().field_name(), Some("colour"));
    assert!(
        e.to_string().contains("unknown column `colour` (column 7)"),
        "{e}"
    );

    let mut columns = minimal(&["a", "b"]);
    columns.push(column("area", &["major_crime", "major_crime"]));
    let e = Register::from_columns(m, columns.clone()).unwrap_err();
    assert!(e.to_string().contains("column `area` appears twice"), "{e}");
    assert_eq!(e.location().unwrap().line(), None);
    // Encoded, the repeat (of the same length as the rest) is refused alike.
    let owned: Vec<(String, Vec<Option<String>>)> = columns
        .iter()
        .map(|(name, cells)| {
            let cells = cells.iter().map(|c| c.map(String::from)).collect();
            (name.to_string(), cells)
        })
        .collect();
    let encoded = stream_of(&encode(&owned, 0)).unwrap_err();
    assert_eq!(encoded.to_string(), e.to_string());
}

#[test]
fn columns_of_different_lengths_are_refused_either_way() {
    let m = Matrix::reference();
    let mut short = minimal(&["a", "b"]);
    short[3].1.pop();
    let e = Register::from_columns(m, short).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert_eq!(e.location().unwrap().field_name(), Some("probability"));
    assert!(e.to_string().contains("ends after 1 cells"), "{e}");

    let mut long = minimal(&["a", "b"]);
    long[4].1.push(Some("good"));
    let e = Register::from_columns(m, long).unwrap_err();
    assert_eq!(e.location().unwrap().field_name(), Some("capability"));
    assert!(e.to_string().contains("goes on after"), "{e}");

    // The first column shorter than the rest.
    let mut first = minimal(&["a", "b"]);
    first[0].1.pop();
    let e = Register::from_columns(m, first).unwrap_err();
    assert_eq!(e.location().unwrap().field_name(), Some("area"));
}

#[test]
fn record_faults_name_the_record_and_field_with_no_line() {
    let m = Matrix::reference();
    let mut columns = minimal(&["a", "", "a", "b"]);
    columns[2].1[3] = Some("huge");
    let e = Register::from_columns(m, columns).unwrap_err();
    let faults = e.faults();
    assert_eq!(faults.len(), 3, "{e}");
    let where_ = |n: usize| {
        let at = faults[n].location().unwrap();
        (
            faults[n].code().as_str(),
            at.record().map(String::from),
            at.field_name().map(String::from),
            at.line(),
        )
    };
    assert_eq!(
        where_(0),
        ("missing_field", Some("#2".into()), Some("id".into()), None)
    );
    assert_eq!(where_(1).0, "duplicate_id");
    assert_eq!(where_(1).1.as_deref(), Some("a"));
    assert_eq!(
        where_(2),
        (
            "unknown_level",
            Some("b".into()),
            Some("impact".into()),
            None
        )
    );
}

#[test]
fn no_columns_and_no_rows_make_an_empty_register() {
    let m = Matrix::reference();
    let none: [(&str, Vec<Option<&str>>); 0] = [];
    assert!(Register::from_columns(m, none).unwrap().is_empty());
    assert!(Register::from_columns(m, minimal(&[])).unwrap().is_empty());
}

#[test]
fn a_deadline_past_9999_is_refused_on_both_paths_alike() {
    let m = Matrix::reference();
    let mut columns = minimal(&["late", "fine"]);
    columns[4].1 = vec![Some("none"), Some("none")];
    columns[5].1 = vec![Some("none"), Some("none")];
    columns.push(column("assessed_on", &["9999-12-01", "2008-01-01"]));
    let register = Register::from_columns(m, columns).unwrap();
    let plain = register.score(m).unwrap_err();
    let bulk = register
        .into_scored_bulk(&Scorer::new(m).unwrap(), 1)
        .unwrap_err();
    assert_eq!(plain.to_string(), bulk.to_string());
    assert_eq!(bulk.faults()[0].code(), ErrorCode::InvalidDate);
    assert_eq!(bulk.faults()[0].location().unwrap().record(), Some("late"));
}

#[test]
fn a_register_read_against_another_matrix_is_refused_by_the_bulk_path() {
    let m = Matrix::reference();
    let other = Matrix::from_json_str(
        &m.to_canonical_json()
            .replace("\"version\":\"", "\"version\":\"9"),
    )
    .unwrap();
    let register = Register::from_columns(m, minimal(&["a"])).unwrap();
    let e = register
        .into_scored_bulk(&Scorer::new(&other).unwrap(), 1)
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any subset of the sample's rows, in any order, scores the same on both paths, and the
    /// columns read as the CSV rows they came from.
    #[test]
    fn any_rows_score_alike_on_both_paths(picks in proptest::collection::vec(0usize..50, 0..70)) {
        let m = Matrix::reference();
        let base = columns_of(SAMPLE);
        let mut seen = std::collections::HashSet::new();
        let rows: Vec<usize> = picks.into_iter().filter(|r| seen.insert(*r)).collect();
        let columns: Vec<(String, Vec<Option<String>>)> = base
            .iter()
            .map(|(name, cells)| (name.clone(), rows.iter().map(|&r| cells[r].clone()).collect()))
            .collect();
        let register = Register::from_columns(m, columns).unwrap();
        prop_assert_eq!(register.len(), rows.len());
        let plain = register.score(m).unwrap();
        let bulk = register.into_scored_bulk(&Scorer::new(m).unwrap(), 2).unwrap();
        prop_assert_eq!(bulk.entries(), plain.entries());
    }
}

/// A column's name, its dictionary and its codes.
type Encoded = (String, Vec<Option<String>>, Vec<u32>);

/// Columns dictionary-encoded: each distinct cell once, in order of first use, `rotate` places
/// along (so the dictionary order is not the rows' order).
fn encode(
    columns: &[(String, Vec<Option<String>>)],
    rotate: usize,
) -> Vec<(String, Vec<Option<String>>, Vec<u32>)> {
    columns
        .iter()
        .map(|(name, cells)| {
            let mut dictionary: Vec<Option<String>> = Vec::new();
            for c in cells {
                if !dictionary.contains(c) {
                    dictionary.push(c.clone());
                }
            }
            if !dictionary.is_empty() {
                let r = rotate % dictionary.len();
                dictionary.rotate_left(r);
            }
            let codes = cells
                .iter()
                .map(|c| dictionary.iter().position(|d| d == c).unwrap() as u32)
                .collect();
            (name.clone(), dictionary, codes)
        })
        .collect()
}

fn stream_of(encoded: &[Encoded]) -> needmatrix::Result<needmatrix::stream::ScoredStream> {
    stream_with(Matrix::reference(), encoded)
}

fn stream_with(
    m: &Matrix,
    encoded: &[Encoded],
) -> needmatrix::Result<needmatrix::stream::ScoredStream> {
    use needmatrix::stream::{EncodedColumn, ScoredStream};
    let dictionaries: Vec<Vec<Option<&str>>> = encoded
        .iter()
        .map(|(_, d, _)| d.iter().map(Option::as_deref).collect())
        .collect();
    let columns: Vec<EncodedColumn<'_>> = encoded
        .iter()
        .zip(&dictionaries)
        .map(|((name, _, codes), d)| EncodedColumn::new(name, d, codes))
        .collect();
    ScoredStream::from_columns(m, &columns, 2)
}

#[test]
fn encoded_columns_take_the_fast_path_and_score_as_the_careful_one() {
    let m = Matrix::reference();
    let columns = columns_of(SAMPLE);
    let plain = Register::from_columns(m, columns.clone())
        .unwrap()
        .score(m)
        .unwrap();
    for rotate in [0, 1, 7] {
        let stream = stream_of(&encode(&columns, rotate)).unwrap();
        assert!(stream.read_fast());
        let outcomes: Vec<_> = stream.outcomes().collect();
        let expected: Vec<_> = plain.outcomes().cloned().collect();
        assert_eq!(outcomes, expected);
        assert_eq!(stream.summary(), plain.summary());
        // The notes come through: the scored CSV is the careful one's, byte for byte.
        let mut csv = Vec::new();
        needmatrix::report::write_stream_csv(&stream, &mut csv).unwrap();
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            needmatrix::report::register_csv(&plain)
        );
        // Each position names the input row of the entry in that place.
        let ids = &columns.iter().find(|(n, _)| n == "id").unwrap().1;
        let by_position: Vec<&str> = stream
            .positions()
            .map(|p| ids[p].as_deref().unwrap())
            .collect();
        let by_outcome: Vec<&str> = outcomes.iter().map(|o| o.id()).collect();
        assert_eq!(by_position, by_outcome);
    }
}

#[test]
fn a_fault_in_encoded_columns_is_named_as_the_careful_reader_names_it() {
    let m = Matrix::reference();
    let mut columns = columns_of(SAMPLE);
    let impact = columns.iter_mut().find(|(n, _)| n == "impact").unwrap();
    impact.1[3] = Some("huge".into());
    let id = columns.iter_mut().find(|(n, _)| n == "id").unwrap();
    id.1[10] = id.1[2].clone();
    let careful = Register::from_columns(m, columns.clone()).unwrap_err();
    let fast = stream_of(&encode(&columns, 3)).unwrap_err();
    assert_eq!(fast.to_string(), careful.to_string());
    assert_eq!(fast.faults(), careful.faults());
    assert_eq!(fast.faults().len(), 2);
}

#[test]
fn a_careful_read_keeps_the_positions() {
    // A non-ASCII weighting cell is left to the careful reader (which trims Unicode spaces).
    let mut columns = columns_of(SAMPLE);
    let weighting = columns.iter_mut().find(|(n, _)| n == "weighting").unwrap();
    weighting.1[0] = Some("vulnerable_victims\u{a0}".into());
    let stream = stream_of(&encode(&columns, 0)).unwrap();
    assert!(!stream.read_fast());
    let ids = &columns.iter().find(|(n, _)| n == "id").unwrap().1;
    let by_position: Vec<&str> = stream
        .positions()
        .map(|p| ids[p].as_deref().unwrap())
        .collect();
    let by_outcome: Vec<String> = stream.outcomes().map(|o| o.id().to_owned()).collect();
    assert_eq!(by_position, by_outcome);
}

#[test]
fn a_code_past_the_dictionary_is_refused_naming_the_column_and_row() {
    use needmatrix::stream::{EncodedColumn, ScoredStream};
    let (ids, areas, levels, ability) = (
        [Some("a"), Some("b")],
        [Some("major_crime")],
        [Some("major")],
        [Some("none")],
    );
    let (probability, likely) = ([Some("likely")], [0u32, 0]);
    let columns = [
        EncodedColumn::new("id", &ids, &[0, 1]),
        EncodedColumn::new("area", &areas, &[0, 0]),
        EncodedColumn::new("impact", &levels, &[0, 5]),
        EncodedColumn::new("probability", &probability, &likely),
        EncodedColumn::new("capability", &ability, &[0, 0]),
        EncodedColumn::new("capacity", &ability, &[0, 0]),
    ];
    let e = ScoredStream::from_columns(Matrix::reference(), &columns, 1).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    let at = e.location().unwrap();
    assert_eq!((at.record(), at.field_name()), (Some("#2"), Some("impact")));
    assert!(e.to_string().contains("code 5 is past the 1 cells"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any rows of the sample, some cells replaced by values that may be faults, encoded in any
    /// dictionary order: the encoded path gives what the careful reader gives, outcome for
    /// outcome or fault for fault.
    #[test]
    fn encoded_columns_agree_with_the_careful_reader(
        picks in proptest::collection::vec(0usize..50, 0..40),
        edits in proptest::collection::vec((0usize..40, 0usize..18, 0usize..8), 0..4),
        rotate in 0usize..5,
    ) {
        let m = Matrix::reference();
        let base = columns_of(SAMPLE);
        let mut columns: Vec<(String, Vec<Option<String>>)> = base
            .iter()
            .map(|(name, cells)| (name.clone(), picks.iter().map(|&r| cells[r].clone()).collect()))
            .collect();
        const VALUES: [Option<&str>; 8] = [None, Some(""), Some("huge"), Some("2.5"), Some("TRUE"),
            Some("2009-02-29"), Some("vulnerable_victims;vulnerable_victims"), Some("x")];
        for (row, column, value) in edits {
            if let Some((_, cells)) = columns.get_mut(column)
                && let Some(cell) = cells.get_mut(row)
            {
                *cell = VALUES[value].map(String::from);
            }
        }
        let careful = Register::from_columns(m, columns.clone()).and_then(|r| r.score(m));
        let encoded = stream_of(&encode(&columns, rotate));
        match (careful, encoded) {
            (Ok(plain), Ok(stream)) => {
                let expected: Vec<_> = plain.outcomes().cloned().collect();
                prop_assert_eq!(stream.outcomes().collect::<Vec<_>>(), expected);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "careful {:?}, encoded {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

#[test]
fn an_empty_id_in_encoded_columns_is_absent_as_in_a_csv_cell() {
    use needmatrix::stream::{EncodedColumn, ScoredStream};
    let (ids, areas, levels, probability, ability) = (
        [Some(""), Some("b")],
        [Some("major_crime")],
        [Some("major")],
        [Some("likely")],
        [Some("none")],
    );
    let columns = [
        EncodedColumn::new("id", &ids, &[0, 1]),
        EncodedColumn::new("area", &areas, &[0, 0]),
        EncodedColumn::new("impact", &levels, &[0, 0]),
        EncodedColumn::new("probability", &probability, &[0, 0]),
        EncodedColumn::new("capability", &ability, &[0, 0]),
        EncodedColumn::new("capacity", &ability, &[0, 0]),
    ];
    let e = ScoredStream::from_columns(Matrix::reference(), &columns, 1).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MissingField);
    let at = e.location().unwrap();
    assert_eq!((at.record(), at.field_name()), (Some("#1"), Some("id")));
}

/// The reference matrix with resources capped at 2 points (partnership still at 5).
fn resources_capped() -> Matrix {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../src/matrix/reference.json")).unwrap();
    assert_eq!(json["ameliorative"][1]["key"], "resources");
    json["ameliorative"][1]["max"] = "2".into();
    Matrix::from_json_str(&json.to_string()).unwrap()
}

#[test]
fn each_ameliorative_column_is_held_to_its_own_kinds_maximum() {
    use needmatrix::stream::ScoredStream;
    let m = resources_capped();
    // major × likely = 16, no ability: 3 points of partnership (max 5) and 2 of resources (max
    // 2) leave threat and need 11. Swapped, 3 points of resources are over its max.
    let within = "id,area,impact,probability,capability,capacity,ameliorative.partnership,ameliorative.resources\n\
                  t,major_crime,major,likely,none,none,3,2\n";
    let over = within.replace(",3,2\n", ",2,3\n");
    let careful = Register::from_text(&m, within, RegisterFormat::Csv)
        .unwrap()
        .score(&m)
        .unwrap();
    assert_eq!(careful.entries()[0].outcome().need().to_string(), "11");
    let from_csv = ScoredStream::from_text(&m, within.to_owned(), RegisterFormat::Csv).unwrap();
    let from_columns = stream_with(&m, &encode(&columns_of(within), 0)).unwrap();
    for fast in [&from_csv, &from_columns] {
        assert!(fast.read_fast());
        assert_eq!(
            fast.outcomes()
                .map(|o| o.need().to_string())
                .collect::<Vec<_>>(),
            ["11"]
        );
    }
    // Over the max: each path refuses it, naming the resources field.
    let refusals = [
        Register::from_text(&m, &over, RegisterFormat::Csv).unwrap_err(),
        ScoredStream::from_text(&m, over.clone(), RegisterFormat::Csv).unwrap_err(),
        stream_with(&m, &encode(&columns_of(&over), 0)).unwrap_err(),
    ];
    for e in &refusals {
        let fault = &e.faults()[0];
        assert_eq!(fault.code(), ErrorCode::AmeliorativeOutOfRange, "{e}");
        let field = fault.location().and_then(|at| at.field_name());
        assert_eq!(field, Some("ameliorative.resources"), "{e}");
    }
}

#[test]
fn a_kind_the_matrix_does_not_have_is_refused_on_every_path() {
    use needmatrix::stream::ScoredStream;
    let m = Matrix::reference();
    let text = "id,area,impact,probability,capability,capacity,ameliorative.bribery\n\
                t,major_crime,major,likely,none,none,1\n";
    let careful = Register::from_text(m, text, RegisterFormat::Csv).unwrap_err();
    let from_csv = ScoredStream::from_text(m, text.to_owned(), RegisterFormat::Csv).unwrap_err();
    let from_columns = stream_of(&encode(&columns_of(text), 0)).unwrap_err();
    assert_eq!(
        careful.faults()[0].code(),
        ErrorCode::UnknownAmeliorative,
        "{careful}"
    );
    assert_eq!(from_csv.to_string(), careful.to_string());
    assert_eq!(
        from_columns.faults()[0].code(),
        ErrorCode::UnknownAmeliorative
    );
}

#[test]
fn a_register_longer_than_the_limit_is_refused_before_a_row_is_read() {
    use needmatrix::MAX_REGISTER_ROWS;
    use needmatrix::stream::{EncodedColumn, ScoredStream};
    let m = Matrix::reference();
    let refused_at_the_limit = |e: needmatrix::Error| {
        assert_eq!(e.faults().len(), 1, "{e}");
        let fault = &e.faults()[0];
        assert_eq!(fault.code(), ErrorCode::OutOfRange, "{e}");
        let record = fault.location().and_then(|at| at.record());
        assert_eq!(record, Some("#10000001"), "{e}");
    };
    // Every row is empty, so a reader that went through them would list their faults first.
    let rows = MAX_REGISTER_ROWS + 1;
    let ids: Vec<Option<&str>> = vec![None; rows];
    refused_at_the_limit(Register::from_columns(m, [("id", ids)]).unwrap_err());
    // One row fewer is read: each row's fault is counted, none for the limit.
    let ids: Vec<Option<&str>> = vec![None; MAX_REGISTER_ROWS];
    let e = Register::from_columns(m, [("id", ids)]).unwrap_err();
    assert_eq!(e.faults()[0].code(), ErrorCode::MissingField);
    // Column refusals still come first.
    let e = Register::from_columns(
        m,
        [
            ("id", vec![None::<&str>; rows]),
            ("colour", vec![None; rows]),
        ],
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse, "{e}");
    // Encoded columns: one dictionary entry, ten million and one codes.
    let codes = vec![0_u32; rows];
    let id = EncodedColumn::new("id", &[Some("x")], &codes);
    assert_eq!((id.len(), id.is_empty()), (rows, false));
    assert!(EncodedColumn::new("id", &[Some("x")], &[]).is_empty());
    refused_at_the_limit(ScoredStream::from_columns(m, &[id], 2).unwrap_err());
}

#[test]
fn ids_the_careful_reader_refuses_are_refused_on_every_path() {
    use needmatrix::MAX_ID_CHARS;
    use needmatrix::stream::ScoredStream;
    let m = Matrix::reference();
    let register = |id: &str| {
        format!(
            "id,area,impact,probability,capability,capacity\n\
             first,major_crime,major,likely,none,none\n\
             {id},major_crime,minor,rare,none,none\n"
        )
    };
    // At the limit, in two-byte characters: taken by each path alike.
    let longest = register(&"é".repeat(MAX_ID_CHARS));
    let careful = Register::from_text(m, &longest, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let from_csv = ScoredStream::from_text(m, longest.clone(), RegisterFormat::Csv).unwrap();
    let from_columns = stream_of(&encode(&columns_of(&longest), 0)).unwrap();
    for fast in [&from_csv, &from_columns] {
        assert!(fast.read_fast());
        let ids: Vec<String> = fast.outcomes().map(|o| o.id().to_owned()).collect();
        let want: Vec<String> = careful.outcomes().map(|o| o.id().to_owned()).collect();
        assert_eq!(ids, want);
    }
    // One character over, or a control character: refused by each path alike.
    for id in ["a".repeat(MAX_ID_CHARS + 1), "bell\u{7}".to_owned()] {
        let text = register(&id);
        let careful = Register::from_text(m, &text, RegisterFormat::Csv).unwrap_err();
        assert_eq!(
            careful.faults()[0].code(),
            ErrorCode::InvalidId,
            "{careful}"
        );
        let from_csv = ScoredStream::from_text(m, text.clone(), RegisterFormat::Csv).unwrap_err();
        assert_eq!(from_csv.to_string(), careful.to_string());
        let from_columns = stream_of(&encode(&columns_of(&text), 0)).unwrap_err();
        assert_eq!(from_columns.faults()[0].code(), ErrorCode::InvalidId);
    }
}

#[test]
fn a_repeated_weighting_factor_is_refused_on_every_path() {
    use needmatrix::stream::ScoredStream;
    let m = Matrix::reference();
    // Each factor of the reference matrix repeated, the first one and later ones alike.
    for factor in m.weighting() {
        let key = factor.key();
        let text = format!(
            "id,area,impact,probability,capability,capacity,weighting\n\
             t,major_crime,major,likely,none,none,{key};{key}\n"
        );
        let careful = Register::from_text(m, &text, RegisterFormat::Csv).unwrap_err();
        let from_csv = ScoredStream::from_text(m, text.clone(), RegisterFormat::Csv).unwrap_err();
        assert_eq!(from_csv.to_string(), careful.to_string());
        let from_columns = stream_of(&encode(&columns_of(&text), 0)).unwrap_err();
        assert_eq!(
            from_columns.faults()[0].code(),
            careful.faults()[0].code(),
            "{key}"
        );
    }
}

/// A refusal of many records of columns handed over in memory says the frame is refused, not a
/// file; the same records in a CSV file say the file is.
#[test]
fn a_refused_frame_is_called_a_frame() {
    let m = Matrix::reference();
    let csv = "id,area,impact,probability,capability,capacity\n\
               a,major_crime,bogus,likely,none,none\n\
               b,major_crime,major,bogus,none,none\n";
    let from_file = Register::from_text(m, csv, RegisterFormat::Csv).unwrap_err();
    assert!(
        from_file
            .to_string()
            .starts_with("2 faulty record(s), the file is refused"),
        "{from_file}"
    );
    let from_frame = Register::from_columns(m, columns_of(csv)).unwrap_err();
    assert!(
        from_frame
            .to_string()
            .starts_with("2 faulty record(s), the frame is refused"),
        "{from_frame}"
    );
    assert_eq!(from_frame.total_faults(), 2);
    // Faults found only when scoring (deadlines past 9999-12-31) likewise.
    let late = "id,area,impact,probability,capability,capacity,assessed_on\n\
                a,major_crime,critical,likely,none,none,9999-12-01\n\
                b,major_crime,critical,likely,none,none,9999-12-02\n";
    let scored = Register::from_columns(m, columns_of(late))
        .unwrap()
        .score(m);
    let e = scored.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidDate);
    assert!(e.to_string().contains("the frame is refused"), "{e}");
}
