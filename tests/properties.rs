//! Properties of the model (SPEC §3) and of the formats, over random matrices and inputs.

use needmatrix::{Assessment, Grade, Matrix, Outcome, Points, Register};
use proptest::prelude::*;
use serde_json::{Value, json};

const GRADES: [&str; 3] = ["red", "amber", "green"];
const ABILITY: [&str; 3] = ["min", "mean", "sum"];

/// A points string with up to 4 places and at most 100.
fn points() -> impl Strategy<Value = String> {
    (0u32..=100, 0u32..10_000, 0usize..=4).prop_map(|(i, f, places)| {
        if places == 0 {
            i.to_string()
        } else {
            let frac = format!("{f:04}");
            format!("{i}.{}", &frac[..places])
        }
    })
}

/// Strictly increasing points: a start and positive steps.
fn increasing(
    n: std::ops::Range<usize>,
    start_at_zero: bool,
) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec((1u32..2000, 0u32..4), n).prop_map(move |steps| {
        let mut total: u64 = if start_at_zero { 0 } else { 1 };
        let mut out = Vec::new();
        for (k, (step, places)) in steps.into_iter().enumerate() {
            if k > 0 || !start_at_zero {
                total += u64::from(step) * 10u64.pow(places);
            }
            let whole = total / 10_000;
            let frac = total % 10_000;
            out.push(format!("{whole}.{frac:04}"));
        }
        out
    })
}

fn entries(prefix: &str, points: &[String], field: &str) -> Vec<Value> {
    points
        .iter()
        .enumerate()
        .map(|(i, p)| json!({"key": format!("{prefix}{i}"), field: p}))
        .collect()
}

prop_compose! {
    fn any_matrix()(
        areas in 1usize..4,
        impact in increasing(2..6, false),
        probability in increasing(2..6, false),
        grid in prop::option::of(prop::collection::vec(points(), 36)),
        weighting in prop::collection::vec(points(), 0..7),
        ameliorative in prop::collection::vec(points(), 0..3),
        capability in increasing(1..5, true),
        capacity in increasing(1..5, false),
        ability in 0usize..3,
        threat_bands in increasing(1..5, true),
        need_bands in increasing(1..5, true),
        grade_picks in prop::collection::vec((any::<bool>(), 0usize..3, 1u8..=120), 5),
        high_risk in 0usize..5,
        labelled in any::<bool>(),
    ) -> Value {
        let risk = match grid {
            None => json!("product"),
            Some(cells) => json!({"grid": (0..probability.len())
                .map(|p| (0..impact.len()).map(|i| cells[p * 6 + i].clone()).collect::<Vec<_>>())
                .collect::<Vec<_>>()}),
        };
        let grades: Vec<Value> = need_bands.iter().enumerate().zip(&grade_picks)
            .filter(|(_, (on, _, _))| *on)
            .map(|((b, _), (_, g, months))| json!({"band": format!("n{b}"), "grade": GRADES[*g], "months": months}))
            .collect();
        let mut areas: Vec<Value> = (0..areas).map(|a| json!({"key": format!("area{a}")})).collect();
        if labelled {
            areas[0]["label"] = json!("First area");
        }
        json!({
            "id": "prop", "version": "0.1", "areas": areas,
            "impact": entries("i", &impact, "points"),
            "probability": entries("p", &probability, "points"),
            "risk": risk,
            "weighting": entries("w", &weighting, "points"),
            "ameliorative": entries("a", &ameliorative, "max"),
            "capability": entries("cb", &capability, "points"),
            "capacity": entries("cy", &capacity, "points"),
            "ability": ABILITY[ability],
            "threat_bands": entries("t", &threat_bands, "min"),
            "need_bands": entries("n", &need_bands, "min"),
            "grades": grades,
            "high_risk_band": format!("t{}", high_risk % threat_bands.len()),
        })
    }
}

/// Choices for one assessment, turned into keys of a given matrix by `assessment_for`.
#[derive(Clone, Debug)]
struct Choice {
    area: usize,
    impact: usize,
    probability: usize,
    weighting: u64,
    ameliorative: Vec<u32>,
    capability: usize,
    capacity: usize,
    measure: bool,
    date: Option<(i16, i8, i8)>,
    /// The lead's judgement of high risk (SPEC §3 step 11), when recorded.
    lead: Option<bool>,
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        (0usize..16, 0usize..16, 0usize..16, any::<u64>()),
        prop::collection::vec(0u32..=10_000, 16),
        (0usize..16, 0usize..16, any::<bool>()),
        prop::option::of((1900i16..2100, 1i8..=12, 1i8..=31)),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(
                (area, impact, probability, weighting),
                ameliorative,
                (capability, capacity, measure),
                date,
                lead,
            )| Choice {
                area,
                impact,
                probability,
                weighting,
                ameliorative,
                capability,
                capacity,
                measure,
                date,
                lead,
            },
        )
}

fn assessment_for(m: &Matrix, id: &str, c: &Choice) -> Assessment {
    let pick = |n: usize, len: usize| n % len;
    let mut a = Assessment::new(
        id,
        m.areas()[pick(c.area, m.areas().len())].key(),
        m.impact()[pick(c.impact, m.impact().len())].key(),
        m.probability()[pick(c.probability, m.probability().len())].key(),
        m.capability()[pick(c.capability, m.capability().len())].key(),
        m.capacity()[pick(c.capacity, m.capacity().len())].key(),
    )
    .unwrap()
    .with_weighting(
        m.weighting()
            .iter()
            .enumerate()
            .filter(|(j, _)| c.weighting >> j & 1 == 1)
            .map(|(_, f)| f.key().to_owned()),
    )
    .with_measure_in_place(c.measure);
    if let Some(lead) = c.lead {
        a = a.with_lead_high_risk(lead);
    }
    for (kind, share) in m.ameliorative().iter().zip(&c.ameliorative) {
        // share/10000 of the kind's max, truncated to 4 places.
        let points = (kind.max().value() * rust_decimal::Decimal::new(i64::from(*share), 4))
            .trunc_with_scale(4);
        a = a.with_ameliorative(kind.key(), Points::new(points));
    }
    if let Some((y, mo, d)) = c.date
        && let Ok(date) = jiff::civil::Date::new(y, mo, d.min(28))
    {
        a = a.with_assessed_on(date);
    }
    a
}

fn severity(g: Option<Grade>) -> u8 {
    g.map_or(0, |g| match g {
        Grade::Green => 1,
        Grade::Amber => 2,
        Grade::Red => 3,
    })
}

fn reference_choice() -> impl Strategy<Value = Choice> {
    choice().prop_map(|mut c| {
        c.impact %= 5;
        c.probability %= 5;
        c.capability %= 5;
        c.capacity %= 5;
        c.weighting &= 63;
        c
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn identities_hold_on_any_matrix(mv in any_matrix(), c in choice()) {
        let m = Matrix::from_json_str(&mv.to_string()).unwrap();
        let o = m.score(&assessment_for(&m, "x", &c)).unwrap();
        prop_assert_eq!(o.need().value() - o.surplus().value(), o.gap().value());
        prop_assert_eq!(o.need().value() + o.surplus().value(), o.gap().value().abs());
        prop_assert!(o.threat() >= Points::ZERO);
        prop_assert!(o.threat() <= o.comparator());
        let tb = &m.threat_bands()[o.threat_band_position()];
        prop_assert!(tb.min() <= o.threat());
        if let Some(next) = m.threat_bands().get(o.threat_band_position() + 1) {
            prop_assert!(o.threat() < next.min());
        }
        let nb = &m.need_bands()[o.need_band_position()];
        prop_assert!(nb.min() <= o.need());
        if let Some(next) = m.need_bands().get(o.need_band_position() + 1) {
            prop_assert!(o.need() < next.min());
        }
        let by_band = o.threat_band_position() >= m.high_risk_position();
        prop_assert_eq!(o.high_risk(), c.lead.unwrap_or(by_band));
        prop_assert_eq!(o.high_need(), o.grade() == Some(Grade::Red) && o.high_risk() && !c.measure);
    }

    #[test]
    fn raising_impact_probability_or_weighting_never_lowers_threat_need_or_grade(c in reference_choice(), which in 0usize..3, factor in 0usize..6) {
        let m = Matrix::reference();
        let before = m.score(&assessment_for(m, "x", &c)).unwrap();
        let mut up = c.clone();
        match which {
            0 => up.impact = (c.impact + 1).min(4),
            1 => up.probability = (c.probability + 1).min(4),
            _ => up.weighting |= 1 << factor,
        }
        let after = m.score(&assessment_for(m, "x", &up)).unwrap();
        prop_assert!(after.threat() >= before.threat());
        prop_assert!(after.need() >= before.need());
        prop_assert!(severity(after.grade()) >= severity(before.grade()));
    }

    #[test]
    fn raising_capability_capacity_or_mitigation_never_raises_need(c in reference_choice(), which in 0usize..4) {
        let m = Matrix::reference();
        let before = m.score(&assessment_for(m, "x", &c)).unwrap();
        let mut up = c.clone();
        match which {
            0 => up.capability = (c.capability + 1).min(4),
            1 => up.capacity = (c.capacity + 1).min(4),
            2 => up.ameliorative[0] = (c.ameliorative[0] + 1234).min(10_000),
            _ => up.ameliorative[1] = 10_000,
        }
        let after = m.score(&assessment_for(m, "x", &up)).unwrap();
        prop_assert!(after.need() <= before.need());
    }

    #[test]
    fn priority_order_is_total_and_independent_of_input_order(mv in any_matrix(), cs in prop::collection::vec(choice(), 1..30), seed in any::<u64>()) {
        let m = Matrix::from_json_str(&mv.to_string()).unwrap();
        let list: Vec<Assessment> = cs.iter().enumerate().map(|(i, c)| assessment_for(&m, &format!("id{}", (i * 7919) % 1000), c)).collect();
        let mut shuffled = list.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (s >> 33) as usize % (i + 1));
        }
        let a = Register::new(list).unwrap().score(&m).unwrap();
        let b = Register::new(shuffled).unwrap().score(&m).unwrap();
        let ids = |r: &needmatrix::ScoredRegister| r.outcomes().map(|o| o.id().to_owned()).collect::<Vec<_>>();
        prop_assert_eq!(ids(&a), ids(&b));
        let outcomes: Vec<&Outcome> = a.outcomes().collect();
        for x in &outcomes {
            for y in &outcomes {
                let xy = x.priority_cmp(y);
                prop_assert_eq!(xy, y.priority_cmp(x).reverse());
                prop_assert_eq!(xy == std::cmp::Ordering::Equal, x.id() == y.id());
            }
        }
        for pair in outcomes.windows(2) {
            prop_assert_eq!(pair[0].priority_cmp(pair[1]), std::cmp::Ordering::Less);
        }
    }

    #[cfg(feature = "toml")]
    #[test]
    fn matrices_round_trip_through_json_and_toml(mv in any_matrix()) {
        let m = Matrix::from_json_str(&mv.to_string()).unwrap();
        let json = Matrix::from_json_str(&m.to_canonical_json()).unwrap();
        let toml = Matrix::from_toml_str(&m.to_toml()).unwrap();
        prop_assert_eq!(&json, &m);
        prop_assert_eq!(&toml, &m);
        // serde_json::Value sorts keys: another key order, the same fingerprint.
        let sorted: Value = serde_json::from_str(&m.to_canonical_json()).unwrap();
        let resorted = Matrix::from_json_str(&serde_json::to_string_pretty(&sorted).unwrap()).unwrap();
        prop_assert_eq!(resorted.fingerprint(), m.fingerprint());
        prop_assert_eq!(toml.fingerprint(), m.fingerprint());
    }

    #[cfg(feature = "toml")]
    #[test]
    fn assessments_and_outcomes_round_trip(mv in any_matrix(), c in choice()) {
        let m = Matrix::from_json_str(&mv.to_string()).unwrap();
        let a = assessment_for(&m, "round-trip", &c);
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(&Assessment::from_json_str(&m, &json).unwrap(), &a);
        let toml = toml::to_string(&a).unwrap();
        prop_assert_eq!(&Assessment::from_toml_str(&m, &toml).unwrap(), &a);
        let o = m.score(&a).unwrap();
        let json = serde_json::to_string(&o).unwrap();
        prop_assert_eq!(&Outcome::from_json_str(&m, &json).unwrap(), &o);
        let toml = toml::to_string(&o).unwrap();
        prop_assert_eq!(&Outcome::from_toml_str(&m, &toml).unwrap(), &o);
    }
}

mod compiled {
    //! The compiled bulk scorer gives exactly the outcomes of the one-at-a-time path.
    use super::*;
    use needmatrix::bulk::{Scorer, Workload};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn bulk_scoring_equals_one_at_a_time(mv in any_matrix(), cs in prop::collection::vec(choice(), 1..20)) {
            let m = Matrix::from_json_str(&mv.to_string()).unwrap();
            let scorer = Scorer::new(&m).unwrap();
            let assessments: Vec<Assessment> = cs.iter().enumerate().map(|(i, c)| assessment_for(&m, &format!("a{i}"), c)).collect();
            let inputs: Vec<_> = assessments.iter().map(|a| scorer.input(a).unwrap()).collect();
            let mut out = Vec::new();
            scorer.score_into(&inputs, &mut out);
            let mut threaded = Vec::new();
            scorer.score_into_threads(&inputs, &mut threaded, 2);
            prop_assert_eq!(&out, &threaded);
            for ((a, input), o) in assessments.iter().zip(&inputs).zip(&out) {
                let expected = m.score(a).unwrap();
                let got = scorer.outcome(a.id(), input, o).unwrap();
                prop_assert_eq!(&got, &expected);
                prop_assert_eq!(serde_json::to_string(&got).unwrap(), serde_json::to_string(&expected).unwrap());
            }
        }

        #[test]
        fn the_workload_scores_alike_both_ways(seed in any::<u64>()) {
            let m = Matrix::reference();
            let scorer = Scorer::new(m).unwrap();
            let mut w = Workload::new(seed);
            for _ in 0..50 {
                let e = w.next_entry();
                let a = e.assessment();
                let input = e.bulk_input(&scorer);
                prop_assert_eq!(input, scorer.input(&a).unwrap());
                let o = scorer.score(&input);
                prop_assert_eq!(scorer.outcome(a.id(), &input, &o).unwrap(), m.score(&a).unwrap());
            }
        }
    }

    prop_compose! {
        /// A matrix that reaches every path of the compiled scorer: up to 40 weighting factors
        /// (the factor-sum table stops at 12), up to 11 bands (the fast band search stops at 8),
        /// points up to 1 000 000 with 4 places (near where the scorer's 64-bit integers end).
        fn wide_matrix()(
            base in any_matrix(),
            weighting in prop::collection::vec(points(), 0..40),
            threat_bands in increasing(1..12, true),
            need_bands in increasing(1..12, true),
            big in any::<bool>(),
            grade_picks in prop::collection::vec((any::<bool>(), 0usize..3, 1u8..=120), 11),
        ) -> Value {
            let mut m = base;
            m["weighting"] = json!(entries("w", &weighting, "points"));
            m["threat_bands"] = json!(entries("t", &threat_bands, "min"));
            m["need_bands"] = json!(entries("n", &need_bands, "min"));
            m["high_risk_band"] = json!(format!("t{}", threat_bands.len() / 2));
            m["grades"] = json!(need_bands.iter().enumerate().zip(&grade_picks)
                .filter(|(_, (on, _, _))| *on)
                .map(|((b, _), (_, g, months))| json!({"band": format!("n{b}"), "grade": GRADES[*g], "months": months}))
                .collect::<Vec<_>>());
            if big {
                // The top impact and probability near the input limit, with 4 places.
                let top = |v: &mut Value, list: &str| {
                    if let Some(last) = v[list].as_array_mut().and_then(|l| l.last_mut()) {
                        last["points"] = json!("999999.9999");
                    }
                };
                top(&mut m, "impact");
                top(&mut m, "probability");
                m["risk"] = json!("product");
            }
            m
        }
    }

    /// Real calendar dates, month ends, leap days and the last months before 9999-12-31 among
    /// them (where a deadline overflows and both paths must refuse alike).
    fn any_date() -> impl Strategy<Value = Option<jiff::civil::Date>> {
        prop_oneof![
            Just(None),
            (1900i16..2100, 1i8..=12, 1i8..=31)
                .prop_map(|(y, m, d)| jiff::civil::Date::new(y, m, d).ok()),
            prop::sample::select(vec![
                (2008, 1, 31),
                (2008, 2, 29),
                (2009, 2, 28),
                (2008, 8, 31),
                (2008, 11, 30),
                (9999, 9, 30),
                (9999, 10, 31),
                (9999, 11, 30),
                (9999, 12, 31),
            ])
            .prop_map(|(y, m, d)| jiff::civil::Date::new(y, m, d).ok()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// Every path (the hot-loop kernel, the plain scorer, scoped threads past 8 192 inputs, the
        /// rayon pool) gives the outcome `Matrix::score` gives, or refuses as it does.
        #[test]
        fn bulk_equals_one_at_a_time_on_every_path(
            mv in wide_matrix(),
            cs in prop::collection::vec((choice(), any_date()), 1..24),
        ) {
            let m = Matrix::from_json_str(&mv.to_string()).unwrap();
            let Ok(scorer) = Scorer::new(&m) else {
                // Refused only when its values do not fit 64-bit integers at its scale; such a
                // matrix is scored by `Matrix::score`.
                return Ok(());
            };
            let assessments: Vec<Assessment> = cs
                .iter()
                .enumerate()
                .map(|(i, (c, date))| {
                    let a = assessment_for(&m, &format!("a{i}"), c);
                    match date {
                        Some(d) => a.with_assessed_on(*d),
                        None => a,
                    }
                })
                .collect();
            let expected: Vec<_> = assessments.iter().map(|a| m.score(a)).collect();
            let unique: Vec<_> = assessments.iter().map(|a| scorer.input(a).unwrap()).collect();
            // Repeated past the threaded path's threshold.
            let inputs: Vec<_> = unique.iter().copied().cycle().take(8_192 + 77).collect();
            let (mut kernel, mut threaded) = (Vec::new(), Vec::new());
            scorer.score_into(&inputs, &mut kernel);
            scorer.score_into_threads(&inputs, &mut threaded, 3);
            prop_assert_eq!(&kernel, &threaded);
            #[cfg(feature = "parallel")]
            {
                let mut pooled = Vec::new();
                scorer.score_into_parallel(&inputs, &mut pooled);
                prop_assert_eq!(&kernel, &pooled);
            }
            for (n, (input, o)) in inputs.iter().zip(&kernel).enumerate().take(unique.len() * 2) {
                let k = n % unique.len();
                prop_assert_eq!(&scorer.score(input), o, "plain scorer and kernel");
                match (&expected[k], scorer.outcome(assessments[k].id(), input, o)) {
                    (Ok(want), Ok(got)) => prop_assert_eq!(want, &got),
                    (Err(want), Err(got)) => prop_assert_eq!(want.code(), got.code()),
                    (want, got) => prop_assert!(false, "{:?} against {:?}", want, got),
                }
            }
        }
    }
}
