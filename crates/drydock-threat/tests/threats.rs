//! The threat model: the catalog's invariants, the seed threats it must cover, status
//! derivation at its edges, decisions, the plan's order, and peer evidence.

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::model::{ObjectRef, Outcome, Status, Stride};
use drydock_model::report::{AuditTarget, Report, Summary};
use drydock_rules::evaluate::result_entry;
use drydock_threat::{ControlVerdict, Model, ThreatStatus};

fn numbering() -> DockerBenchmark {
    DockerBenchmark::ALL[0]
}

#[test]
fn builtin_catalog_is_valid_and_covers_both_platforms() {
    let model = Model::builtin();
    let platform = |t: &drydock_threat::Threat| {
        model
            .elements
            .iter()
            .find(|e| e.id == t.element)
            .map(|e| e.platform.clone())
            .unwrap()
    };
    let docker = model
        .threats
        .iter()
        .filter(|t| platform(t) == "docker")
        .count();
    let kube = model
        .threats
        .iter()
        .filter(|t| platform(t) == "kubernetes")
        .count();
    assert!(docker >= 20, "{docker} Docker threats");
    assert!(kube >= 20, "{kube} Kubernetes threats");
    for t in &model.threats {
        // Every scope a threat applies to has a mitigation of that scope, so a threat whose
        // mitigations had nothing to judge really is not exposed (see drydock_threat::instances).
        for scope in &t.applies {
            assert!(
                t.mitigations
                    .iter()
                    .flat_map(drydock_model::threat_report::Mitigation::rules)
                    .any(|r| {
                        drydock_threat::scope_of(drydock_rules::rules::find(r).unwrap()) == *scope
                    }),
                "{} applies to {} but no mitigation judges it",
                t.id,
                scope.name()
            );
        }
        assert!(
            !t.description.trim().is_empty(),
            "{} has no description",
            t.id
        );
        let refs = &t.references;
        assert!(
            !(refs.attack.is_empty() && refs.microsoft.is_empty() && refs.nist.is_empty()),
            "{} has no reference",
            t.id
        );
    }
}

/// Every threat written in ../shared/seeds, with the catalog entry that covers it.
const SEED_THREATS: &[(&str, &str, Stride, &str)] = &[
    (
        "000",
        "malicious package or image into the registry",
        Stride::Spoofing,
        "DT01",
    ),
    (
        "000",
        "not use an updated version of the image",
        Stride::Tampering,
        "DT02",
    ),
    (
        "000",
        "all network traffic is allowed between containers",
        Stride::InformationDisclosure,
        "DT03",
    ),
    (
        "000",
        "Memory limit is not set by default",
        Stride::DenialOfService,
        "DT04",
    ),
    (
        "000",
        "--privilege flag",
        Stride::ElevationOfPrivilege,
        "DT06",
    ),
    (
        "000",
        "Exposing the server to the public",
        Stride::Spoofing,
        "KT01",
    ),
    (
        "000",
        "configuration file could be attaked",
        Stride::Tampering,
        "KT07",
    ),
    (
        "000",
        "TLS need to be enabled all the time",
        Stride::Repudiation,
        "KT03",
    ),
    (
        "000",
        "store data encrypted at rest",
        Stride::InformationDisclosure,
        "KT06",
    ),
    (
        "000",
        "Kubelet can be a subject of DOS",
        Stride::DenialOfService,
        "KT11",
    ),
    (
        "001",
        "sidecar container has intentional access",
        Stride::Spoofing,
        "DT07",
    ),
    (
        "001",
        "implant malicious image into the image registry",
        Stride::Tampering,
        "DT01",
    ),
    (
        "001",
        "secrets that\nare hardcoded",
        Stride::InformationDisclosure,
        "DT09",
    ),
    (
        "001",
        "excessive traffic from the client could overwhelm the daemon",
        Stride::DenialOfService,
        "DT21",
    ),
    (
        "001",
        "traffic network spoofing",
        Stride::ElevationOfPrivilege,
        "DT07",
    ),
    (
        "001",
        "Unnecessary packages should not be installed",
        Stride::ElevationOfPrivilege,
        "DT25",
    ),
    ("001", "CAP_NET_RAW", Stride::Spoofing, "KT15"),
    (
        "001",
        "Unauthorized changes can be made to kubelet",
        Stride::Repudiation,
        "KT03",
    ),
    (
        "001",
        "Excessive traffic to the kube-apiserver",
        Stride::DenialOfService,
        "KT10",
    ),
    (
        "001",
        "disclosed via the etcd key value store",
        Stride::InformationDisclosure,
        "KT04",
    ),
    (
        "001",
        "full cluster-admin rights",
        Stride::ElevationOfPrivilege,
        "KT16",
    ),
    ("001", "management ports visible", Stride::Spoofing, "KT03"),
    ("002", "'new_raw' capability", Stride::Spoofing, "DT08"),
    (
        "002",
        "TLS CA certificate is responsible",
        Stride::Tampering,
        "DT13",
    ),
    (
        "002",
        "audit /etc/docker/daemon.json",
        Stride::Repudiation,
        "DT14",
    ),
    (
        "002",
        "API keys and database passwords",
        Stride::InformationDisclosure,
        "DT09",
    ),
    (
        "002",
        "Container file \nsystem should be set to read-only",
        Stride::Tampering,
        "DT15",
    ),
    (
        "002",
        "Limiting the memory mechanisms",
        Stride::DenialOfService,
        "DT04",
    ),
    (
        "002",
        "'no-new-privileges' flag",
        Stride::ElevationOfPrivilege,
        "DT16",
    ),
    (
        "002",
        "compromise clusters via API servers",
        Stride::Spoofing,
        "KT01",
    ),
    (
        "002",
        "set the ownership to etcd:etcd",
        Stride::Tampering,
        "KT05",
    ),
    ("002", "By enabling logging", Stride::Repudiation, "KT09"),
    (
        "002",
        "avoid \ndumping them in pod definitions",
        Stride::InformationDisclosure,
        "KT17",
    ),
    (
        "002",
        "node-restriction admission controller",
        Stride::DenialOfService,
        "KT22",
    ),
    (
        "003",
        "malicious images may be committed",
        Stride::Repudiation,
        "DT23",
    ),
    (
        "003",
        "non encrypeted unix socket",
        Stride::Spoofing,
        "DT10",
    ),
    (
        "003",
        "hard coded in configuration files",
        Stride::InformationDisclosure,
        "DT09",
    ),
    (
        "003",
        "doesn't specify a user",
        Stride::ElevationOfPrivilege,
        "DT17",
    ),
    (
        "003",
        "daemon's configuration as a result of compromised client",
        Stride::Tampering,
        "DT12",
    ),
    (
        "003",
        "avoiding anonymoust and basic authentication",
        Stride::Spoofing,
        "KT01",
    ),
    (
        "003",
        "Resticting permissions on etcd",
        Stride::Tampering,
        "KT05",
    ),
    (
        "003",
        "TLS authorization is required and avoid basi authorization",
        Stride::Repudiation,
        "KT03",
    ),
    (
        "003",
        "kube proxy exposes sensitive information",
        Stride::InformationDisclosure,
        "KT20",
    ),
    (
        "003",
        "kernel defaults flag",
        Stride::DenialOfService,
        "KT11",
    ),
    (
        "004",
        "spoofing as an legitimate user",
        Stride::Spoofing,
        "DT10",
    ),
    (
        "004",
        "modification of the dockerfile",
        Stride::Tampering,
        "DT12",
    ),
    (
        "004",
        "malicious docker image commited",
        Stride::Repudiation,
        "DT23",
    ),
    (
        "004",
        "improper docker configuration",
        Stride::InformationDisclosure,
        "DT09",
    ),
    (
        "004",
        "elevation priviledge by using flag --privilege",
        Stride::ElevationOfPrivilege,
        "DT06",
    ),
    (
        "004",
        "spoof to API server as legitimate calls",
        Stride::Spoofing,
        "KT01",
    ),
    (
        "004",
        "kubelet configuration can be tamper",
        Stride::Tampering,
        "KT08",
    ),
    (
        "004",
        "change configuration to the API server",
        Stride::Repudiation,
        "KT09",
    ),
    (
        "004",
        "sensitive information via kube-proxy",
        Stride::InformationDisclosure,
        "KT20",
    ),
    (
        "004",
        "--privilege flag can be misuse",
        Stride::ElevationOfPrivilege,
        "KT12",
    ),
];

#[test]
fn every_seed_threat_maps_to_a_catalog_entry_of_its_stride_category() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut texts = std::collections::HashMap::new();
    for entry in std::fs::read_dir(&seeds).expect("../shared/seeds is beside the checkout") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).to_string();
        texts.insert(name[..3].to_string(), words(&text));
    }
    assert_eq!(texts.len(), 5, "five seed documents");
    let model = Model::builtin();
    for (seed, quote, stride, id) in SEED_THREATS {
        let text = &texts[*seed];
        assert!(
            text.contains(&words(quote)),
            "seed {seed} does not say `{quote}`"
        );
        let threat = model
            .threats
            .iter()
            .find(|t| t.id == *id)
            .unwrap_or_else(|| panic!("no catalog entry {id}"));
        assert!(
            threat.stride == *stride || threat.also.contains(stride),
            "{id} is not {stride:?} (seed {seed}: {quote})"
        );
    }
    // Each seed names five threats per platform (seed 002 six for Docker): all are here.
    for seed in texts.keys() {
        let n = SEED_THREATS.iter().filter(|(s, ..)| s == seed).count();
        assert!(n >= 10, "seed {seed}: only {n} threats mapped");
    }
}

/// Text with every run of whitespace made one space (the seeds wrap lines anywhere).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A model with one threat of our own over three host rules.
fn model_with(decisions: &str) -> Model {
    let mut model = Model::builtin();
    let text = format!(
        "threats:
  - id: XT01
    title: Test threat
    stride: elevation_of_privilege
    element: container
    boundary: container-host
    severity: critical
    applies: [docker-host]
    description: A threat for the tests.
    mitigations: [DH079, DH085]
    hardening: [DH029]
{decisions}"
    );
    model
        .extend("test-model.yaml", &text)
        .expect("valid test model");
    model
}

fn host_report(results: &[(&'static str, Status, &str)], evaluated: &[&str]) -> Report {
    let entries: Vec<_> = results
        .iter()
        .map(|(rule, status, object)| {
            let rule = drydock_rules::rules::find(rule).unwrap();
            let object = ObjectRef {
                kind: rule.target,
                id: format!("id-{object}"),
                name: object.to_string(),
            };
            result_entry(
                rule,
                numbering(),
                Outcome::new(object, *status, "test"),
                None,
            )
        })
        .collect();
    Report {
        schema_version: "1.0".into(),
        tool_version: "test".into(),
        benchmark: numbering().name().into(),
        target: AuditTarget {
            host: "test".into(),
            root: "/".into(),
            engine_endpoint: None,
            engine_version: None,
            containers: 2,
            images: 0,
            files: 0,
            host_audited: true,
            kubernetes_node: None,
            objects: Default::default(),
            audited: vec![],
            evidence: vec![],
        },
        complete: true,
        incomplete_reasons: vec![],
        notes: vec![],
        summary: Summary::of(&entries),
        rules_evaluated: evaluated.iter().map(|s| s.to_string()).collect(),
        waivers: Vec::new(),
        threat_model: None,
        results: entries,
    }
}

/// Results given, rules evaluated, status expected.
type Case<'a> = (
    &'a [(&'static str, Status, &'a str)],
    &'a [&'a str],
    ThreatStatus,
);

const ALL3: &[&str] = &["DH079", "DH085", "DH029"];

fn status(report: &Report, model: &Model) -> (ThreatStatus, String) {
    let assessed = drydock_threat::assess(report, model, "2026-11-23");
    let t = assessed
        .threats
        .iter()
        .find(|t| t.threat.id == "XT01")
        .unwrap();
    (t.status, t.reason.clone())
}

#[test]
fn status_at_its_edges() {
    use Status::*;
    let model = model_with("");
    let cases: &[Case] = &[
        // All pass.
        (
            &[
                ("DH079", Pass, "a"),
                ("DH085", Pass, "a"),
                ("DH029", Pass, "dockerd"),
            ],
            ALL3,
            ThreatStatus::Mitigated,
        ),
        // One mitigation fails on one object.
        (
            &[
                ("DH079", Pass, "a"),
                ("DH079", Fail, "b"),
                ("DH085", Pass, "a"),
                ("DH029", Pass, "dockerd"),
            ],
            ALL3,
            ThreatStatus::Open,
        ),
        // One unknown, no failure: never mitigated.
        (
            &[
                ("DH079", Unknown, "a"),
                ("DH085", Pass, "a"),
                ("DH029", Pass, "dockerd"),
            ],
            ALL3,
            ThreatStatus::Unknown,
        ),
        // Manual only.
        (
            &[
                ("DH079", Manual, "a"),
                ("DH085", Manual, "a"),
                ("DH029", Manual, "dockerd"),
            ],
            ALL3,
            ThreatStatus::Unknown,
        ),
        // Mitigations hold, hardening fails.
        (
            &[
                ("DH079", Pass, "a"),
                ("DH085", Pass, "a"),
                ("DH029", Fail, "dockerd"),
            ],
            ALL3,
            ThreatStatus::PartiallyMitigated,
        ),
        // Mitigations hold, hardening not judged.
        (
            &[
                ("DH079", Pass, "a"),
                ("DH085", Pass, "a"),
                ("DH029", Manual, "dockerd"),
            ],
            ALL3,
            ThreatStatus::PartiallyMitigated,
        ),
        // A mitigation deselected: not assessed, so unknown.
        (
            &[("DH079", Pass, "a"), ("DH029", Pass, "dockerd")],
            &["DH079", "DH029"],
            ThreatStatus::Unknown,
        ),
        // No container: the mitigations had nothing to judge.
        (
            &[("DH029", Fail, "dockerd")],
            ALL3,
            ThreatStatus::NotApplicable,
        ),
        // A failure beats an unknown.
        (
            &[("DH079", Unknown, "a"), ("DH085", Fail, "a")],
            ALL3,
            ThreatStatus::Open,
        ),
    ];
    for (i, (results, evaluated, want)) in cases.iter().enumerate() {
        let (got, reason) = status(&host_report(results, evaluated), &model);
        assert_eq!(got, *want, "case {i}: {reason}");
    }
    // Outside the audit's scopes: the host was not audited.
    let mut report = host_report(&[], ALL3);
    report.target.host_audited = false;
    assert_eq!(status(&report, &model).0, ThreatStatus::NotApplicable);
}

#[test]
fn every_status_shows_its_chain() {
    let model = model_with("");
    let report = host_report(
        &[
            ("DH079", Status::Fail, "web"),
            ("DH079", Status::Pass, "db"),
            ("DH085", Status::Pass, "web"),
        ],
        ALL3,
    );
    let assessed = drydock_threat::assess(&report, &model, "2026-11-23");
    let t = assessed
        .threats
        .iter()
        .find(|t| t.threat.id == "XT01")
        .unwrap();
    let privileged = t.controls.iter().find(|c| c.rule_id == "DH079").unwrap();
    assert_eq!(privileged.verdict, ControlVerdict::Fail);
    let objects: Vec<(&str, Status)> = privileged
        .chain
        .iter()
        .map(|l| (l.object.as_str(), l.status))
        .collect();
    assert_eq!(objects, vec![("web", Status::Fail), ("db", Status::Pass)]);
    // Each link points at its result.
    for l in &privileged.chain {
        assert_eq!(report.results[l.result as usize].object.name, *l.object);
    }
    let userns = t.controls.iter().find(|c| c.rule_id == "DH029").unwrap();
    assert_eq!(userns.verdict, ControlVerdict::NotApplicable);
}

#[test]
fn decisions_apply_expire_and_never_hide_evidence() {
    let model = model_with(
        "decisions:
  - {threat: XT01, decision: accepted, reason: lab host, owner: ops, expires: 2027-01-31}
  - {threat: XT01, object: 'db*', decision: false-positive, reason: not privileged in fact, owner: ops, expires: 2027-01-31}
  - {threat: XT01, decision: compensating-control, reason: old, owner: ops, expires: 2026-11-22}
  - {threat: XT99, decision: accepted, reason: gone, owner: ops, expires: 2027-01-31}
  - {threat: XT01, object: nothing-here, decision: accepted, reason: none, owner: ops, expires: 2027-01-31}
",
    );
    let report = host_report(
        &[
            ("DH079", Status::Fail, "web"),
            ("DH079", Status::Fail, "db-1"),
            ("DH085", Status::Pass, "web"),
        ],
        ALL3,
    );
    let assessed = drydock_threat::assess(&report, &model, "2026-11-23");
    let t = assessed
        .threats
        .iter()
        .find(|t| t.threat.id == "XT01")
        .unwrap();
    // Accepted by hand, still open, still showing what failed.
    assert_eq!(t.status, ThreatStatus::Open);
    assert_eq!(t.decision.as_ref().unwrap().reason, "lab host");
    let chain = &t
        .controls
        .iter()
        .find(|c| c.rule_id == "DH079")
        .unwrap()
        .chain;
    assert_eq!(chain.len(), 2);
    assert!(
        chain
            .iter()
            .find(|l| &*l.object == "db-1")
            .unwrap()
            .set_aside
            .is_some()
    );
    assert!(
        chain
            .iter()
            .find(|l| &*l.object == "web")
            .unwrap()
            .set_aside
            .is_none()
    );
    // The expired one is listed, not applied; the ones that match nothing are listed.
    assert_eq!(assessed.decisions_expired.len(), 1);
    assert_eq!(assessed.decisions_expired[0].decision.reason, "old");
    let unmatched: Vec<&str> = assessed
        .decisions_unmatched
        .iter()
        .map(|d| d.decision.reason.as_str())
        .collect();
    assert_eq!(unmatched, vec!["gone", "none"]);
    // An accepted threat is not in the plan.
    assert!(
        assessed
            .plan
            .iter()
            .all(|p| p.threats.iter().all(|t| t.id != "XT01"))
    );
}

#[test]
fn the_plan_ranks_by_severity_of_the_threats_closed() {
    let model = Model::builtin();
    // DH079 (privileged) closes DT06, critical; DH022 (icc) closes DT03, medium.
    let report = host_report(
        &[
            ("DH022", Status::Fail, "dockerd"),
            ("DH104", Status::Fail, "web"),
            ("DH079", Status::Fail, "web"),
            ("DH105", Status::Pass, "web"),
            ("DH029", Status::Pass, "dockerd"),
        ],
        &["DH022", "DH104", "DH079", "DH105", "DH029"],
    );
    let assessed = drydock_threat::assess(&report, &model, "2026-11-23");
    let ranked: Vec<&str> = assessed.plan.iter().map(|p| p.rule_id.as_str()).collect();
    let privileged = ranked.iter().position(|r| *r == "DH079").unwrap();
    let icc = ranked.iter().position(|r| *r == "DH022").unwrap();
    assert!(privileged < icc, "{ranked:?}");
    let first = &assessed.plan[privileged];
    assert!(
        first
            .threats
            .iter()
            .any(|t| t.id == "DT06" && t.effect == "closes")
    );
    assert_eq!(
        first.objects.iter().map(|o| o.as_str()).collect::<Vec<_>>(),
        ["web"]
    );
    assert!(!first.tradeoff.is_empty() && !first.remediation.is_empty());
}

#[test]
fn model_file_errors_name_the_file_and_line() {
    let mut model = Model::builtin();
    let errors = model
        .extend("mine.yaml", "threats:\n  - id: X1\n    title: t\n")
        .unwrap_err();
    assert!(
        errors[0].to_string().starts_with("mine.yaml:2:"),
        "{}",
        errors[0]
    );
    let errors = model
        .extend(
            "mine.yaml",
            "links:\n  - {threat: DT01, mitigations: [NOPE1]}\n",
        )
        .unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("unknown rule NOPE1")),
        "{errors:?}"
    );
    let errors = model.extend("mine.yaml", "threats: [\n").unwrap_err();
    assert!(errors[0].at.starts_with("mine.yaml:"), "{}", errors[0]);
    let errors = model
        .extend("mine.yaml", "decisions:\n  - {threat: DT01, decision: accepted, reason: r, owner: o, expires: soon}\n")
        .unwrap_err();
    assert!(
        errors[0]
            .to_string()
            .contains("mine.yaml:2: expires `soon`"),
        "{}",
        errors[0]
    );
    // Nothing of a rejected file is applied.
    assert_eq!(model.threats.len(), Model::builtin().threats.len());
}

#[test]
fn diagrams_draw_each_flow_once_coloured_by_status() {
    use drydock_render::{html, svg, threats::status_colour};
    let mut model = model_with("");
    model
        .extend(
            "extra.yaml",
            "elements:
  - {id: vault, name: Secrets vault, platform: on-premises, zone: vault}
  - {id: broker, name: Message broker, platform: on-premises, zone: apps}
flows:
  - {from: vault, to: broker, label: credentials, boundary: host-files}
  - {from: vault, to: container, label: secrets, boundary: host-files}
",
        )
        .expect("valid model");
    let mut report = host_report(&[("DH079", Status::Fail, "web")], ALL3);
    let assessed = drydock_threat::assess(&report, &model, "2026-11-23");
    let elements: Vec<&drydock_threat::Element> = assessed.elements.iter().collect();
    let diagrams = svg::diagrams(&assessed, &elements);
    let platforms: Vec<&str> = diagrams.iter().map(|d| d.platform.as_str()).collect();
    assert_eq!(platforms, ["docker", "kubernetes", "on-premises"]);
    // Flows are numbered 1..n across the drawings, each once; the one between platforms is
    // not drawn.
    let numbers: Vec<usize> = diagrams
        .iter()
        .flat_map(|d| d.flows.iter().map(|(n, _)| *n))
        .collect();
    assert_eq!(numbers, (1..=model.flows.len() - 1).collect::<Vec<_>>());
    for d in &diagrams {
        assert_eq!(d.svg.matches("<path class=\"flow\"").count(), d.flows.len());
        assert_eq!(d.svg.matches("<g class=\"badge\">").count(), d.flows.len());
    }
    // XT01 (container, container-host boundary) is open: the container is filled, and the
    // daemon → container flow stroked, as open.
    let docker = &diagrams[0].svg;
    let container = docker
        .split("<g class=\"element\" data-element=\"container\"")
        .nth(1)
        .unwrap();
    assert!(
        container
            .split("</g>")
            .next()
            .unwrap()
            .contains(&format!("fill=\"{}\"", status_colour(ThreatStatus::Open)))
    );
    let create = docker
        .lines()
        .find(|l| l.contains("create and run"))
        .unwrap();
    assert!(create.contains(&format!(
        "stroke=\"{}\"",
        svg::status_stroke(ThreatStatus::Open)
    )));
    // The HTML report lists the flow it could not draw.
    report.threat_model = Some(assessed);
    let page = html::report(&report);
    assert!(page.contains("Flows between the drawings"));
    assert!(page.contains("Secrets vault → Containers: secrets"));
}

#[test]
fn a_control_closes_a_threat_only_when_the_threat_would_be_mitigated() {
    let model = Model::builtin();
    let plan_effect = |results: &[(&'static str, Status, &str)]| {
        let evaluated: Vec<&str> = results.iter().map(|(r, _, _)| *r).collect();
        let assessed =
            drydock_threat::assess(&host_report(results, &evaluated), &model, "2026-11-23");
        assessed
            .plan
            .iter()
            .find(|p| p.rule_id == "DH079")
            .and_then(|p| p.threats.iter().find(|t| t.id == "DT06"))
            .map(|t| t.effect.clone())
            .unwrap()
    };
    // Privileged is DT06's only failing control: fixing it mitigates the threat.
    let alone = plan_effect(&[
        ("DH079", Status::Fail, "web"),
        ("DH029", Status::Pass, "dockerd"),
        ("DH105", Status::Pass, "web"),
    ]);
    assert_eq!(alone, "closes");
    // With user namespaces off (hardening) the threat would stay partially mitigated.
    let with_hardening = plan_effect(&[
        ("DH079", Status::Fail, "web"),
        ("DH029", Status::Fail, "dockerd"),
        ("DH105", Status::Pass, "web"),
    ]);
    assert_eq!(with_hardening, "mitigates");
}

#[test]
fn several_failing_mitigations_do_not_lower_each_ones_score() {
    let model = Model::builtin();
    // DT06's two mitigations fail (a privileged container and a privileged compose service):
    // each scores as much as when it fails alone.
    let both = [
        ("DH079", Status::Fail, "web"),
        ("CO001", Status::Fail, "api"),
        ("DH029", Status::Pass, "dockerd"),
        ("DH105", Status::Pass, "web"),
    ];
    let alone = [
        ("DH079", Status::Fail, "web"),
        ("DH029", Status::Pass, "dockerd"),
        ("DH105", Status::Pass, "web"),
    ];
    let score = |results: &[(&'static str, Status, &str)]| {
        let evaluated: Vec<&str> = results.iter().map(|(r, _, _)| *r).collect();
        let assessed =
            drydock_threat::assess(&host_report(results, &evaluated), &model, "2026-11-23");
        assessed
            .plan
            .iter()
            .find(|p| p.rule_id == "DH079")
            .unwrap()
            .score
    };
    assert_eq!(score(&both), score(&alone));
}

#[test]
fn objects_copied_afresh_stay_equal_and_shared_as_before() {
    use std::sync::Arc;
    let mut report = host_report(
        &[
            ("DH079", Status::Fail, "web"),
            ("DH085", Status::Pass, "web"),
            ("DH029", Status::Fail, "db"),
        ],
        ALL3,
    );
    // As the rules leave them: the results on one object, and the audited list, share a copy.
    let web = Arc::clone(&report.results[0].object);
    report.results[1].object = Arc::clone(&web);
    report.target.audited = vec![Arc::clone(&web), Arc::clone(&report.results[2].object)];
    let before: Vec<ObjectRef> = report.results.iter().map(|r| (*r.object).clone()).collect();
    report.copy_objects_afresh();
    let after: Vec<ObjectRef> = report.results.iter().map(|r| (*r.object).clone()).collect();
    assert_eq!(after, before, "the same objects");
    assert!(
        report.results.iter().all(|r| !Arc::ptr_eq(&r.object, &web)),
        "each a new copy"
    );
    assert_eq!(Arc::strong_count(&web), 1, "the old copy is let go");
    assert!(Arc::ptr_eq(
        &report.results[0].object,
        &report.results[1].object
    ));
    assert!(!Arc::ptr_eq(
        &report.results[0].object,
        &report.results[2].object
    ));
    assert!(Arc::ptr_eq(
        &report.target.audited[0],
        &report.results[0].object
    ));
    assert!(Arc::ptr_eq(
        &report.target.audited[1],
        &report.results[2].object
    ));
}

#[test]
fn the_records_a_cluster_has_hundreds_of_thousands_of_stay_small() {
    use drydock_model::report::ResultEntry;
    use drydock_model::threat_report::{ChainLink, InstanceId, ThreatInstance};
    use drydock_model::topology::{ActionThreat, InstanceRisk};
    use std::mem::size_of;
    // The memory model in RELIABILITY.md ("Memory per finding") rests on these sizes.
    assert!(
        size_of::<ResultEntry>() <= 64,
        "{}",
        size_of::<ResultEntry>()
    );
    assert!(
        size_of::<ThreatInstance>() <= 72,
        "{}",
        size_of::<ThreatInstance>()
    );
    assert!(size_of::<InstanceId>() <= 16, "{}", size_of::<InstanceId>());
    assert!(
        size_of::<InstanceRisk>() <= 48,
        "{}",
        size_of::<InstanceRisk>()
    );
    assert!(size_of::<ChainLink>() <= 24, "{}", size_of::<ChainLink>());
    assert!(
        size_of::<ActionThreat>() <= 24,
        "{}",
        size_of::<ActionThreat>()
    );
}
