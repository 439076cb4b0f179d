//! The bulk workload of SPEC §8 against outside truth: SplitMix64's published first output, and
//! checksums computed by the Python peers (benches/peers/peers.py), an independent
//! implementation in Python's decimal and in numpy.

use needmatrix::Matrix;
use needmatrix::bulk::{Scorer, SplitMix64, Workload};

#[test]
fn splitmix64_matches_its_reference_output() {
    // The first output of SplitMix64 seeded with 0, as published with the algorithm.
    assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
}

fn checksum(n: usize, seed: u64, threads: usize) -> String {
    let scorer = Scorer::new(Matrix::reference()).unwrap();
    let inputs = Workload::new(seed).take(&scorer, n);
    let mut out = Vec::new();
    scorer.score_into_threads(&inputs, &mut out, threads);
    scorer.checksum(&out).to_string()
}

#[test]
fn checksum_of_100k_entries_matches_the_python_decimal_peer() {
    // python3 benches/peers/peers.py --n 100000 --seed 2008 --peers decimal
    assert_eq!(
        checksum(100_000, 2008, 1),
        "checksum need_sum=604327.75 red=25239 amber=20724 green=19427 none=34610 high_need=7830"
    );
}

#[test]
fn checksum_of_1m_entries_matches_the_numpy_peer_on_two_threads() {
    // python3 benches/peers/peers.py --n 1000000 --seed 2008 --peers numpy
    assert_eq!(
        checksum(1_000_000, 2008, 2),
        "checksum need_sum=6056363 red=253070 amber=207138 green=193594 none=346198 high_need=78589"
    );
}

#[test]
fn threads_do_not_change_results() {
    let scorer = Scorer::new(Matrix::reference()).unwrap();
    let inputs = Workload::new(7).take(&scorer, 50_000);
    let (mut one, mut three) = (Vec::new(), Vec::new());
    scorer.score_into(&inputs, &mut one);
    scorer.score_into_threads(&inputs, &mut three, 3);
    assert_eq!(one, three);
}

#[test]
fn a_matrix_too_large_for_64_bits_is_refused_with_a_reason() {
    let mut v: serde_json::Value =
        serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
    v["impact"][4]["points"] = "999999.9999".into();
    v["probability"][4]["points"] = "999999.9999".into();
    let m = Matrix::from_json_str(&v.to_string()).unwrap();
    let e = Scorer::new(&m).unwrap_err();
    assert_eq!(e.code().as_str(), "out_of_range");
    assert!(e.to_string().contains("Matrix::score"), "{e}");
}

#[test]
fn bulk_inputs_are_checked() {
    let scorer = Scorer::new(Matrix::reference()).unwrap();
    let p = |s: &str| s.parse::<needmatrix::Points>().unwrap();
    let ok = scorer.input_from_positions(0, 4, 4, 0b11, &[p("5"), p("0.25")], 1, 1, false, None);
    assert!(ok.is_ok());
    let bad = |r: needmatrix::Result<_>| r.unwrap_err().code();
    assert_eq!(
        bad(scorer.input_from_positions(10, 0, 0, 0, &[], 0, 0, false, None)),
        "unknown_area"
    );
    assert_eq!(
        bad(scorer.input_from_positions(0, 5, 0, 0, &[], 0, 0, false, None)),
        "unknown_level"
    );
    assert_eq!(
        bad(scorer.input_from_positions(0, 0, 0, 1 << 6, &[], 0, 0, false, None)),
        "unknown_factor"
    );
    assert_eq!(
        bad(scorer.input_from_positions(0, 0, 0, 0, &[p("5.0001")], 0, 0, false, None)),
        "ameliorative_out_of_range"
    );
    assert_eq!(
        bad(scorer.input_from_positions(0, 0, 0, 0, &[p("0"), p("0"), p("0")], 0, 0, false, None)),
        "unknown_ameliorative"
    );
}
