//! How long the threat assessment takes on top of an audit of a large host: the hardened
//! baseline host of the rule fixtures with N containers (every fourth keeps Docker's default
//! capabilities, every seventh runs as root), evaluated once, then assessed repeatedly.
//! Prints figures; run with `scripts/bench-threats` (`cargo bench -p drydock-threat`).

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::Facts;
use drydock_rules::rule::RuleOptions;
use drydock_threat::Model;
use serde_json::Value;
use std::time::Instant;

fn facts_with(containers: usize) -> Facts {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../drydock-rules/tests/fixtures/docker/baseline.json"
    );
    let mut facts: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let template = facts["engine"]["value"]["containers"][0].clone();
    let list: Vec<Value> = (0..containers)
        .map(|i| {
            let mut c = template.clone();
            c["id"] = Value::String(format!("{i:064x}"));
            c["name"] = Value::String(format!("web-{i}"));
            if i % 4 == 0 {
                c["cap_drop"] = Value::Array(Vec::new());
            }
            if i % 7 == 0 {
                c["user"] = Value::String(String::new());
            }
            c
        })
        .collect();
    facts["engine"]["value"]["containers"] = Value::Array(list);
    serde_json::from_value(facts).unwrap()
}

fn main() {
    let model = Model::builtin();
    let rules = drydock_rules::rules::catalog();
    println!("containers  audit (ms)  threat assessment (ms, median of 9)  instances");
    for n in [100, 1_000, 5_000] {
        let facts = facts_with(n);
        let start = Instant::now();
        let report = drydock_rules::evaluate::evaluate(
            &facts,
            &rules,
            &RuleOptions::default(),
            DockerBenchmark::V160,
            "bench",
        );
        let audit = start.elapsed().as_secs_f64() * 1e3;
        let mut times = Vec::new();
        let mut instances = 0;
        for _ in 0..9 {
            let start = Instant::now();
            let assessed = drydock_threat::assess(&report, &model, "2026-12-07");
            times.push(start.elapsed().as_secs_f64() * 1e3);
            instances = assessed.threats.iter().map(|t| t.instances.len()).sum();
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{n:>10}  {audit:>10.1}  {:>36.1}  {instances:>9}",
            times[times.len() / 2]
        );
    }
}
