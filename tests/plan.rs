//! Gap-bridging options (SPEC §9) and progress (SPEC §10): hand-worked cases and properties.

mod common;

use needmatrix::plan::{AmeliorativeStep, GapOption, band_after, options, options_with_step};
#[cfg(feature = "csv")]
use needmatrix::plan::{Progress, Status};
use needmatrix::{Assessment, Matrix, Points};
#[cfg(feature = "csv")]
use needmatrix::{Register, RegisterFormat};
use proptest::prelude::*;
use serde_json::json;

fn p(s: &str) -> Points {
    s.parse().unwrap()
}

fn a(impact: &str, prob: &str, cap: &str, cty: &str) -> Assessment {
    Assessment::new("x", "public_order", impact, prob, cap, cty).unwrap()
}

/// The options in steps of `step` (SPEC §9).
fn stepped(x: &Assessment, step: &str) -> Vec<GapOption> {
    options_with_step(Matrix::reference(), x, step.parse().unwrap()).unwrap()
}

/// The points each ameliorative option adds, by kind.
fn adds(o: &[GapOption]) -> Vec<(String, String)> {
    o.iter()
        .filter_map(|o| match o {
            GapOption::Ameliorative { kind, add } => Some((kind.clone(), add.to_string())),
            _ => None,
        })
        .collect()
}

fn pair(kind: &str, add: &str) -> (String, String) {
    (kind.to_owned(), add.to_owned())
}

#[test]
fn ameliorative_options_come_in_whole_steps() {
    // need 8, band medium (floor 5): need − floor = 3.
    //   S = 0.5: 0.5 × (⌊3 / 0.5⌋ + 1) = 0.5 × 7 = 3.5 (need 4.5, low)
    //   S = 1:   1 × (3 + 1) = 4 (need 4)
    //   S = 0.3: 0.3 × (⌊10⌋ + 1) = 3.3 (need 4.7)
    //   S = 0.7: 0.7 × (⌊4.28…⌋ + 1) = 3.5
    //   S = 5:   5 × (0 + 1) = 5, within the max of 5 (need 3)
    let x = a("major", "likely", "adequate", "adequate");
    for (step, add) in [
        ("0.5", "3.5"),
        ("1", "4"),
        ("0.3", "3.3"),
        ("0.7", "3.5"),
        ("5", "5"),
    ] {
        assert_eq!(
            adds(&stepped(&x, step)),
            [pair("partnership", add), pair("resources", add)],
            "step {step}"
        );
    }
    // The default step is 0.5, in words as a chief officer reads them.
    let o = options(Matrix::reference(), &x).unwrap();
    assert_eq!(o[0].to_string(), "add 3.5 points of partnership");
    assert_eq!(
        serde_json::to_value(&o[0]).unwrap(),
        json!({"lever": "ameliorative.partnership", "add": "3.5"})
    );
    // need 6 (medium), resources 4 already: S = 0.5 gives 0.5 × 3 = 1.5, partnership only
    // (resources 4 + 1.5 > 5); S = 1 gives 2, partnership only.
    let x = a("major", "likely", "adequate", "adequate")
        .with_weighting(["repeat_victimisation"])
        .with_ameliorative("resources", p("4"));
    assert_eq!(adds(&stepped(&x, "0.5")), [pair("partnership", "1.5")]);
    assert_eq!(adds(&stepped(&x, "1")), [pair("partnership", "2")]);
    // need exactly 5, the floor of medium: one whole step.
    let x = a("major", "likely", "adequate", "adequate").with_ameliorative("partnership", p("3"));
    assert_eq!(
        adds(&stepped(&x, "0.5")),
        [pair("partnership", "0.5"), pair("resources", "0.5")]
    );
    // partnership 3 + 2 = 5 is within its max; S = 2.5 gives 2.5 for resources (0 + 2.5) and
    // none for partnership (3 + 2.5 > 5).
    assert_eq!(
        adds(&stepped(&x, "2")),
        [pair("partnership", "2"), pair("resources", "2")]
    );
    assert_eq!(adds(&stepped(&x, "2.5")), [pair("resources", "2.5")]);
}

#[test]
fn a_step_outside_its_rule_is_refused() {
    for (bad, code) in [
        ("0", "out_of_range"),
        ("-0.5", "out_of_range"),
        ("5.0001", "out_of_range"),
        ("6", "out_of_range"),
        ("0.00001", "out_of_range"),
        ("half", "parse"),
        ("1e-1", "parse"),
        ("", "parse"),
        (".5", "parse"),
    ] {
        let e = bad.parse::<AmeliorativeStep>().unwrap_err();
        assert_eq!(e.code().as_str(), code, "{bad}: {e}");
    }
    assert_eq!(
        "5".parse::<AmeliorativeStep>().unwrap(),
        AmeliorativeStep::MAX
    );
    assert_eq!(
        "0.50".parse::<AmeliorativeStep>().unwrap(),
        AmeliorativeStep::DEFAULT
    );
    // A text that is no number says what a points value looks like (SPEC §1's pattern).
    let e = "half".parse::<AmeliorativeStep>().unwrap_err();
    assert!(
        e.to_string().contains("`half` is not a points value"),
        "{e}"
    );
    // Shown as the points it is, canonical.
    assert_eq!(AmeliorativeStep::DEFAULT.to_string(), "0.5");
    assert_eq!(
        "2.50".parse::<AmeliorativeStep>().unwrap().to_string(),
        "2.5"
    );
    assert_eq!(AmeliorativeStep::FINEST.to_string(), "0.0001");
}

#[test]
fn no_level_helps_but_partnership_can() {
    // 16 − min(8, 8) = 8, band medium (floor 5). Raising one side leaves the minimum at 8.
    // In the finest step (the options before 2026-12): 3.0001.
    let o = options_with_step(
        Matrix::reference(),
        &a("major", "likely", "adequate", "adequate"),
        AmeliorativeStep::FINEST,
    )
    .unwrap();
    assert_eq!(
        o,
        [
            GapOption::Ameliorative {
                kind: "partnership".into(),
                add: p("3.0001")
            },
            GapOption::Ameliorative {
                kind: "resources".into(),
                add: p("3.0001")
            },
        ]
    );
    assert_eq!(
        serde_json::to_value(&o[0]).unwrap(),
        json!({"lever": "ameliorative.partnership", "add": "3.0001"})
    );
    // Either option leaves need 8 − 3.0001 = 4.9999: band low (floor 1), one below medium.
    let x = a("major", "likely", "adequate", "adequate");
    for option in &o {
        assert_eq!(band_key(&x, option), "low", "{option}");
    }
}

/// The key of the need band `option` takes `x` to.
fn band_key(x: &Assessment, option: &GapOption) -> String {
    let m = Matrix::reference();
    m.need_bands()[band_after(m, x, option).unwrap()]
        .key()
        .to_owned()
}

#[test]
fn a_level_helps_and_the_first_one_that_does_is_offered() {
    // critical × likely = 20; min(limited 4, adequate 8) = 4: need 16, high (floor 10).
    // capability good → min(12, 8) = 8: need 12, still high; strong → 8 too. Capacity: no
    // level helps while capability stays limited (4). So no level options; and 6.0001 points
    // exceed any kind's max 5.
    let o = options(
        Matrix::reference(),
        &a("critical", "likely", "limited", "adequate"),
    )
    .unwrap();
    assert_eq!(o, []);
    // major × likely = 16, min(none, strong) = 0: need 16. capability limited → 12 (high);
    // adequate → 8 (medium): offered. Capacity is already the top level.
    let o = options(Matrix::reference(), &a("major", "likely", "none", "strong")).unwrap();
    assert_eq!(
        o,
        [GapOption::Capability {
            to: "adequate".into()
        }]
    );
    assert_eq!(
        serde_json::to_value(&o[0]).unwrap(),
        json!({"lever": "capability", "to": "adequate"})
    );
    // 16 − min(adequate 8, strong 16) = 8: medium, one band down from high.
    assert_eq!(
        band_key(&a("major", "likely", "none", "strong"), &o[0]),
        "medium"
    );
}

#[test]
fn only_partnership_when_resources_are_spent_and_the_max_rules_out_more() {
    // 16 + 2 (repeat victimisation) = 18 − resources 4 = 14; − 8 = need 6, medium (floor 5).
    // Δ = 6 − 5 + 0.0001 = 1.0001: partnership 0 + 1.0001 ≤ 5, resources 4 + 1.0001 > 5.
    let x = a("major", "likely", "adequate", "adequate")
        .with_weighting(["repeat_victimisation"])
        .with_ameliorative("resources", p("4"));
    let o = options_with_step(Matrix::reference(), &x, AmeliorativeStep::FINEST).unwrap();
    assert_eq!(
        o,
        [GapOption::Ameliorative {
            kind: "partnership".into(),
            add: p("1.0001")
        }]
    );
    assert_eq!(o[0].to_string(), "add 1.0001 points of partnership");
}

#[test]
fn a_band_floor_hit_exactly_needs_one_step() {
    // need exactly 5 (floor of medium): Δ = 0.0001 in the finest step.
    let x = a("major", "likely", "adequate", "adequate").with_ameliorative("partnership", p("3"));
    let o = options_with_step(Matrix::reference(), &x, AmeliorativeStep::FINEST).unwrap();
    assert_eq!(
        o[0],
        GapOption::Ameliorative {
            kind: "partnership".into(),
            add: p("0.0001")
        }
    );
    assert_eq!(
        o[1],
        GapOption::Ameliorative {
            kind: "resources".into(),
            add: p("0.0001")
        }
    );
}

#[test]
fn the_lowest_band_has_no_options() {
    let o = options(Matrix::reference(), &a("minor", "rare", "good", "good")).unwrap();
    assert_eq!(o, []);
}

fn need_band(m: &Matrix, x: &Assessment) -> usize {
    m.score(x).unwrap().need_band_position()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Applying any option lowers the need band; the option one step less (in the plan's
    /// ameliorative step), or the level below it, does not.
    #[test]
    fn options_are_the_least_changes_that_work(
        impact in 0usize..5, prob in 0usize..5, w in 0u64..64, cap in 0usize..5, cty in 0usize..5,
        part in 0u32..=20, res in 0u32..=20,
        step in prop::sample::select(&["0.0001", "0.25", "0.5", "1", "0.3", "5"][..]),
    ) {
        let step: AmeliorativeStep = step.parse().unwrap();
        let m = Matrix::reference();
        let key = |l: &[needmatrix::Level], i: usize| l[i].key().to_owned();
        let quarter = |q: u32| Points::new(rust_decimal::Decimal::new(i64::from(q) * 25, 2));
        let base = Assessment::new("x", "major_crime", key(m.impact(), impact), key(m.probability(), prob), key(m.capability(), cap), key(m.capacity(), cty))
            .unwrap()
            .with_weighting(m.weighting().iter().enumerate().filter(|(j, _)| w >> j & 1 == 1).map(|(_, f)| f.key().to_owned()))
            .with_ameliorative("partnership", quarter(part))
            .with_ameliorative("resources", quarter(res));
        let band = need_band(m, &base);
        let offered = options_with_step(m, &base, step).unwrap();
        // Two-sided: every lever on which some single change lowers the band is offered (found
        // by brute force over every higher level, and over every whole number of steps of the
        // points still allowed).
        if band > 0 {
            let levers: Vec<String> = offered.iter().map(GapOption::lever).collect();
            let with_levels = |c: usize, y: usize| {
                Assessment::new("x", "major_crime", key(m.impact(), impact), key(m.probability(), prob), key(m.capability(), c), key(m.capacity(), y))
                    .unwrap()
                    .with_weighting(base.weighting().to_vec())
                    .with_ameliorative("partnership", quarter(part))
                    .with_ameliorative("resources", quarter(res))
            };
            let capability_helps = (cap + 1..m.capability().len()).any(|c| need_band(m, &with_levels(c, cty)) < band);
            let capacity_helps = (cty + 1..m.capacity().len()).any(|y| need_band(m, &with_levels(cap, y)) < band);
            prop_assert_eq!(levers.contains(&"capability".to_owned()), capability_helps);
            prop_assert_eq!(levers.contains(&"capacity".to_owned()), capacity_helps);
            for kind in m.ameliorative() {
                let now = if kind.key() == "partnership" { quarter(part) } else { quarter(res) };
                let room = kind.max().value() - now.value();
                let s = step.points().value();
                // The most whole steps still allowed: if none of them lowers the band, none
                // does (need falls as points rise).
                let most = (room / s).floor() * s;
                let helps = most > rust_decimal::Decimal::ZERO && {
                    let x = base.clone().with_ameliorative(kind.key(), Points::new(now.value() + most));
                    need_band(m, &x) < band
                };
                let lever = format!("ameliorative.{}", kind.key());
                prop_assert_eq!(levers.contains(&lever), helps, "{} on step {}", lever, step);
            }
        }
        for o in offered {
            match &o {
                GapOption::Capability { to } | GapOption::Capacity { to } => {
                    let is_cap = matches!(o, GapOption::Capability { .. });
                    let scale = if is_cap { m.capability() } else { m.capacity() };
                    let pos = scale.iter().position(|l| l.key() == to).unwrap();
                    let set = |i: usize| {
                        let (c, y) = if is_cap { (key(scale, i), key(m.capacity(), cty)) } else { (key(m.capability(), cap), key(scale, i)) };
                        Assessment::new("x", "major_crime", key(m.impact(), impact), key(m.probability(), prob), c, y).unwrap()
                            .with_weighting(base.weighting().to_vec())
                            .with_ameliorative("partnership", quarter(part))
                            .with_ameliorative("resources", quarter(res))
                    };
                    prop_assert!(need_band(m, &set(pos)) < band);
                    let current = if is_cap { cap } else { cty };
                    for below in current + 1..pos {
                        prop_assert_eq!(need_band(m, &set(below)), band);
                    }
                }
                GapOption::Ameliorative { kind, add } => {
                    let now = if kind == "partnership" { quarter(part) } else { quarter(res) };
                    let with = |extra: rust_decimal::Decimal| base.clone().with_ameliorative(kind.clone(), Points::new(now.value() + extra));
                    let s = step.points().value();
                    // A whole number of steps, within the kind's max, that lowers the band; one
                    // step less does not.
                    prop_assert_eq!((add.value() / s).fract(), rust_decimal::Decimal::ZERO);
                    prop_assert!(add.value() > rust_decimal::Decimal::ZERO);
                    let max = m.ameliorative().iter().find(|k| k.key() == kind).unwrap().max();
                    prop_assert!(now.value() + add.value() <= max.value());
                    prop_assert!(need_band(m, &with(add.value())) < band);
                    prop_assert_eq!(need_band(m, &with(add.value() - s)), band);
                }
                other => prop_assert!(false, "an option this test does not know: {other}"),
            }
        }
    }
}

#[cfg(feature = "csv")]
fn scored(csv: &str) -> needmatrix::ScoredRegister {
    let m = Matrix::reference();
    Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap()
}

#[cfg(feature = "csv")]
#[test]
fn progress_between_two_hand_made_registers() {
    let header = "id,area,impact,probability,capability,capacity,measure_in_place\n";
    let before = scored(&format!(
        "{header}a,major_crime,major,likely,none,none,false\nb,major_crime,major,likely,adequate,adequate,false\nc,public_order,minor,rare,good,good,false\nd,child_abuse,critical,likely,limited,limited,false\n"
    ));
    // a: 16 → 0 (closed); b: 8 → 12 (worsened, now red and high risk: high need); c: 0 → 0
    // (unchanged); d removed; e new.
    let after = scored(&format!(
        "{header}a,major_crime,major,likely,strong,strong,false\nb,major_crime,major,likely,limited,adequate,false\nc,public_order,minor,rare,good,good,false\ne,child_abuse,moderate,likely,none,none,false\n"
    ));
    let p = Progress::between(&before, &after).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(
        v["counts"],
        json!({"new": 1, "removed": 1, "improved": 1, "worsened": 1, "unchanged": 1, "closed": 1})
    );
    assert_eq!(v["areas"].as_object().unwrap().len(), 10);
    assert_eq!(
        v["areas"]["major_crime"],
        json!({"need_before": "24", "need_after": "12", "change": "-12", "high_need_before": 1, "high_need_after": 1})
    );
    // d: 20 − 4 = 16, high need; e: 12 − 0 = 12 red but threat medium: not high need.
    assert_eq!(
        v["areas"]["child_abuse"],
        json!({"need_before": "16", "need_after": "12", "change": "-4", "high_need_before": 1, "high_need_after": 0})
    );
    let statuses: Vec<(String, Status)> =
        p.entries.iter().map(|e| (e.id.clone(), e.status)).collect();
    assert_eq!(
        statuses,
        [
            ("a".into(), Status::Improved),
            ("b".into(), Status::Worsened),
            ("c".into(), Status::Unchanged),
            ("d".into(), Status::Removed),
            ("e".into(), Status::New)
        ]
    );
    assert_eq!(
        v["entries"][3],
        json!({"id": "d", "status": "removed", "need_before": "16", "need_after": null, "deadline": null})
    );
    // No assessment is dated, so no deadline was set.
    assert_eq!(
        v["deadlines"],
        json!({"met": 0, "late": 0, "missed": 0, "pending": 0, "unknown": 0})
    );
}

#[cfg(feature = "csv")]
#[test]
fn progress_refuses_registers_of_different_matrices() {
    let m = Matrix::reference();
    let other = common::matrix_with(|v| v["ability"] = json!("sum")).unwrap();
    let csv =
        "id,area,impact,probability,capability,capacity\na,major_crime,major,likely,none,none\n";
    let before = Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let after = Register::from_text(&other, csv, RegisterFormat::Csv)
        .unwrap()
        .score(&other)
        .unwrap();
    let e = Progress::between(&before, &after).unwrap_err();
    assert_eq!(e.code().as_str(), "matrix_mismatch");
    assert!(e.to_string().contains(m.fingerprint()) && e.to_string().contains(other.fingerprint()));
}

/// The resource ask counts, per area and lever, the entries a lever would move down a band:
/// worked by hand over three gaps of the reference matrix.
#[cfg(feature = "csv")]
#[test]
fn the_resource_ask_counts_entries_per_area_and_lever() {
    let m = Matrix::reference();
    // a, b: major × likely = 16 against capability good (12) and capacity none (0): need 16,
    //   high; raising capacity helps, and partnership or resources (16 − x below the floor)
    //   may too, depending on their maxima.
    // c: minor × rare in public order: the lowest band, no options, not in the plan.
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         a,major_crime,major,likely,good,none\n\
         b,major_crime,major,likely,good,none\n\
         c,public_order,minor,rare,good,good\n",
    );
    let plan = needmatrix::plan::action_plan(&s).unwrap();
    // The plan: every entry above the lowest need band, in priority order; c is not in it.
    let ids: Vec<&str> = plan.iter().map(|p| p.entry.outcome().id()).collect();
    assert_eq!(ids, ["a", "b"]);
    let ask = needmatrix::plan::resource_ask(m, &plan);
    // Every area is listed, with nothing asked where there is no gap.
    assert_eq!(ask.len(), m.areas().len());
    assert!(ask["public_order"].is_empty());
    // Each lever offered to a and b is counted twice in major crime, once per entry.
    let offered: Vec<String> = plan[0].options.iter().map(GapOption::lever).collect();
    assert!(offered.contains(&"capacity".to_owned()), "{offered:?}");
    let major = &ask["major_crime"];
    assert_eq!(major.len(), offered.len());
    for lever in &offered {
        assert_eq!(major[lever], 2, "{lever}");
    }
    // By hand: only capacity helps (to adequate, need 8); capability cannot raise the lesser
    // side, and 16 − 10 + 0.0001 = 6.0001 points exceed either kind's max of 5.
    let by_hand = std::collections::BTreeMap::from([("capacity".to_owned(), 2)]);
    assert_eq!(major, &by_hand);
    // A plan gives the same ask.
    let whole = needmatrix::plan::Plan::new(&s).unwrap();
    assert_eq!(whole.resource_ask(), ask);
}

/// A matrix like the reference one with another ability rule, other need band floors (quarter
/// points) and other capability and capacity points (in steps of `level_unit` ten-thousandths:
/// with 4 places, a `mean` ability gives need a fifth decimal place).
fn varied_matrix(rule: &str, floors: &[u32; 3], levels: &[u32; 5], level_unit: u32) -> Matrix {
    let quarters = |q: u32| rust_decimal::Decimal::new(i64::from(q) * 25, 2).to_string();
    let units = |u: u32| {
        rust_decimal::Decimal::new(i64::from(u) * i64::from(level_unit), 4)
            .normalize()
            .to_string()
    };
    common::matrix_with(|v| {
        v["ability"] = json!(rule);
        let mut floor = 0;
        for (band, step) in v["need_bands"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .skip(1)
            .zip(floors)
        {
            floor += step;
            band["min"] = json!(quarters(floor));
        }
        for scale in ["capability", "capacity"] {
            let mut points = 0;
            for (level, step) in v[scale].as_array_mut().unwrap().iter_mut().zip(levels) {
                points += step;
                level["points"] = json!(units(points));
            }
        }
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// On matrices of every ability rule and of other floors and points: an option offered works
    /// and is the least that does (the level below it, or 0.0001 less, does not); a lever not
    /// offered cannot help (no higher level does, and the most points still allowed do not).
    #[test]
    fn options_are_offered_exactly_on_any_matrix(
        rule in prop::sample::select(&["min", "mean", "sum"][..]),
        floors in prop::array::uniform3(1u32..=24),
        levels in (0u32..=4, prop::array::uniform4(1u32..=20)).prop_map(|(first, rest)| [first, rest[0], rest[1], rest[2], rest[3]]),
        level_unit in prop::sample::select(&[2500u32, 1237][..]),
        impact in 0usize..5, prob in 0usize..5, w in 0u64..64, cap in 0usize..5, cty in 0usize..5,
        part in 0u32..=20, res in 0u32..=20,
        step in prop::sample::select(&["0.0001", "0.25", "0.5", "1", "0.3", "5"][..]),
    ) {
        let step: AmeliorativeStep = step.parse().unwrap();
        let m = varied_matrix(rule, &floors, &levels, level_unit);
        let key = |l: &[needmatrix::Level], i: usize| l[i].key().to_owned();
        let quarter = |q: u32| Points::new(rust_decimal::Decimal::new(i64::from(q) * 25, 2));
        let assessment = |c: usize, y: usize| {
            Assessment::new("x", "major_crime", key(m.impact(), impact), key(m.probability(), prob), key(m.capability(), c), key(m.capacity(), y))
                .unwrap()
                .with_weighting(m.weighting().iter().enumerate().filter(|(j, _)| w >> j & 1 == 1).map(|(_, f)| f.key().to_owned()))
                .with_ameliorative("partnership", quarter(part))
                .with_ameliorative("resources", quarter(res))
        };
        let base = assessment(cap, cty);
        let band = need_band(&m, &base);
        let offered = options_with_step(&m, &base, step).unwrap();
        if band == 0 {
            prop_assert!(offered.is_empty());
            return Ok(());
        }
        let find = |lever: &str| offered.iter().find(|o| o.lever() == lever);
        // Levels: the first higher level that lowers the band, exactly when one does.
        for (lever, scale, current) in [("capability", m.capability(), cap), ("capacity", m.capacity(), cty)] {
            let first = (current + 1..scale.len()).find(|&i| {
                let x = if lever == "capability" { assessment(i, cty) } else { assessment(cap, i) };
                need_band(&m, &x) < band
            });
            let want = first.map(|i| key(scale, i));
            let got = find(lever).map(|o| match o {
                GapOption::Capability { to } | GapOption::Capacity { to } => to.clone(),
                other => format!("{other}"),
            });
            prop_assert_eq!(got, want, "{} on {} ability", lever, rule);
        }
        // Ameliorative kinds: offered, it is a whole number of steps that works and one step
        // less does not; not offered, even the most whole steps still allowed do not lower the
        // band.
        let s = step.points().value();
        for kind in m.ameliorative() {
            let now = if kind.key() == "partnership" { quarter(part) } else { quarter(res) };
            let with = |extra: rust_decimal::Decimal| base.clone().with_ameliorative(kind.key(), Points::new(now.value() + extra));
            match find(&format!("ameliorative.{}", kind.key())) {
                Some(GapOption::Ameliorative { add, .. }) => {
                    prop_assert_eq!((add.value() / s).fract(), rust_decimal::Decimal::ZERO);
                    prop_assert!(now.value() + add.value() <= kind.max().value());
                    prop_assert!(need_band(&m, &with(add.value())) < band);
                    prop_assert_eq!(need_band(&m, &with(add.value() - s)), band);
                }
                Some(other) => prop_assert!(false, "{} offered for a kind", other),
                None => {
                    let room = kind.max().value() - now.value();
                    let most = (room / s).floor() * s;
                    prop_assert_eq!(need_band(&m, &with(most)), band, "{} could help on {} ability, step {}", kind.key(), rule, step);
                }
            }
        }
    }
}

/// SPEC §12: with the band not lowered and the later assessment on time, the deadline is
/// `pending` up to and on the day it falls (D ≤ T), and `missed` from the day after (D > T).
#[test]
fn a_deadline_is_pending_on_its_day_and_missed_the_day_after() {
    use needmatrix::jiff::civil::date;
    use needmatrix::plan::Deadline;
    let due = date(2009, 3, 31);
    let on_time = Some(date(2009, 3, 1));
    assert_eq!(
        Deadline::judge_as_of(3, 3, due, on_time, Some(due)),
        Deadline::Pending
    );
    assert_eq!(
        Deadline::judge_as_of(3, 3, due, on_time, Some(date(2009, 4, 1))),
        Deadline::Missed
    );
    assert_eq!(
        Deadline::judge_as_of(3, 3, due, on_time, None),
        Deadline::Pending
    );
    // Assessed on the day itself with the band lowered: met; the day after: late.
    assert_eq!(
        Deadline::judge_as_of(3, 2, due, Some(due), None),
        Deadline::Met
    );
    assert_eq!(
        Deadline::judge_as_of(3, 2, due, Some(date(2009, 4, 1)), None),
        Deadline::Late
    );
}
