#![no_main]
//! Fuzz target: columns. A register frame's columns read by the fast path for frames
//! (`ScoredStream::from_columns`, dictionary-encoded) against the careful reader
//! (`Register::from_columns`, scored by `into_scored_bulk`): both accept them with the same
//! scored CSV and the same positions, or both refuse them with the same error. The input is
//! lines of `,`-separated cells, the first line the column names (a short line leaves columns
//! of different lengths); an empty cell is a missing value or an empty text, by its place. None
//! may panic, hang or exhaust memory.

use libfuzzer_sys::fuzz_target;
use needmatrix::bulk::Scorer;
use needmatrix::stream::{EncodedColumn, ScoredStream};
use needmatrix::{Matrix, Register, report};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.split('\n');
    let Some(header) = lines.next() else {
        return;
    };
    let names: Vec<&str> = header.split(',').collect();
    let mut columns: Vec<Vec<Option<&str>>> = vec![Vec::new(); names.len()];
    for (row, line) in lines.enumerate() {
        // A short row leaves its last columns short: columns of different lengths.
        for (n, (cell, column)) in line.split(',').zip(columns.iter_mut()).enumerate() {
            let missing = cell.is_empty() && (row + n) % 2 == 0;
            column.push((!missing).then_some(cell));
        }
    }
    let m = Matrix::reference();
    let Ok(scorer) = Scorer::new(m) else {
        return;
    };
    let careful = Register::from_columns(m, names.iter().copied().zip(columns.iter().cloned()))
        .and_then(|r| r.into_scored_bulk(&scorer, 1))
        .map(|s| report::register_csv(&s))
        .map_err(|e| e.to_string());
    // Each column dictionary-encoded in order of first use.
    let encoded: Vec<(Vec<Option<&str>>, Vec<u32>)> = columns
        .iter()
        .map(|cells| {
            let mut dictionary: Vec<Option<&str>> = Vec::new();
            let mut index = std::collections::HashMap::new();
            let codes = cells
                .iter()
                .map(|c| {
                    *index.entry(*c).or_insert_with(|| {
                        dictionary.push(*c);
                        (dictionary.len() - 1) as u32
                    })
                })
                .collect();
            (dictionary, codes)
        })
        .collect();
    let given: Vec<EncodedColumn<'_>> = names
        .iter()
        .zip(&encoded)
        .map(|(name, (d, codes))| EncodedColumn::new(name, d, codes))
        .collect();
    let fast = ScoredStream::from_columns(m, &given, 2).map(|s| {
        let mut out = Vec::new();
        report::write_stream_csv(&s, &mut out).expect("writing to memory");
        // Each position names the input row of the entry in that place.
        let ids = names.iter().position(|n| *n == "id").and_then(|i| columns.get(i));
        for (p, o) in s.positions().zip(s.outcomes()) {
            let id = ids.and_then(|c| c.get(p).copied().flatten());
            assert_eq!(id, Some(o.id()), "position {p}");
        }
        String::from_utf8(out).expect("the scored CSV is UTF-8")
    });
    assert_eq!(fast.map_err(|e| e.to_string()), careful);
});
