//! `drydock diff` at its edges: what counts as fixed, new, unchanged, unknown and gone, and
//! threat status changes.

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::diff::diff;
use drydock_model::model::{Location, ObjectRef, Outcome, Status, Target};
use drydock_model::report::{AuditTarget, Report, Summary};
use drydock_rules::evaluate::result_entry;
use drydock_threat::{Model, ThreatStatus};

/// (rule, status, kind, object name, line)
type Row = (&'static str, Status, Target, &'static str, usize);

fn report(rows: &[Row], evaluated: &[&str]) -> Report {
    let numbering = DockerBenchmark::ALL[0];
    let results: Vec<_> = rows
        .iter()
        .map(|(rule, status, kind, name, line)| {
            let rule = drydock_rules::rules::find(rule).unwrap();
            let mut outcome = Outcome::new(
                ObjectRef {
                    kind: *kind,
                    id: format!("id-of-{name}-{line}"),
                    name: name.to_string(),
                },
                *status,
                format!("{} on {name}", rule.id),
            );
            if *line > 0 {
                outcome.location = Some(Location {
                    path: std::sync::Arc::new(name.to_string()),
                    line: u32::try_from(*line).unwrap(),
                    column: 1,
                });
            }
            result_entry(rule, numbering, outcome, None)
        })
        .collect();
    let mut report = Report {
        schema_version: "1.0".into(),
        tool_version: "test".into(),
        benchmark: numbering.name().into(),
        target: AuditTarget {
            host: "test".into(),
            root: "/".into(),
            engine_endpoint: None,
            engine_version: Some("test".into()),
            containers: 1,
            images: 0,
            files: 1,
            host_audited: true,
            kubernetes_node: None,
            objects: Default::default(),
            audited: vec![],
            evidence: vec![],
        },
        complete: true,
        incomplete_reasons: vec![],
        notes: vec![],
        summary: Summary::of(&results),
        rules_evaluated: evaluated.iter().map(|s| s.to_string()).collect(),
        waivers: Vec::new(),
        threat_model: None,
        results,
    };
    report.target.objects.dockerfiles = 1;
    report.threat_model = Some(drydock_threat::assess(
        &report,
        &Model::builtin(),
        "2026-11-23",
    ));
    report
}

use Status::*;
use Target::*;

const RULES: &[&str] = &["DH085", "DH103", "DF001", "DF023"];

fn ids(v: &[drydock_model::diff::DiffFinding]) -> Vec<String> {
    v.iter()
        .map(|f| format!("{} {}", f.rule_id, f.object))
        .collect()
}

#[test]
fn a_container_hardened_in_place_is_fixed() {
    let before = report(
        &[
            ("DH085", Fail, Container, "web", 0),
            ("DH103", Fail, Container, "web", 0),
        ],
        RULES,
    );
    let after = report(
        &[
            ("DH085", Pass, Container, "web", 0),
            ("DH103", Fail, Container, "web", 0),
        ],
        RULES,
    );
    let d = diff(&before, &after);
    assert_eq!(ids(&d.fixed), ["DH085 web"]);
    assert_eq!(ids(&d.unchanged), ["DH103 web"]);
    assert!(d.new.is_empty() && !d.has_regressions());
}

#[test]
fn unknown_is_not_fixed_and_a_removed_container_is_gone() {
    let before = report(
        &[
            ("DH085", Fail, Container, "web", 0),
            ("DH103", Fail, Container, "db", 0),
            ("DH103", Pass, Container, "web", 0),
        ],
        RULES,
    );
    let after = report(
        &[
            ("DH085", Unknown, Container, "web", 0),
            ("DH103", Unknown, Container, "web", 0),
        ],
        RULES,
    );
    let d = diff(&before, &after);
    assert!(d.fixed.is_empty(), "{:?}", d.fixed);
    assert_eq!(ids(&d.now_unknown), ["DH085 web"]);
    assert_eq!(ids(&d.lost_evidence), ["DH103 web"]);
    assert_eq!(ids(&d.gone), ["DH103 db"]);
}

#[test]
fn file_findings_are_fixed_by_their_absence_only_when_the_rule_ran() {
    // Rules on files report failures only: no finding means a pass, if the rule ran.
    let before = report(
        &[
            ("DF023", Fail, Dockerfile, "Dockerfile", 3),
            ("DF023", Fail, Dockerfile, "Dockerfile", 7),
            ("DF001", Fail, Dockerfile, "Dockerfile", 1),
        ],
        RULES,
    );
    // One of the two apk lines fixed, the lines moved; DF001 not evaluated this time.
    let after = report(
        &[("DF023", Fail, Dockerfile, "Dockerfile", 5)],
        &["DH085", "DH103", "DF023"],
    );
    let d = diff(&before, &after);
    assert_eq!(ids(&d.fixed), ["DF023 Dockerfile"]);
    assert_eq!(ids(&d.unchanged), ["DF023 Dockerfile"]);
    assert_eq!(ids(&d.gone), ["DF001 Dockerfile"]);
    assert!(!d.has_regressions());
}

#[test]
fn a_new_failure_and_a_worse_threat_are_regressions() {
    let before = report(&[("DH085", Pass, Container, "web", 0)], RULES);
    let after = report(
        &[
            ("DH085", Pass, Container, "web", 0),
            ("DF001", Fail, Dockerfile, "Dockerfile", 1),
        ],
        RULES,
    );
    let d = diff(&before, &after);
    assert_eq!(ids(&d.new), ["DF001 Dockerfile"]);
    assert!(d.has_regressions());
    // DF001 (a root final stage) mitigates DT17: it was not open (its other mitigations were
    // not judged here), now it is.
    let dt17 = d.threats_worse.iter().find(|t| t.id == "DT17").unwrap();
    assert_eq!(
        (dt17.before, dt17.after),
        (ThreatStatus::Unknown, ThreatStatus::Open)
    );
    // And the other way round, it got better.
    let back = diff(&after, &before);
    assert!(back.threats_better.iter().any(|t| t.id == "DT17"));
    assert_eq!(ids(&back.fixed), ["DF001 Dockerfile"]);
    assert!(!back.has_regressions());
}
