//! SPEC §12 and the lead's judgement (§3 step 11) in planning: hand-worked cases, properties of
//! the budget, and every refusal of `costs.csv`.
#![cfg(feature = "csv")]

use needmatrix::jiff::civil::{Date, date};
use needmatrix::plan::{
    Budget, Costs, Deadline, GapOption, Plan, Progress, Unfunded, action_plan, reviews_due,
};
use needmatrix::{Amount, ErrorCode, Matrix, Register, RegisterFormat, ScoredRegister};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn scored(csv: &str) -> ScoredRegister {
    let m = Matrix::reference();
    Register::from_text(m, csv, RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap()
}

fn amount(text: &str) -> Amount {
    text.parse().unwrap()
}

fn ids(register: &ScoredRegister) -> Vec<&str> {
    register.outcomes().map(|o| o.id()).collect()
}

#[test]
fn the_leads_judgement_moves_an_entry_in_the_priority_order() {
    // x: critical × likely = 20, none/none: need 20, red, high risk by its band: high need.
    // y: moderate × likely = 12, none/none: need 12, red, medium threat: not high need.
    let header = "id,area,impact,probability,capability,capacity,lead_high_risk\n";
    let computed = scored(&format!(
        "{header}y,major_crime,moderate,likely,none,none,\nx,public_order,critical,likely,none,none,\n"
    ));
    assert_eq!(ids(&computed), ["x", "y"]);
    // The lead judges y high and x not: y becomes the high need and goes first.
    let judged = scored(&format!(
        "{header}y,major_crime,moderate,likely,none,none,true\nx,public_order,critical,likely,none,none,false\n"
    ));
    assert_eq!(ids(&judged), ["y", "x"]);
    let high: Vec<bool> = judged.outcomes().map(|o| o.high_need()).collect();
    assert_eq!(high, [true, false]);
    assert_eq!(judged.summary().overall().high_need(), 1);
}

#[test]
fn a_review_exactly_r_months_old_is_not_overdue_and_a_day_older_is() {
    let s = scored(
        "id,area,impact,probability,capability,capacity,assessed_on\n\
         exact,major_crime,major,likely,none,none,2008-03-31\n\
         older,major_crime,major,likely,none,none,2008-03-30\n\
         undated,major_crime,minor,rare,good,good,\n\
         leap,public_order,minor,rare,good,good,2008-02-29\n",
    );
    // 2008-03-31 + 12 months = 2009-03-31: not before 2009-03-31. 2008-03-30 + 12 = 2009-03-30:
    // before. 2008-02-29 + 12 = 2009-02-28 (clamped): before.
    assert_eq!(
        reviews_due(&s, date(2009, 3, 31), 12),
        ["older", "leap", "undated"]
    );
    // Six months, clamped: 2008-03-31 + 6 = 2008-09-30.
    assert!(!reviews_due(&s, date(2008, 9, 30), 6).contains(&"exact"));
    assert!(reviews_due(&s, date(2008, 10, 1), 6).contains(&"exact"));
    // In priority order: exact and older tie on need, threat and risk, so by id.
    let due = reviews_due(&s, date(2010, 1, 1), 12);
    assert_eq!(due, ids(&s));
}

#[test]
fn each_deadline_status_by_the_rule_of_section_12() {
    // Before: every entry red (due 3 months after 2008-01-31 = 2008-04-30), except `green`.
    let before = scored(
        "id,area,impact,probability,capability,capacity,assessed_on\n\
         met,major_crime,critical,likely,none,none,2008-01-31\n\
         late,major_crime,critical,likely,none,none,2008-01-31\n\
         missed,major_crime,critical,likely,none,none,2008-01-31\n\
         pending,major_crime,critical,likely,none,none,2008-01-31\n\
         unknown,major_crime,critical,likely,none,none,2008-01-31\n\
         undated_before,major_crime,critical,likely,none,none,\n\
         gone,major_crime,critical,likely,none,none,2008-01-31\n",
    );
    // After: met and late fall to a lower band (strong capability and capacity: need 4, green);
    // met on the deadline day, late a day after; missed and pending stay red, dated after and
    // on the deadline; unknown falls but has no date.
    let after = scored(
        "id,area,impact,probability,capability,capacity,assessed_on\n\
         met,major_crime,critical,likely,strong,strong,2008-04-30\n\
         late,major_crime,critical,likely,strong,strong,2008-05-01\n\
         missed,major_crime,critical,likely,none,none,2008-05-01\n\
         pending,major_crime,critical,likely,none,none,2008-04-30\n\
         unknown,major_crime,critical,likely,strong,strong,\n\
         undated_before,major_crime,critical,likely,none,none,2008-05-01\n\
         new,major_crime,critical,likely,none,none,2008-05-01\n",
    );
    let p = Progress::between(&before, &after).unwrap();
    let deadline = |id: &str| p.entries.iter().find(|e| e.id == id).unwrap().deadline;
    assert_eq!(deadline("met"), Some(Deadline::Met));
    assert_eq!(deadline("late"), Some(Deadline::Late));
    assert_eq!(deadline("missed"), Some(Deadline::Missed));
    assert_eq!(deadline("pending"), Some(Deadline::Pending));
    assert_eq!(deadline("unknown"), Some(Deadline::Unknown));
    // No deadline before (no date), or not in both registers: none.
    assert_eq!(deadline("undated_before"), None);
    assert_eq!(deadline("gone"), None);
    assert_eq!(deadline("new"), None);
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["deadlines"],
        serde_json::json!({"met": 1, "late": 1, "missed": 1, "pending": 1, "unknown": 1})
    );
    // Entries in id order: gone, late, …
    assert_eq!(json["entries"][0]["deadline"], serde_json::Value::Null);
    assert_eq!(json["entries"][1]["deadline"], "late");
}

#[test]
fn a_cost_from_the_default_row_and_one_the_area_overrides() {
    let m = Matrix::reference();
    // a, b: major × likely = 16, capability strong, capacity none: ability 0, need 16 (red).
    // Capacity to adequate (8) brings need to 8 (medium): two steps.
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         a,major_crime,major,likely,strong,none\n\
         b,child_abuse,major,likely,strong,none\n\
         c,major_crime,major,likely,adequate,adequate\n",
    );
    let costs = Costs::from_csv_str(
        m,
        "lever,cost,area\ncapacity,1000.5,*\ncapacity,2000,child_abuse\n",
    )
    .unwrap();
    let plan = Plan::new(&s).unwrap().with_costs(&costs).unwrap();
    let cost_of = |id: &str| {
        let p = plan
            .entries
            .iter()
            .find(|p| p.entry.outcome().id() == id)
            .unwrap();
        let option = p.options.iter().find(|o| o.lever() == "capacity").unwrap();
        assert_eq!(
            option,
            &GapOption::Capacity {
                to: "adequate".into()
            }
        );
        plan.cost(p, option).map(|c| c.to_string())
    };
    assert_eq!(cost_of("a"), Some("2001".into()));
    assert_eq!(cost_of("b"), Some("4000".into()));
    // c: need 8 (medium); 0.5 × (⌊(8 − 5) / 0.5⌋ + 1) = 3.5 of partnership is an option with no cost
    // here: `null` in JSON, with costs given.
    let json: serde_json::Value =
        serde_json::from_str(&needmatrix::report::plan_json(&plan)).unwrap();
    assert_eq!(json["plan"][2]["id"], "c");
    let options = json["plan"][2]["options"].as_array().unwrap();
    assert!(options.iter().all(|o| o.get("cost").is_some()));
    assert!(
        options
            .iter()
            .any(|o| o["lever"] == "ameliorative.partnership" && o["cost"].is_null())
    );
    // Without costs, options carry no `cost` at all.
    let bare: serde_json::Value =
        serde_json::from_str(&needmatrix::report::plan_json(&Plan::new(&s).unwrap())).unwrap();
    assert!(bare["plan"][0]["options"][0].get("cost").is_none());
}

#[test]
fn equal_costs_are_broken_by_lever_order_and_a_budget_can_end_at_zero() {
    let m = Matrix::reference();
    // major × likely = 16, capability and capacity limited: ability min(4, 4) = 4, need 12
    // (red). Raising one level alone leaves the lesser at 4, so no level option; 0.5 × (⌊(12 −
    // 10) / 0.5⌋ + 1) = 2.5 points of partnership or of resources, both within the max of 5.
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         t,major_crime,major,likely,limited,limited\n",
    );
    let plan = action_plan(&s).unwrap();
    let levers: Vec<String> = plan[0].options.iter().map(GapOption::lever).collect();
    assert_eq!(
        levers,
        ["ameliorative.partnership", "ameliorative.resources"]
    );
    // One point of either costs 1000.04: both options cost 2500.1; partnership, first in matrix
    // order, is funded, and the budget is spent to the last penny.
    let costs = Costs::from_csv_str(
        m,
        "area,lever,cost\n*,ameliorative.partnership,1000.04\n*,ameliorative.resources,1000.04\n",
    )
    .unwrap();
    let b = Budget::allocate(&plan, &costs, amount("2500.1")).unwrap();
    assert_eq!(b.funded.len(), 1);
    assert_eq!(b.funded[0].option.lever(), "ameliorative.partnership");
    assert_eq!(b.funded[0].cost, amount("2500.1"));
    assert_eq!((b.spent, b.remaining), (amount("2500.1"), Amount::ZERO));
    // A penny less and it is unaffordable.
    let short = Budget::allocate(&plan, &costs, amount("2500.09")).unwrap();
    assert_eq!(short.unfunded[0].reason, Unfunded::Unaffordable);
    assert_eq!(short.remaining, amount("2500.09"));
}

#[test]
fn each_kind_is_costed_by_its_own_row_and_a_missing_row_costs_nothing() {
    let m = Matrix::reference();
    let costs = Costs::from_csv_str(
        m,
        "area,lever,cost\n\
         *,ameliorative.partnership,1000\n\
         major_crime,ameliorative.resources,10\n\
         *,capacity,500\n",
    )
    .unwrap();
    let step = |area: &str, lever: &str| costs.step_cost(area, lever).map(|c| c.to_string());
    // The area's own row, the `*` row when the area has none, else nothing.
    assert_eq!(
        step("major_crime", "ameliorative.resources"),
        Some("10".into())
    );
    assert_eq!(step("child_abuse", "ameliorative.resources"), None);
    assert_eq!(
        step("child_abuse", "ameliorative.partnership"),
        Some("1000".into())
    );
    assert_eq!(step("major_crime", "capacity"), Some("500".into()));
    assert_eq!(step("major_crime", "capability"), None);
    // An area or lever the matrix does not have.
    assert_eq!(step("nowhere", "capacity"), None);
    assert_eq!(step("major_crime", "ameliorative.nothing"), None);
    assert_eq!(step("major_crime", "speed"), None);
    // need 12 (limited, limited): 2.5 points of either kind. Partnership at 1000 a point
    // costs 2500, resources at 10 a point 25: each kind by its own row.
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         t,major_crime,major,likely,limited,limited\n",
    );
    let plan = Plan::new(&s).unwrap().with_costs(&costs).unwrap();
    let entry = &plan.entries[0];
    let priced: Vec<(String, Option<String>)> = entry
        .options
        .iter()
        .map(|o| (o.lever(), plan.cost(entry, o).map(|c| c.to_string())))
        .collect();
    assert_eq!(
        priced,
        [
            ("ameliorative.partnership".into(), Some("2500".into())),
            ("ameliorative.resources".into(), Some("25".into())),
        ]
    );
}

#[test]
fn uncosted_and_no_option_entries() {
    let m = Matrix::reference();
    // big: critical × almost certain = 25, none/none: need 25; nothing brings it below 10 alone.
    // small: major × likely = 16 with capability strong, capacity none: capacity helps.
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         big,major_crime,critical,almost_certain,none,none\n\
         small,public_order,major,likely,strong,none\n",
    );
    let plan = action_plan(&s).unwrap();
    assert!(plan[0].options.is_empty());
    // Costs only for capability, which is not small's option.
    let costs = Costs::from_csv_str(m, "area,lever,cost\n*,capability,5\n").unwrap();
    let b = Budget::allocate(&plan, &costs, amount("1000000")).unwrap();
    let reasons: Vec<(&str, Unfunded)> = b
        .unfunded
        .iter()
        .map(|u| (u.id.as_str(), u.reason))
        .collect();
    assert_eq!(
        reasons,
        [("big", Unfunded::NoOption), ("small", Unfunded::Uncosted)]
    );
    assert_eq!(b.spent, Amount::ZERO);
    let json = serde_json::to_value(&b).unwrap();
    assert_eq!(json["unfunded"][1]["reason"], "uncosted");
    assert_eq!(json["budget"], "1000000");
}

/// Where a costs file is refused: code, line and field.
fn refused(text: &str) -> (ErrorCode, Option<u64>, Option<String>) {
    let e = Costs::from_csv_str(Matrix::reference(), text).unwrap_err();
    let at = e.location();
    (
        e.code(),
        at.and_then(|l| l.line()),
        at.and_then(|l| l.field_name()).map(str::to_owned),
    )
}

#[test]
fn every_refusal_of_a_costs_file_names_its_line_and_field() {
    let ok = "area,lever,cost\n*,capacity,1\n";
    let with = |row: &str| format!("{ok}{row}\n");
    let at3 = |code, field: &str| (code, Some(3), Some(field.to_owned()));
    assert_eq!(
        refused(&with("policing_by_drone,capacity,1")),
        at3(ErrorCode::UnknownArea, "area")
    );
    assert_eq!(
        refused(&with("*,overtime,1")),
        at3(ErrorCode::Parse, "lever")
    );
    assert_eq!(
        refused(&with("*,ameliorative.prayer,1")),
        at3(ErrorCode::UnknownAmeliorative, "lever")
    );
    assert_eq!(
        refused(&with("*,capacity,2")),
        at3(ErrorCode::DuplicateKey, "lever")
    );
    assert_eq!(
        refused(&with("*,capability,0.00001")),
        at3(ErrorCode::Precision, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,1000000000000.00001")),
        at3(ErrorCode::Precision, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,1000000000000.0001")),
        at3(ErrorCode::OutOfRange, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,1000000000001")),
        at3(ErrorCode::OutOfRange, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,-1")),
        at3(ErrorCode::OutOfRange, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,1e3")),
        at3(ErrorCode::Parse, "cost")
    );
    assert_eq!(
        refused(&with("*,capability,")),
        at3(ErrorCode::MissingField, "cost")
    );
    assert_eq!(
        refused("area,lever\n*,capacity\n"),
        (ErrorCode::MissingField, Some(1), Some("cost".to_owned()))
    );
    // The largest cost is accepted.
    assert!(Costs::from_csv_str(Matrix::reference(), &with("*,capability,1000000000000")).is_ok());
    // CRLF line ends and blank lines do not move the line.
    assert_eq!(
        refused("area,lever,cost\r\n\r\n*,capacity,1\r\n*,capacity,1\r\n").1,
        Some(4)
    );
}

#[test]
fn a_costs_file_is_named_in_its_errors_and_must_match_the_plans_matrix() {
    let dir = std::env::temp_dir().join(format!("needmatrix-costs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("costs.csv");
    std::fs::write(&path, "area,lever,cost\n*,capacity,x\n").unwrap();
    let e = Costs::from_path(Matrix::reference(), &path).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Parse);
    assert!(e.to_string().contains("costs.csv"), "{e}");
    let _ = std::fs::remove_dir_all(&dir);

    let other = Matrix::from_json_str(
        &serde_json::to_string(&{
            let mut v: serde_json::Value =
                serde_json::from_str(&Matrix::reference().to_canonical_json()).unwrap();
            v["ability"] = "sum".into();
            v
        })
        .unwrap(),
    )
    .unwrap();
    let s = scored(
        "id,area,impact,probability,capability,capacity\na,major_crime,critical,likely,none,none\n",
    );
    let costs = Costs::new(&other);
    let e = Plan::new(&s).unwrap().with_costs(&costs).unwrap_err();
    assert_eq!(e.code(), ErrorCode::MatrixMismatch);
    let plan = action_plan(&s).unwrap();
    assert_eq!(
        Budget::allocate(&plan, &costs, Amount::ZERO)
            .unwrap_err()
            .code(),
        ErrorCode::MatrixMismatch
    );
}

/// A random register over the reference matrix, and random costs for its levers.
fn register_and_costs() -> impl Strategy<Value = (String, String)> {
    let levels = ["none", "limited", "adequate", "good", "strong"];
    let impacts = ["minimal", "minor", "moderate", "major", "critical"];
    let probabilities = ["rare", "unlikely", "possible", "likely", "almost_certain"];
    let areas = ["major_crime", "public_order", "child_abuse"];
    let row = (
        0usize..3,
        0usize..5,
        0usize..5,
        0usize..5,
        0usize..5,
        0u8..=20,
    );
    let cost = prop::option::of(0u32..50_000);
    (
        prop::collection::vec(row, 1..40),
        prop::collection::vec(cost, 4),
        prop::option::of(1u32..30_000),
    )
        .prop_map(move |(rows, lever_costs, area_override)| {
            let mut csv = String::from(
                "id,area,impact,probability,capability,capacity,ameliorative.partnership\n",
            );
            for (n, (a, i, p, cap, cty, quarters)) in rows.into_iter().enumerate() {
                csv.push_str(&format!(
                    "e{n:02},{},{},{},{},{},{}\n",
                    areas[a],
                    impacts[i],
                    probabilities[p],
                    levels[cap],
                    levels[cty],
                    // Quarter points, 0 to the kind's max of 5.
                    needmatrix::Points::new(Decimal::new(i64::from(quarters) * 25, 2)),
                ));
            }
            let levers = [
                "capability",
                "capacity",
                "ameliorative.partnership",
                "ameliorative.resources",
            ];
            let mut costs = String::from("area,lever,cost\n");
            for (lever, cost) in levers.iter().zip(lever_costs) {
                if let Some(c) = cost {
                    costs.push_str(&format!("*,{lever},{c}\n"));
                }
            }
            if let Some(c) = area_override {
                costs.push_str(&format!("child_abuse,capacity,{c}.25\n"));
            }
            (csv, costs)
        })
}

/// What remained at each entry's turn, walking the allocation in priority order.
fn remaining_at_each_turn(plan: &Plan<'_>, b: &Budget) -> Vec<(String, Decimal)> {
    let mut left = b.budget.value();
    let mut out = Vec::new();
    for p in &plan.entries {
        let id = p.entry.outcome().id().to_owned();
        out.push((id.clone(), left));
        if let Some(f) = b.funded.iter().find(|f| f.id == id) {
            left -= f.cost.value();
        }
    }
    out
}

/// What an option costs, worked out here from the costs CSV text and the reference matrix's
/// scales (SPEC §12: steps of the lever times the price of one step in the entry's area, or of
/// `*`), not by the crate's `Costs::option_cost`.
fn oracle_cost(
    costs_csv: &str,
    area: &str,
    current: (&str, &str),
    option: &GapOption,
) -> Option<Decimal> {
    let price = |lever: &str| -> Option<Decimal> {
        let row = |a: &str| {
            costs_csv.lines().skip(1).find_map(|line| {
                let cells: Vec<&str> = line.split(',').collect();
                (cells[0] == a && cells[1] == lever).then(|| cells[2].parse::<Decimal>().unwrap())
            })
        };
        row(area).or_else(|| row("*"))
    };
    let levels = ["none", "limited", "adequate", "good", "strong"];
    let steps = |from: &str, to: &str| {
        let at = |k: &str| levels.iter().position(|l| *l == k).unwrap() as i64;
        Decimal::from(at(to) - at(from))
    };
    match option {
        GapOption::Capability { to } => Some(price("capability")? * steps(current.0, to)),
        GapOption::Capacity { to } => Some(price("capacity")? * steps(current.1, to)),
        GapOption::Ameliorative { kind, add } => {
            Some(price(&format!("ameliorative.{kind}"))? * add.value())
        }
        _ => None,
    }
}

fn decisions(b: &Budget, plan: &Plan<'_>) -> Vec<bool> {
    plan.entries
        .iter()
        .map(|p| b.funded.iter().any(|f| f.id == p.entry.outcome().id()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_budget_is_spent_in_priority_order_and_adds_up(
        (csv, costs_csv) in register_and_costs(),
        small in 0u32..200_000,
        extra in 1u32..200_000,
    ) {
        let m = Matrix::reference();
        let s = scored(&csv);
        let costs = Costs::from_csv_str(m, &costs_csv).unwrap();
        let base = Plan::new(&s).unwrap().with_costs(&costs).unwrap();
        let budget = amount(&small.to_string());
        let b = Budget::allocate(&base.entries, &costs, budget).unwrap();
        // spent + remaining = budget, exactly.
        prop_assert_eq!(b.spent.value() + b.remaining.value(), b.budget.value());
        prop_assert_eq!(b.funded.len() + b.unfunded.len(), base.entries.len());
        let turns = remaining_at_each_turn(&base, &b);
        for (id, left) in &turns {
            let p = base.entries.iter().find(|p| p.entry.outcome().id() == id).unwrap();
            let a = p.entry.assessment();
            let cheapest = p
                .options
                .iter()
                .filter_map(|o| oracle_cost(&costs_csv, a.area(), (a.capability(), a.capacity()), o))
                .min()
                .map(|d| d.normalize());
            // The plan's own costs agree with the oracle, option by option.
            for o in &p.options {
                let own = base.cost(p, o).map(|c| c.value().normalize());
                let oracle = oracle_cost(&costs_csv, a.area(), (a.capability(), a.capacity()), o)
                    .map(|d| d.normalize());
                prop_assert_eq!(own, oracle);
            }
            if let Some(f) = b.funded.iter().find(|f| &f.id == id) {
                // Each funded cost ≤ what remained at its turn, and it is the cheapest.
                prop_assert!(f.cost.value() <= *left);
                prop_assert_eq!(Some(f.cost.value().normalize()), cheapest);
            }
            if let Some(u) = b.unfunded.iter().find(|u| &u.id == id) {
                match u.reason {
                    // Each unaffordable entry's cheapest costed option costs more than what
                    // remained at its turn.
                    Unfunded::Unaffordable => prop_assert!(cheapest.unwrap() > *left),
                    Unfunded::Uncosted => prop_assert!(!p.options.is_empty() && cheapest.is_none()),
                    Unfunded::NoOption => prop_assert!(p.options.is_empty()),
                    _ => prop_assert!(false, "an unknown reason"),
                }
            }
        }
        // A larger budget decides the first entry on which the two allocations differ in
        // favour of funding it.
        let larger = Budget::allocate(&base.entries, &costs, amount(&(u64::from(small) + u64::from(extra)).to_string())).unwrap();
        let (d_small, d_large) = (decisions(&b, &base), decisions(&larger, &base));
        if let Some(first) = d_small.iter().zip(&d_large).position(|(x, y)| x != y) {
            prop_assert!(d_large[first] && !d_small[first]);
        }
    }
}

#[test]
fn reviews_and_overdue_marks_follow_the_plans_date() {
    let s = scored(
        "id,area,impact,probability,capability,capacity,assessed_on\n\
         a,major_crime,critical,likely,none,none,2008-01-31\n",
    );
    let on = |d: Date| Plan::new(&s).unwrap().as_of(d, 12);
    // Due 2008-04-30: overdue from 2008-05-01; review due from 2009-02-01.
    let p = on(date(2008, 4, 30));
    assert_eq!(p.overdue(&p.entries[0]), Some(false));
    let p = on(date(2008, 5, 1));
    assert_eq!(p.overdue(&p.entries[0]), Some(true));
    assert_eq!(p.review_overdue.as_deref(), Some(&[][..]));
    let p = on(date(2009, 2, 1));
    assert_eq!(p.review_overdue.as_deref(), Some(&["a"][..]));
    let json: serde_json::Value = serde_json::from_str(&needmatrix::report::plan_json(&p)).unwrap();
    assert_eq!(json["plan"][0]["overdue"], true);
    assert_eq!(json["review_overdue"], serde_json::json!(["a"]));
    assert_eq!(json["as_of"], "2009-02-01");
    // Without a date: no marks, and null in JSON.
    let p = Plan::new(&s).unwrap();
    assert_eq!(p.overdue(&p.entries[0]), None);
    let json: serde_json::Value = serde_json::from_str(&needmatrix::report::plan_json(&p)).unwrap();
    assert!(json["plan"][0]["overdue"].is_null() && json["review_overdue"].is_null());
}

/// Two assessments of one register (the same ids, levels and dates drawn at random) and an
/// as-of date, as CSV texts and the date.
fn two_assessments() -> impl Strategy<Value = (String, String, Date)> {
    let levels = ["none", "limited", "adequate", "good", "strong"];
    let impacts = ["minimal", "minor", "moderate", "major", "critical"];
    let row = (
        0usize..5,
        0usize..5,
        0usize..5,
        0usize..5,
        0i64..900,
        0usize..5,
        0i64..900,
        prop::bool::ANY,
    );
    (prop::collection::vec(row, 1..30), 0i64..1200).prop_map(move |(rows, as_of)| {
        let start = date(2008, 1, 1);
        let day = |n: i64| {
            start
                .checked_add(needmatrix::jiff::Span::new().days(n))
                .unwrap()
        };
        let header = "id,area,impact,probability,capability,capacity,assessed_on\n";
        let (mut before, mut after) = (header.to_owned(), header.to_owned());
        for (n, (i, cap, cty, cap2, d1, cty2, d2, dated)) in rows.into_iter().enumerate() {
            before.push_str(&format!(
                "e{n},major_crime,{},likely,{},{},{}\n",
                impacts[i],
                levels[cap],
                levels[cty],
                day(d1)
            ));
            after.push_str(&format!(
                "e{n},major_crime,{},likely,{},{},{}\n",
                impacts[i],
                levels[cap2],
                levels[cty2],
                if dated {
                    day(d1 + d2).to_string()
                } else {
                    String::new()
                }
            ));
        }
        (before, after, day(as_of))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// SPEC §12: with an as-of date, a deadline still `pending` has not passed on it (its date is
    /// on or after the as-of date); one that has passed with the band not lowered is `missed`.
    #[test]
    fn a_pending_deadline_has_not_passed_on_the_as_of_date((before, after, as_of) in two_assessments()) {
        let (before, after) = (scored(&before), scored(&after));
        let plan = Plan::new(&after).unwrap().compared_with(&before).unwrap().as_of(as_of, 12);
        let progress = plan.progress.as_ref().unwrap();
        for e in &progress.entries {
            if e.deadline == Some(Deadline::Pending) {
                let due = e.due.unwrap();
                prop_assert!(due >= as_of, "{} pending, due {} before {}", e.id, due, as_of);
            }
        }
        // Without the date, the same entries are pending or missed by the later assessment alone.
        let undated = Progress::between(&before, &after).unwrap();
        for (with, without) in progress.entries.iter().zip(&undated.entries) {
            if with.deadline != without.deadline {
                prop_assert_eq!(without.deadline, Some(Deadline::Pending));
                prop_assert_eq!(with.deadline, Some(Deadline::Missed));
            }
        }
    }
}

/// The plan's CSV numbers its rows by priority from 1, one row per entry above the lowest band.
#[test]
fn the_plan_csv_numbers_its_rows_from_one() {
    let s = scored(
        "id,area,impact,probability,capability,capacity\n\
         a,major_crime,critical,likely,none,none\n\
         b,public_order,major,likely,none,none\n\
         c,child_abuse,minimal,rare,strong,strong\n",
    );
    let csv = needmatrix::report::plan_csv(&Plan::new(&s).unwrap());
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // a need 20, b need 16; c need 0 is in the lowest band and has no row.
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[0].starts_with("1,a,major_crime,20,high,red,"), "{csv}");
    assert!(
        rows[1].starts_with("2,b,public_order,16,high,red,"),
        "{csv}"
    );
}

/// SPEC §13 in the plan's JSON: a high need that one notch of one call would undo is marked
/// `fragile`, and nothing else is. The register template's SOC-01 is a high need on threat
/// 19.5 (major × likely = 16, + 5 weighting, − 1.5); impact one notch down (moderate: 12 + 5 −
/// 1.5 = 15.5) drops the threat below the high band's 16, so it is fragile. PO-01 is no high
/// need.
#[test]
fn the_plan_json_marks_fragile_high_needs_only() {
    let s = scored(include_str!("../examples/data/register-template.csv"));
    let json: serde_json::Value =
        serde_json::from_str(&needmatrix::report::plan_json(&Plan::new(&s).unwrap())).unwrap();
    let fragile: Vec<(&str, bool)> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["fragile"].as_bool().unwrap()))
        .collect();
    assert_eq!(fragile, [("SOC-01", true), ("PO-01", false)]);
}

/// The plan in Markdown, worked by hand for the register template with the cost template, a
/// budget of £60,000, an as-of date and a review period, against itself as the earlier
/// register (SPEC §9, §10, §12). SOC-01: threat 19.5, need 15.5 (red, a high need); raising
/// capability from limited (4) to good (12) gives need 7.5, amber, two steps at £50,000;
/// capacity is already good and partnership can add at most 3.5 (need 12, still high), so no
/// other option. PO-01: need 2.5 (green); 2 points (four steps of 0.5) bring it below 1:
/// partnership at £2,000 a point or resources at £8,000. The budget funds PO-01's £4,000 and
/// not SOC-01's £100,000.
#[test]
fn the_plan_markdown_says_each_part_in_words() {
    let s = scored(include_str!("../examples/data/register-template.csv"));
    let costs = Costs::from_csv_str(
        Matrix::reference(),
        include_str!("../examples/data/costs-template.csv"),
    )
    .unwrap();
    let plan = Plan::new(&s)
        .unwrap()
        .with_costs(&costs)
        .unwrap()
        .with_budget(amount("60000"))
        .unwrap()
        .as_of(date(2009, 6, 30), 6)
        .compared_with(&s)
        .unwrap();
    let md = needmatrix::report::plan_markdown(&plan);
    for want in [
        "1. **SOC-01** (serious_organised_crime) need 15.5 (high, red), due 2008-09-20 **OVERDUE**, HIGH NEED",
        "   - options: raise capability to good, which brings it down to amber (£100,000)",
        "2. **PO-01** (public_order) need 2.5 (low, green), due 2009-07-11",
        "   - the national lead judged the risk high",
        "   - options: add 2 points of partnership work, which brings it down to band none (£4,000); or add 2 points of resources work, which brings it down to band none (£16,000)",
        "## Reviews due on 2009-06-30 (2)",
        "- Review due: SOC-01 (last assessed 2008-06-20)",
        "- Review due: PO-01 (last assessed 2008-07-11)",
        "## Budget: £4,000 spent of £60,000, £56,000 remaining",
        "- Fund: add 2 points of partnership work in public order for PO-01 (£4,000)",
        "- Not funded: SOC-01 (its cheapest option costs more than was left)",
        "0 improved (0 closed), 0 worsened, 2 unchanged, 0 new, 0 removed.",
    ] {
        assert!(md.lines().any(|l| l == want), "no line {want:?} in\n{md}");
    }
    // PO-01 is not overdue (due after the as-of date), and SOC-01 is the only high need.
    assert_eq!(md.matches("**OVERDUE**").count(), 1);
    assert_eq!(md.matches("HIGH NEED").count(), 1);
    // The resource ask: each lever's entries moved down a band, per area.
    let ask = |area: &str| -> String {
        md.lines()
            .find(|l| l.starts_with(area))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(ask("public_order"), "public_order 1 1 0");
    assert_eq!(
        ask("serious_organised_crime "),
        "serious_organised_crime 0 0 1"
    );
    // Its counts right-aligned under the levers (sorted by name), areas left-aligned.
    let row = format!("{:<23}  {:>24}  {:>22}  {:>10}", "public_order", 1, 1, 0);
    assert!(md.lines().any(|l| l == row), "no line {row:?} in\n{md}");
    // Nothing assessed after the as-of date: no such line. PO-01 is no high need, so nothing
    // to check before funding it.
    assert!(!md.contains("Assessed after"), "{md}");
    assert!(!md.contains("one notch ( would"), "{md}");
    // Compared with itself: no gap worsened or new, and each deadline line gives both needs.
    for want in ["Worsened gaps: none.", "New gaps: none."] {
        assert!(md.lines().any(|l| l == want), "no line {want:?} in\n{md}");
    }
    assert!(
        md.lines().any(|l| l.starts_with("- Deadline")
            && l.ends_with(": SOC-01 (due 2008-09-20; re-assessed 2008-06-20; need 15.5 → 15.5)")),
        "{md}"
    );
}
