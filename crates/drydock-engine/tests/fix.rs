//! The fix engine: a fix is kept only when its finding is gone and nothing else appeared;
//! unsafe fixes wait for `--unsafe`.

use drydock_engine::fix::{self, FixOutcome};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{Facts, Probe, ProjectFacts, SourceFile, SourceKind};
use drydock_model::report::ResultEntry;
use drydock_rules::fix::{Applicability, FixFn, Fixer, TextEdit};
use drydock_rules::rule::{Rule, RuleOptions};

const DOCKERFILE: &str = "FROM alpine:3.19\n# tools\nRUN apk add curl\nUSER app\n";

fn facts(text: &str) -> Facts {
    Facts {
        schema_version: drydock_model::facts::FACTS_SCHEMA_VERSION,
        collector_version: "test".into(),
        root: "/".into(),
        host_audited: false,
        host: Default::default(),
        engine: Probe::Unavailable {
            reason: "test".into(),
        },
        project: ProjectFacts {
            roots: vec![".".into()],
            files: vec![SourceFile {
                path: "Dockerfile".into(),
                kind: SourceKind::Dockerfile,
                content: Probe::Known { value: text.into() },
                dockerignore: true,
                recoded: None,
            }],
            ..Default::default()
        },
        kubernetes: None,
        vulnerability_db: None,
    }
}

/// DF023 (apk cache) with another fixer in its place.
fn apk_rule_with(applicability: Applicability, make: FixFn) -> &'static Rule {
    let mut rule = drydock_rules::rules::find("DF023").unwrap().clone();
    rule.fixer = Some(Fixer {
        applicability,
        what: "test fix",
        make,
    });
    Box::leak(Box::new(rule))
}

fn plan(rules: &[&'static Rule], unsafe_too: bool) -> fix::FixPlan {
    let mut all: Vec<&'static Rule> = drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.id != "DF023")
        .collect();
    all.extend(rules);
    fix::plan(
        &facts(DOCKERFILE),
        &all,
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        unsafe_too,
    )
}

fn outcome_of(plan: &fix::FixPlan) -> &FixOutcome {
    &plan
        .records
        .iter()
        .find(|r| r.rule_id == "DF023")
        .unwrap()
        .outcome
}

#[test]
fn the_built_in_fix_is_applied_and_changes_only_its_line() {
    let p = plan(&[drydock_rules::rules::find("DF023").unwrap()], false);
    assert_eq!(outcome_of(&p), &FixOutcome::Applied);
    assert_eq!(p.changes.len(), 1);
    assert_eq!(
        p.changes[0].after,
        "FROM alpine:3.19\n# tools\nRUN apk add --no-cache curl\nUSER app\n"
    );
}

fn leaves_the_finding(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    Some(vec![TextEdit::insert(text.len(), "# fixed, honest\n")])
}

fn breaks_something_else(text: &str, f: &ResultEntry) -> Option<Vec<TextEdit>> {
    // Fixes the cache, and adds an ADD that DF007 reports.
    let mut edits = (drydock_rules::rules::find("DF023")
        .unwrap()
        .fixer
        .unwrap()
        .make)(text, f)?;
    edits.push(TextEdit::insert(text.len(), "ADD app.py /app/\n"));
    Some(edits)
}

fn breaks_the_file(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    // Takes the FROM away: the finding goes, and the file is no longer a Dockerfile.
    Some(vec![TextEdit {
        range: 0..text.len(),
        text: "RUN apk add --no-cache curl\n".into(),
    }])
}

#[test]
fn a_fix_that_leaves_its_finding_is_rolled_back() {
    let p = plan(
        &[apk_rule_with(Applicability::Safe, leaves_the_finding)],
        false,
    );
    assert!(
        matches!(outcome_of(&p), FixOutcome::RolledBack(why) if why.contains("still there")),
        "{:?}",
        p.records
    );
    assert!(p.changes.is_empty());
}

#[test]
fn a_fix_that_brings_new_findings_is_rolled_back() {
    for make in [breaks_something_else as FixFn, breaks_the_file] {
        let p = plan(&[apk_rule_with(Applicability::Safe, make)], false);
        assert!(
            matches!(outcome_of(&p), FixOutcome::RolledBack(why) if why.contains("new findings")),
            "{:?}",
            p.records
        );
        assert!(p.changes.is_empty());
    }
}

#[test]
fn unsafe_fixes_wait_for_unsafe() {
    let make = drydock_rules::rules::find("DF023")
        .unwrap()
        .fixer
        .unwrap()
        .make;
    let p = plan(&[apk_rule_with(Applicability::Unsafe, make)], false);
    assert_eq!(outcome_of(&p), &FixOutcome::NeedsUnsafe);
    assert!(p.changes.is_empty());
    let p = plan(&[apk_rule_with(Applicability::Unsafe, make)], true);
    assert_eq!(outcome_of(&p), &FixOutcome::Applied);
    let p = plan(&[apk_rule_with(Applicability::DisplayOnly, make)], true);
    assert!(matches!(outcome_of(&p), FixOutcome::NotOffered(_)));
}

fn daemon_facts(dockerd_args: &[&str]) -> Facts {
    use drydock_model::facts::{ConfigContent, ProcessFacts};
    let mut f = facts(DOCKERFILE);
    f.host_audited = true;
    f.project = Default::default();
    f.host.dockerd = Probe::Known {
        value: ProcessFacts {
            pid: 1,
            exe: Some("/usr/bin/dockerd".into()),
            argv: dockerd_args.iter().map(|a| a.to_string()).collect(),
        },
    };
    f.host.daemon_config.path = "/etc/docker/daemon.json".into();
    f.host.daemon_config.content = ConfigContent::Parsed {
        settings: Default::default(),
    };
    f
}

#[test]
fn daemon_json_fixes_keep_the_file_and_never_fight_a_flag() {
    let text = "{\n    \"log-driver\": \"json-file\"\n}\n";
    let rules: Vec<&'static Rule> = ["DH022", "DH035"]
        .iter()
        .map(|id| drydock_rules::rules::find(id).unwrap())
        .collect();
    let plan = fix::plan_daemon(
        &daemon_facts(&["/usr/bin/dockerd", "--icc=true", "-H", "fd://"]),
        &rules,
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        true,
        "/etc/docker/daemon.json",
        text,
    );
    let outcome = |id: &str| {
        &plan
            .records
            .iter()
            .find(|r| r.rule_id == id)
            .unwrap()
            .outcome
    };
    // icc is set by a flag: writing it to daemon.json too would stop dockerd from starting.
    assert!(
        matches!(outcome("DH022"), FixOutcome::RolledBack(why) if why.contains("flag")),
        "{:?}",
        plan.records
    );
    assert_eq!(outcome("DH035"), &FixOutcome::Applied);
    assert_eq!(
        plan.changes[0].after,
        "{\n    \"log-driver\": \"json-file\",\n    \"live-restore\": true\n}\n"
    );
    // Unsafe fixes wait for --unsafe.
    let plan = fix::plan_daemon(
        &daemon_facts(&["/usr/bin/dockerd"]),
        &rules,
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        false,
        "/etc/docker/daemon.json",
        text,
    );
    assert!(plan.changes.is_empty());
    assert!(
        plan.records
            .iter()
            .all(|r| r.outcome == FixOutcome::NeedsUnsafe)
    );
}
