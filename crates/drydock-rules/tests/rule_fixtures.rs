//! The fixture harness for host and image-archive rules (rules on Dockerfiles and compose files
//! have file fixtures in the drydock crate): every rule is run on recorded facts — a hardened baseline host with one
//! change per case — and must give the outcomes the fixture expects.
//!
//! A fixture is `tests/fixtures/docker/<rule-name>.json`:
//! `{"cases": [{"name", "container"?, "image"?, "settings"?, "info"?, "files"?, "patch"?, "expect"}]}`
//! where `container`/`image` are merged into the baseline's first container/image, `settings`
//! into daemon.json, `info` into `/info`, `files` into the file table and `patch` into the whole
//! facts (RFC 7396 merge patches: objects merge, `null` removes, arrays replace), and `expect`
//! lists `{"object": name, "status": …, "contains"?: text in message or evidence}`.

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::Facts;
use drydock_model::model::Status;
use drydock_rules::evaluate::evaluate;
use drydock_rules::rule::RuleOptions;
use drydock_rules::rules::catalog;
use serde_json::Value;
use std::path::PathBuf;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docker")
}

fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let t = target.as_object_mut().expect("object");
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

fn baseline() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixtures_dir().join("baseline.json")).unwrap())
        .unwrap()
}

fn apply_case(case: &Value) -> Facts {
    let mut facts = baseline();
    let places = [
        ("container", "/engine/value/containers/0"),
        ("image", "/engine/value/images/0"),
        ("settings", "/host/daemon_config/content/settings"),
        ("info", "/engine/value/info"),
        ("files", "/host/files"),
    ];
    for (key, pointer) in places {
        if let Some(p) = case.get(key) {
            merge(facts.pointer_mut(pointer).expect(pointer), p);
        }
    }
    if let Some(p) = case.get("patch") {
        merge(&mut facts, p);
    }
    serde_json::from_value(facts)
        .unwrap_or_else(|e| panic!("case {} does not make valid facts: {e}", case["name"]))
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Manual => "manual",
        Status::Unknown => "unknown",
        Status::NotApplicable => "not_applicable",
    }
}

#[test]
fn every_rule_gives_its_fixture_outcomes() {
    let mut failures = Vec::new();
    for rule in catalog()
        .into_iter()
        .filter(|r| {
            !r.target.is_project() || r.target == drydock_model::model::Target::ImageArchive
        })
        // Node rules are proven on node filesystems instead (crates/drydock/tests/kube_node.rs).
        .filter(|r| !r.is_node_rule())
    {
        let path = fixtures_dir().join(format!("{}.json", rule.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!(
                "{} ({}) has no fixture file {}",
                rule.id,
                rule.name,
                path.display()
            ));
            continue;
        };
        let fixture: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in fixture["cases"].as_array().expect("cases") {
            let facts = apply_case(case);
            let report = evaluate(
                &facts,
                &[rule],
                // A fixed day: the age of vulnerability data and end-of-life dates do not
                // move with the calendar.
                &RuleOptions {
                    today: "2026-12-07".into(),
                    ..Default::default()
                },
                DockerBenchmark::V160,
                "test",
            );
            let listed: Vec<&str> = case["expect"]
                .as_array()
                .expect("expect")
                .iter()
                .filter_map(|w| w["object"].as_str())
                .collect();
            for r in &report.results {
                // Messages are for people: words, not an identifier left by a template.
                if !r.message.is_empty() && !r.message.contains(' ') {
                    failures.push(format!(
                        "{} case `{}`: message `{}` is not a sentence",
                        rule.name,
                        case["name"].as_str().unwrap_or("?"),
                        r.message
                    ));
                }
                if matches!(r.status, Status::Fail | Status::Unknown)
                    && !listed.contains(&r.object.name.as_str())
                {
                    failures.push(format!(
                        "{} case `{}`: unexpected {} on {}: {}",
                        rule.name,
                        case["name"].as_str().unwrap_or("?"),
                        status_name(r.status),
                        r.object.name,
                        r.message
                    ));
                }
            }
            for want in case["expect"].as_array().expect("expect") {
                let object = want["object"].as_str().unwrap();
                let found: Vec<_> = report
                    .results
                    .iter()
                    .filter(|r| r.object.name == object)
                    .collect();
                let case_name = case["name"].as_str().unwrap_or("?");
                if found.len() != 1 {
                    failures.push(format!(
                        "{} case `{case_name}`: expected one result on {object}, got {} ({:?})",
                        rule.name,
                        found.len(),
                        report
                            .results
                            .iter()
                            .map(|r| &r.object.name)
                            .collect::<Vec<_>>()
                    ));
                    continue;
                }
                let r = found[0];
                if status_name(r.status) != want["status"] {
                    failures.push(format!(
                        "{} case `{case_name}` on {object}: expected {}, got {} ({})",
                        rule.name,
                        want["status"],
                        status_name(r.status),
                        r.message
                    ));
                }
                if let Some(text) = want.get("contains").and_then(Value::as_str) {
                    let haystack = format!(
                        "{} {}",
                        r.message,
                        serde_json::to_string(&r.evidence).unwrap()
                    );
                    if !haystack.contains(text) {
                        failures.push(format!(
                            "{} case `{case_name}` on {object}: `{text}` not in {haystack}",
                            rule.name
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_case_that_does_not_pass() {
    // A fixture that only ever passes cannot show the rule catches anything.
    let mut missing = Vec::new();
    for rule in catalog()
        .into_iter()
        .filter(|r| {
            !r.target.is_project() || r.target == drydock_model::model::Target::ImageArchive
        })
        // Node rules are proven on node filesystems instead (crates/drydock/tests/kube_node.rs).
        .filter(|r| !r.is_node_rule())
    {
        let path = fixtures_dir().join(format!("{}.json", rule.name));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let fixture: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let statuses: Vec<&str> = fixture["cases"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["expect"].as_array().into_iter().flatten())
            .filter_map(|e| e["status"].as_str())
            .collect();
        if !statuses.iter().any(|s| *s != "pass") {
            missing.push(rule.name);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a non-passing case: {missing:?}"
    );
}

#[test]
fn the_hardened_baseline_has_no_failure_or_unknown() {
    let facts: Facts = serde_json::from_value(baseline()).unwrap();
    let rules = catalog();
    let report = evaluate(
        &facts,
        &rules,
        &RuleOptions::default(),
        DockerBenchmark::V160,
        "test",
    );
    let bad: Vec<String> = report
        .results
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Unknown))
        .map(|r| {
            format!(
                "{} {} on {}: {}",
                r.rule.rule_name,
                status_name(r.status),
                r.object.name,
                r.message
            )
        })
        .collect();
    assert!(bad.is_empty(), "baseline problems:\n{}", bad.join("\n"));
}

#[test]
fn catalog_invariants() {
    let rules = catalog();
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "rule ids must be unique");
    let mut names: Vec<&str> = rules.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rules.len(), "rule names must be unique");
    for r in &rules {
        for id in r.cis {
            assert!(
                drydock_model::benchmark::docker_control(id).is_some(),
                "{}: CIS id {id} is not in the control table",
                r.id
            );
        }
        assert!(!r.title().is_empty(), "{} has no title", r.id);
        for section in ["What it checks", "Why it matters", "Remediation"] {
            assert!(
                !r.doc_section(section).is_empty(),
                "{} lacks a `{section}` section",
                r.id
            );
        }
        assert!(!r.stride.is_empty(), "{} has no STRIDE category", r.id);
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            r.name
        );
    }
    // Both directions: every control of the table has a rule.
    for control in drydock_model::benchmark::docker_controls() {
        assert!(
            rules.iter().any(|r| r.cis.contains(&control.id())),
            "CIS {} has no rule",
            control.id()
        );
    }
}
