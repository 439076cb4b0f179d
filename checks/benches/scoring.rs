//! Criterion benchmarks: one assessment, bulk scoring, register views, matrix load and compile.
//!
//! `cargo bench` measures; CI runs `cargo bench -- --test` so they never rot. Figures and how
//! they were taken: docs/PERFORMANCE.md.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use needmatrix::bulk::{Scorer, Workload};
use needmatrix::stream::ScoredStream;
use needmatrix::{Matrix, Outcome, RegisterFormat, RegisterSummary};

fn score_one(c: &mut Criterion) {
    let m = Matrix::reference();
    let a = Workload::new(2008).next_entry().assessment();
    let mut g = c.benchmark_group("score/one");
    g.throughput(Throughput::Elements(1));
    g.bench_function("explain_off", |b| {
        b.iter(|| {
            let o = m.score(black_box(&a)).unwrap();
            assert!(o.threat() >= o.need());
            o
        })
    });
    g.bench_function("explain_on", |b| {
        b.iter(|| {
            let o = m.score_explained(black_box(&a)).unwrap();
            assert_eq!(o.explanation().unwrap().steps().len(), 14);
            o
        })
    });
    g.finish();
}

fn score_bulk(c: &mut Criterion) {
    let scorer = Scorer::new(Matrix::reference()).unwrap();
    let mut g = c.benchmark_group("score/bulk");
    for (name, n) in [("1k", 1_000), ("100k", 100_000), ("1m", 1_000_000)] {
        let inputs = Workload::new(2008).take(&scorer, n);
        let mut out = Vec::with_capacity(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                scorer.score_into(black_box(&inputs), &mut out);
                assert_eq!(out.len(), n);
            })
        });
    }
    g.finish();
}

/// 1 000 000 outcomes of the workload, scored one at a time (the register path).
fn million_outcomes() -> Vec<Outcome> {
    let m = Matrix::reference();
    let scorer = Scorer::new(m).unwrap();
    let mut w = Workload::new(2008);
    (0..1_000_000)
        .map(|_| {
            let e = w.next_entry();
            let input = e.bulk_input(&scorer);
            scorer
                .outcome(&format!("b{}", e.k), &input, &scorer.score(&input))
                .unwrap()
        })
        .collect()
}

fn register(c: &mut Criterion) {
    let m = Matrix::reference();
    let outcomes = million_outcomes();
    let mut g = c.benchmark_group("register");
    g.sample_size(10);
    g.throughput(Throughput::Elements(outcomes.len() as u64));
    g.bench_function("priority/1m", |b| {
        b.iter_batched(
            || outcomes.clone(),
            |mut list| {
                list.sort_by(Outcome::priority_cmp);
                assert!(list[0].priority_cmp(&list[1]).is_lt());
                list
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("summary/1m", |b| {
        b.iter(|| {
            let s = RegisterSummary::of(m, black_box(&outcomes)).unwrap();
            assert_eq!(s.overall().count(), 1_000_000);
            s
        })
    });
    g.finish();
}

/// A register CSV of `n` rows with free text and dates, as an analyst's file holds them.
fn register_csv_text(n: usize) -> String {
    let mut out = String::from(
        "id,area,description,impact,probability,weighting,ameliorative.partnership,ameliorative.resources,capability,capacity,measure_in_place,assessed_on,action,owner,manager\n",
    );
    let mut workload = Workload::new(2008);
    for k in 0..n {
        let a = workload.next_entry().assessment();
        let amount = |kind: &str| {
            a.ameliorative()
                .iter()
                .find(|(k, _)| k == kind)
                .map_or(String::new(), |(_, p)| p.to_string())
        };
        out.push_str(&format!(
            "{},{},\"Risk {k} in the ring road, near the port\",{},{},{},{},{},{},{},{},2008-{:02}-{:02},Train two more investigators,DI Chen,Det Supt Okafor\n",
            a.id(),
            a.area(),
            a.impact(),
            a.probability(),
            a.weighting().join(";"),
            amount("partnership"),
            amount("resources"),
            a.capability(),
            a.capacity(),
            a.measure_in_place(),
            1 + k % 12,
            1 + k % 28,
        ));
    }
    out
}

fn stream(c: &mut Criterion) {
    let m = Matrix::reference();
    let text = register_csv_text(200_000);
    let mut g = c.benchmark_group("register/stream");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    for threads in [1, 2] {
        g.bench_function(format!("read_score_order/{threads}_thread"), |b| {
            b.iter_batched(
                || text.clone(),
                |text| {
                    let s =
                        ScoredStream::with_threads(m, text, RegisterFormat::Csv, threads).unwrap();
                    assert!(s.read_fast());
                    s
                },
                BatchSize::LargeInput,
            )
        });
    }
    let scored = ScoredStream::from_text(m, text.clone(), RegisterFormat::Csv).unwrap();
    g.bench_function("write_csv", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(text.len() * 2);
            needmatrix::report::write_stream_csv(&scored, &mut out).unwrap();
            out
        })
    });
    g.finish();
}

fn matrix(c: &mut Criterion) {
    let text = Matrix::reference().to_canonical_json();
    let toml = Matrix::reference().to_toml();
    let mut g = c.benchmark_group("matrix");
    g.bench_function("load/json", |b| {
        b.iter(|| Matrix::from_json_str(black_box(&text)).unwrap())
    });
    g.bench_function("load/toml", |b| {
        b.iter(|| Matrix::from_toml_str(black_box(&toml)).unwrap())
    });
    g.bench_function("compile", |b| {
        b.iter(|| Scorer::new(black_box(Matrix::reference())).unwrap())
    });
    g.finish();
}

/// The one-notch test (SPEC §13) of a scored register of 100 000 entries: up to eight
/// neighbours an entry, scored by the compiled scorer.
fn robustness(c: &mut Criterion) {
    let m = Matrix::reference();
    let text = register_csv_text(100_000);
    let scored = needmatrix::Register::from_text(m, &text, needmatrix::RegisterFormat::Csv)
        .unwrap()
        .score(m)
        .unwrap();
    let mut g = c.benchmark_group("robustness");
    g.sample_size(10);
    g.throughput(Throughput::Elements(scored.entries().len() as u64));
    g.bench_function("one_notch/100k", |b| {
        b.iter(|| {
            let r = needmatrix::robustness::Robustness::of_scored(black_box(&scored)).unwrap();
            assert_eq!(r.summary().entries(), 100_000);
            r
        })
    });
    g.finish();
}

/// The action plan's CSV view (`report::plan_csv`) with costs and a budget, at three sizes: it
/// should grow with the entries, not their square (it was 32 ms at 5 000 entries and 344 ms at
/// 20 000 before the budget's decisions were looked up by id).
fn plan(c: &mut Criterion) {
    let m = Matrix::reference();
    let costs = needmatrix::plan::Costs::from_csv_str(
        m,
        "area,lever,cost\n*,capability,50000\n*,capacity,40000\n*,ameliorative.partnership,2000\n*,ameliorative.resources,8000\n",
    )
    .unwrap();
    let budget: needmatrix::Amount = "500000000".parse().unwrap();
    let mut g = c.benchmark_group("plan");
    g.sample_size(10);
    for n in [5_000, 20_000, 80_000] {
        let scored = needmatrix::Register::from_text(m, &register_csv_text(n), RegisterFormat::Csv)
            .unwrap()
            .score(m)
            .unwrap();
        let plan = needmatrix::plan::Plan::new(&scored)
            .unwrap()
            .with_costs(&costs)
            .unwrap()
            .with_budget(budget)
            .unwrap();
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("plan_csv/{n}"), |b| {
            b.iter(|| needmatrix::report::plan_csv(black_box(&plan)))
        });
    }
    g.finish();
}

criterion_group!(
    benches, score_one, score_bulk, register, stream, matrix, robustness, plan
);
criterion_main!(benches);
