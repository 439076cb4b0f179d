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

/// Month ends and the last representable year go through every bulk path as through
/// `Matrix::score`: the same deadline, or the same refusal.
#[test]
fn deadlines_in_bulk_are_those_of_matrix_score() {
    use needmatrix::Assessment;
    use needmatrix::jiff::civil::date;
    let m = Matrix::reference();
    let scorer = Scorer::new(m).unwrap();
    let dates = [
        date(2008, 1, 31),
        date(2008, 8, 31),
        date(2008, 11, 30),
        date(2009, 2, 28),
        date(9999, 10, 31),
        date(9999, 12, 31),
    ];
    let levels = ["minimal", "minor", "moderate", "major", "critical"];
    let mut assessments = Vec::new();
    for (n, d) in dates.iter().enumerate() {
        for (k, impact) in levels.iter().enumerate() {
            let a = Assessment::new(
                format!("a{n}-{k}"),
                "major_crime",
                *impact,
                "almost_certain",
                "none",
                "none",
            )
            .unwrap()
            .with_assessed_on(*d)
            .with_measure_in_place(k % 2 == 0);
            assessments.push(a);
        }
    }
    // Repeated past the threaded path's threshold.
    let inputs: Vec<_> = assessments
        .iter()
        .map(|a| scorer.input(a).unwrap())
        .cycle()
        .take(20_000)
        .collect();
    let (mut kernel, mut threaded) = (Vec::new(), Vec::new());
    scorer.score_into(&inputs, &mut kernel);
    scorer.score_into_threads(&inputs, &mut threaded, 2);
    assert_eq!(kernel, threaded);
    for (i, (input, o)) in inputs.iter().zip(&kernel).enumerate() {
        let a = &assessments[i % assessments.len()];
        assert_eq!(input.assessed_on(), a.assessed_on());
        assert_eq!(scorer.score(input), *o, "plain and kernel agree");
        match (m.score(a), scorer.outcome(a.id(), input, o)) {
            (Ok(want), Ok(got)) => {
                // The packed outcome's own accessors, not only the outcome rebuilt from it.
                assert_eq!(scorer.points(o.gap_fixed()), want.gap());
                assert_eq!(scorer.points(o.need_fixed()), want.need());
                assert_eq!(o.grade(), want.grade());
                assert_eq!(o.action_due(), want.action_due());
                assert_eq!(
                    (o.high_risk(), o.high_need()),
                    (want.high_risk(), want.high_need())
                );
                assert_eq!(
                    (o.threat_band(), o.need_band()),
                    (want.threat_band_position(), want.need_band_position())
                );
                assert_eq!(want, got);
            }
            (Err(want), Err(got)) => assert_eq!(want.code(), got.code()),
            (want, got) => panic!("{}: {want:?} against {got:?}", a.id()),
        }
    }
    assert!(kernel.iter().any(|o| o.action_due().is_some()));
    assert!(
        kernel
            .iter()
            .any(|o| o.grade().is_some() && o.action_due().is_none())
    );
}

#[cfg(feature = "parallel")]
#[test]
fn the_rayon_path_gives_the_same_results_on_the_callers_pool() {
    let scorer = Scorer::new(Matrix::reference()).unwrap();
    let inputs = Workload::new(11).take(&scorer, 50_000);
    let (mut one, mut pooled, mut global) = (Vec::new(), Vec::new(), Vec::new());
    scorer.score_into(&inputs, &mut one);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    pool.install(|| scorer.score_into_parallel(&inputs, &mut pooled));
    scorer.score_into_parallel(&inputs, &mut global);
    assert_eq!(one, pooled);
    assert_eq!(one, global);
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
