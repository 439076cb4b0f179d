#![no_main]
//! Fuzz target: plan_csv. A register CSV, a NUL, a `costs.csv`, a NUL, a budget: any may be
//! refused; none may panic, hang or exhaust memory, and what is accepted is planned in full.

use libfuzzer_sys::fuzz_target;
use needmatrix::plan::{Costs, Plan};
use needmatrix::{Matrix, Register, RegisterFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\0');
    let (register, costs, budget) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let m = Matrix::reference();
    let costs = Costs::from_csv_str(m, costs);
    let Ok(scored) = Register::from_text(m, register, RegisterFormat::Csv).and_then(|r| r.score(m))
    else {
        return;
    };
    let Ok(mut plan) = Plan::new(&scored) else {
        panic!("a register scored with its matrix always has a plan");
    };
    plan = plan.as_of(needmatrix::jiff::civil::date(2009, 6, 30), 12);
    if let Ok(costs) = &costs {
        plan = plan.with_costs(costs).expect("costs of the same matrix");
    }
    if let Ok(budget) = budget.trim().parse() {
        plan = plan.with_budget(budget).expect("a budget within 10^12 never overflows");
        let b = plan.budget.as_ref().expect("just allocated");
        assert_eq!(b.spent.value() + b.remaining.value(), b.budget.value());
    }
    let _ = needmatrix::report::plan_json(&plan);
    let _ = needmatrix::report::plan_markdown(&plan);
    let _ = needmatrix::report::plan_csv(&plan);
});
