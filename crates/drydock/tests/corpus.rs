//! The real-world corpus in ../shared/corpus: every file parses, and the findings on it are
//! compared with a reviewed snapshot (`tests/snapshots/corpus-findings.txt`). Set
//! `UPDATE_SNAPSHOTS=1` to rewrite the snapshot after reviewing a change.

use drydock_collect::project::{WalkOptions, collect_project};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{FACTS_SCHEMA_VERSION, Facts, Probe};
use drydock_model::model::Status;
use drydock_rules::evaluate::evaluate;
use drydock_rules::rule::RuleOptions;
use drydock_rules::rules::catalog;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    assert!(
        dir.is_dir(),
        "the corpus is expected beside the checkout at {}",
        dir.display()
    );
    dir
}

#[test]
fn corpus_files_parse_and_findings_match_the_snapshot() {
    let root = corpus();
    let project = collect_project(
        std::slice::from_ref(&root),
        &WalkOptions {
            no_ignore: true,
            ..Default::default()
        },
    );
    assert!(
        project.files.len() >= 80,
        "the corpus should hold its Dockerfiles and compose files"
    );
    assert!(project.skipped.is_empty(), "{:?}", project.skipped);
    let facts = Facts {
        schema_version: FACTS_SCHEMA_VERSION,
        collector_version: "test".into(),
        root: "/".into(),
        host_audited: false,
        host: Default::default(),
        engine: Probe::unavailable("not audited"),
        project,
        kubernetes: None,
        vulnerability_db: None,
    };
    let rules = catalog();
    let report = evaluate(
        &facts,
        &rules,
        &RuleOptions::default(),
        DockerBenchmark::V160,
        "test",
    );
    let broken: Vec<String> = report
        .results
        .iter()
        .filter(|r| {
            r.rule.rule_name == "dockerfile-syntax-error"
                || r.rule.rule_name == "compose-file-invalid"
        })
        .map(|r| format!("{:?}: {}", r.location, r.message))
        .collect();
    assert!(
        broken.is_empty(),
        "corpus files that do not parse: {broken:#?}"
    );
    let prefix = format!("{}/", root.display());
    let mut lines: Vec<String> = report
        .results
        .iter()
        .filter(|r| r.status != Status::Pass)
        .map(|r| {
            let l = r.location.as_ref().expect("file findings have a location");
            format!(
                "{}:{}:{} {} {:?} {}",
                l.path.strip_prefix(&prefix).unwrap_or(&l.path),
                l.line,
                l.column,
                r.rule.rule_name,
                r.status,
                r.message
            )
        })
        .collect();
    lines.sort();
    let actual = lines.join("\n") + "\n";
    let snapshot =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/corpus-findings.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    if actual != expected {
        let diff: Vec<String> = expected
            .lines()
            .filter(|l| !actual.lines().any(|a| a == *l))
            .map(|l| format!("- {l}"))
            .chain(
                actual
                    .lines()
                    .filter(|a| !expected.lines().any(|l| l == *a))
                    .map(|a| format!("+ {a}")),
            )
            .take(40)
            .collect();
        panic!(
            "corpus findings differ from the snapshot (UPDATE_SNAPSHOTS=1 to accept):\n{}",
            diff.join("\n")
        );
    }
}
