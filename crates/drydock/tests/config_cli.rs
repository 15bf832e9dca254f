//! `drydock.toml` and `--baseline` as a user meets them: rule selection in any benchmark
//! numbering, severity overrides, waivers that hold until their day and are reported when they
//! match nothing, flags that beat the file, mistakes named by line, and a baseline that leaves
//! only new findings.

mod support;

use serde_json::Value;
use std::path::Path;
use support::*;

/// A project with one Dockerfile under `app/` and one compose service, and this
/// configuration beside them.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("app")).unwrap();
    std::fs::write(
        dir.path().join("app/Dockerfile"),
        "FROM alpine:3.19\nRUN apk add curl\nADD app.conf /srv/\nUSER 1000\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
    )
    .unwrap();
    if !config.is_empty() {
        std::fs::write(dir.path().join("drydock.toml"), config).unwrap();
    }
    dir
}

fn audit(dir: &Path, extra: &[&str]) -> (Value, i32) {
    let mut args = vec!["--no-host"];
    args.extend_from_slice(extra);
    let dir = dir.display().to_string();
    args.push(&dir);
    let (report, out) = audit_any_json(&args);
    (report, out.status.code().unwrap_or(-1))
}

fn results_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rule_id"] == rule)
        .collect()
}

fn rules_evaluated(report: &Value) -> Vec<String> {
    report["rules_evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn waivers_hold_until_their_day_and_unmatched_ones_are_reported() {
    let dir = project(
        r#"
[[waiver]]
rule = "DF023"
reason = "the build cache is pruned by CI"
expires = "2099-12-31"
path = "app/**"

[[waiver]]
rule = "dockerfile-add-instead-of-copy"
reason = "the file is copied as is"
expires = "2001-01-01"

[[waiver]]
rule = "CO001"
reason = "a service that is not there"
expires = "2099-12-31"
path = "other/compose.yaml"
"#,
    );
    let (report, _) = audit(dir.path(), &["--fail-on", "none"]);
    let apk = results_of(&report, "DF023");
    assert_eq!(apk.len(), 1);
    assert_eq!(
        apk[0]["status"], "fail",
        "a waiver does not turn a failure into a pass"
    );
    assert_eq!(apk[0]["suppressed"]["kind"], "waiver");
    assert_eq!(apk[0]["suppressed"]["expires"], "2099-12-31");
    assert!(
        apk[0]["suppressed"]["source"]
            .as_str()
            .unwrap()
            .ends_with("drydock.toml:2"),
        "{}",
        apk[0]["suppressed"]
    );
    let add = results_of(&report, "DF007");
    assert_eq!(add.len(), 1);
    assert!(
        add[0]["suppressed"].is_null(),
        "an expired waiver is not applied"
    );
    let uses = report["waivers"].as_array().unwrap();
    let states: Vec<(&str, u64)> = uses
        .iter()
        .map(|w| {
            (
                w["state"].as_str().unwrap(),
                w["findings"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(states, [("active", 1), ("expired", 1), ("unmatched", 0)]);
    assert_eq!(report["summary"]["suppressed"], 1);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("expired on 2001-01-01; its 1 finding(s) count again"),
        "{notes}"
    );
    assert!(notes.contains("matches no finding"), "{notes}");

    // The waived finding no longer fails the run; without the file it does.
    let (_, code) = audit(dir.path(), &["--rule", "DF023"]);
    assert_eq!(code, 0);
    let (_, code) = audit(dir.path(), &["--rule", "DF023", "--no-config"]);
    assert_eq!(code, 1);

    // The text report says what was set aside, and -v shows why.
    let (code, text, _) = output_of(
        drydock()
            .args(["audit", "--no-host", "--quiet", "-v"])
            .arg(dir.path()),
    );
    assert_eq!(code, 1, "the expired waiver's finding still fails");
    assert!(text.contains("1 set aside (1 waived)"), "{text}");
    assert!(
        text.contains("set aside: waived until 2099-12-31"),
        "{text}"
    );
}

#[test]
fn a_waiver_scoped_to_a_container_sets_aside_its_findings_only() {
    let (waived, _cleanup) = sleeping_container("cfgw", "waived", &[]);
    let (other, _cleanup2) = sleeping_container("cfgo", "other", &[]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("drydock.toml");
    std::fs::write(
        &config,
        format!(
            "[[waiver]]\nrule = \"5.11\"\nreason = \"the orchestrator limits memory\"\nexpires = \"2099-12-31\"\ncontainer = \"{}\"\n",
            waived.replace("-waived", "-w*")
        ),
    )
    .unwrap();
    let (report, _) = audit_json(&["--config", config.to_str().unwrap(), "--fail-on", "none"]);
    let memory_of = |name: &str| results_for(&report, "5.11", name)[0].clone();
    assert_eq!(memory_of(&waived)["status"], "fail");
    assert_eq!(memory_of(&waived)["suppressed"]["kind"], "waiver");
    assert_eq!(memory_of(&other)["status"], "fail");
    assert!(memory_of(&other)["suppressed"].is_null());
    assert_eq!(report["waivers"][0]["state"], "active");
    assert_eq!(report["waivers"][0]["findings"], 1);
}

#[test]
fn rules_are_selected_by_cis_id_in_any_numbering_stride_severity_and_level() {
    // 5.4 in CIS Docker 1.2.0 is 5.5 in 1.6.0: privileged containers.
    let dir = project("[rules]\nonly = [\"cis-docker-1.2.0:5.4\"]\n");
    let (report, _) = audit(dir.path(), &[]);
    let mut evaluated = rules_evaluated(&report);
    evaluated.sort();
    let privileged: Vec<String> = drydock_rules::rules::catalog()
        .into_iter()
        .filter(|r| r.cis.contains(&"5.5") && r.target.is_project())
        .map(|r| r.id.to_string())
        .collect();
    assert!(!privileged.is_empty());
    assert_eq!(evaluated, privileged);
    assert_eq!(results_of(&report, "CO001")[0]["status"], "fail");

    // The file's own numbering reads its unqualified ids, and sets the report's.
    let dir = project("benchmark = \"cis-docker-1.2.0\"\n[rules]\nonly = [\"5.4\"]\n");
    let (report, _) = audit(dir.path(), &[]);
    assert_eq!(rules_evaluated(&report), privileged);
    assert_eq!(report["benchmark"], "cis-docker-1.2.0");
    assert_eq!(results_of(&report, "CO001")[0]["control"], "5.4");
    // A flag beats the file.
    let (report, _) = audit(dir.path(), &["--benchmark", "cis-docker-1.6.0"]);
    assert_eq!(results_of(&report, "CO001")[0]["control"], "5.5");
    let (report, _) = audit(dir.path(), &["--rule", "DF023"]);
    assert_eq!(rules_evaluated(&report), ["DF023"]);

    let dir = project("[rules]\nstride = [\"E\"]\nmin_severity = \"high\"\nlevel = 1\n");
    let (report, _) = audit(dir.path(), &[]);
    let evaluated = rules_evaluated(&report);
    assert!(!evaluated.is_empty());
    for id in &evaluated {
        let rule = drydock_rules::rules::find(id).unwrap();
        assert!(
            rule.stride
                .contains(&drydock_model::model::Stride::ElevationOfPrivilege),
            "{id}"
        );
        assert!(
            rule.severity >= drydock_model::model::Severity::High,
            "{id}"
        );
        assert_eq!(rule.level(), 1, "{id}");
    }
}

#[test]
fn severity_overrides_change_the_report_and_the_exit_code() {
    let (report, code) = audit(
        project("").path(),
        &["--rule", "CO001", "--fail-on", "high"],
    );
    let default = results_of(&report, "CO001")[0]["severity"].clone();
    assert!(
        matches!(default.as_str(), Some("high" | "critical")),
        "{default}"
    );
    assert_eq!(code, 1);
    let dir =
        project("[severity]\nprivileged-container = \"high\"\ncompose-privileged = \"low\"\n");
    let (report, code) = audit(dir.path(), &["--rule", "CO001", "--fail-on", "high"]);
    assert_eq!(results_of(&report, "CO001")[0]["severity"], "low");
    assert_eq!(code, 0, "a low failure does not trip --fail-on high");
}

#[test]
fn a_configuration_with_mistakes_is_refused_naming_each_line() {
    let dir = project(
        "[rules]\nskip = [\"DF999\"]\n\n[[waiver]]\nrule = \"DF023\"\nreason = \" \"\nexpires = \"soon\"\n",
    );
    let (code, _, err) = output_of(drydock().args(["audit", "--no-host"]).arg(dir.path()));
    assert_eq!(code, 2, "{err}");
    let config = dir.path().join("drydock.toml").display().to_string();
    for expected in [
        format!("{config}:2:9: no rule matches `DF999`"),
        format!("{config}:6:10: a waiver needs a reason"),
        format!("{config}:7:11: expires `soon` is not a date"),
    ] {
        assert!(err.contains(&expected), "{expected} not in:\n{err}");
    }
    let dir = project("[rules]\nonly = [\"DF023\"]\ncolour = 1\n");
    let (code, _, err) = output_of(drydock().args(["audit", "--no-host"]).arg(dir.path()));
    assert_eq!(code, 2);
    assert!(
        err.contains("drydock.toml:3:1: unknown field `colour`"),
        "{err}"
    );
}

#[test]
fn a_baseline_leaves_only_what_is_new() {
    let dir = project("");
    let base = dir.path().join("base.json");
    let (code, _, err) = output_of(
        drydock()
            .args(["audit", "--no-host", "--quiet", "--format", "json", "-o"])
            .arg(&base)
            .arg(dir.path()),
    );
    assert_eq!(code, 1, "{err}");
    let baseline_arg = base.display().to_string();
    let (report, code) = audit(dir.path(), &["--baseline", &baseline_arg]);
    assert_eq!(code, 0, "nothing is new");
    assert_eq!(report["summary"]["fail"], 0);
    assert!(report["summary"]["suppressed"].as_u64().unwrap() > 3);

    // A second service: its findings, and only they, show and fail the run.
    let compose = dir.path().join("compose.yaml");
    let mut text = std::fs::read_to_string(&compose).unwrap();
    text.push_str("  cache:\n    image: redis:7\n    network_mode: host\n");
    std::fs::write(&compose, text).unwrap();
    let (report, code) = audit(dir.path(), &["--baseline", &baseline_arg]);
    assert_eq!(code, 1);
    let open: Vec<&Value> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail" && r["suppressed"].is_null())
        .collect();
    assert!(!open.is_empty());
    for r in &open {
        assert!(
            r["object"]["name"].as_str().unwrap().contains("cache"),
            "{}",
            r["object"]
        );
    }
    assert!(
        open.iter().any(|r| r["rule_id"] == "CO013"),
        "host network is new"
    );
    // A report that is not drydock's is named.
    std::fs::write(&base, "{\"results\": 3}").unwrap();
    let (code, _, err) = output_of(
        drydock()
            .args(["audit", "--no-host", "--baseline"])
            .arg(&base)
            .arg(dir.path()),
    );
    assert_eq!(code, 2);
    assert!(err.contains("base.json:1:"), "{err}");
}

#[test]
fn the_readme_example_is_a_valid_configuration() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme
        .find("```toml\n# The numbering")
        .expect("the README has the example configuration");
    let body = &readme[start + "```toml\n".len()..];
    let example = &body[..body.find("```").unwrap()];
    let dir = project(example);
    let (report, _) = audit(dir.path(), &["--fail-on", "none"]);
    assert_eq!(report["waivers"][0]["rule"], "5.11");
    assert_eq!(
        report["waivers"][0]["state"], "unmatched",
        "no container in a file audit"
    );
    assert!(!rules_evaluated(&report).is_empty());
}

#[test]
fn findings_set_aside_get_no_fix() {
    let dir = project(
        "[[waiver]]\nrule = \"DF023\"\nreason = \"the cache is pruned\"\nexpires = \"2099-12-31\"\npath = \"app/**\"\n",
    );
    std::fs::create_dir(dir.path().join("tool")).unwrap();
    std::fs::write(
        dir.path().join("tool/Dockerfile"),
        "FROM alpine:3.19\n# drydock-ignore: DF023 the layer is squashed later\nRUN apk add git\nRUN apk add make\nUSER 1000\n",
    )
    .unwrap();
    let (code, out, err) = output_of(
        drydock()
            .args(["fix", "--no-host", "--quiet", "--rule", "DF023"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    // Only the finding neither waived nor ignored gets its fix.
    assert_eq!(out.matches("DF023 add --no-cache").count(), 1, "{out}");
    assert!(out.contains("+RUN apk add --no-cache make"), "{out}");
    assert!(
        !out.contains("--no-cache git") && !out.contains("--no-cache curl"),
        "{out}"
    );
}
