//! Results from peers as evidence: docker-bench-security's JSON log
//! (`log/docker-bench-security.log.json`) and kube-bench's `--json` output, mapped to drydock's
//! rules through the CIS ids, so a team that runs them gets the threat model and the plan
//! without a new audit. Vulnerability scanners' reports (Trivy's and Grype's JSON) give CIS 4.4
//! per image, see [`crate::scanners`]. The peers' verdicts are taken as they reported them; drydock does not
//! re-check them, and says so in the report's notes.

use drydock_model::benchmark::DockerBenchmark;
use drydock_model::model::{Evidence, ObjectRef, Outcome, Status};
use drydock_model::report::{AuditTarget, REPORT_SCHEMA_VERSION, Report, ResultEntry, Summary};
use drydock_rules::rule::Rule;
use serde_json::Value;

/// The CIS Docker numbering a docker-bench-security release follows.
fn docker_bench_numbering(version: &str) -> DockerBenchmark {
    let v = version.trim_start_matches('v');
    if v.starts_with("1.6") {
        DockerBenchmark::ALL[0]
    } else if v.starts_with("1.5") {
        DockerBenchmark::ALL[1]
    } else if v == "1.3.6" {
        DockerBenchmark::ALL[2]
    } else if v.starts_with("1.3") {
        DockerBenchmark::ALL[3]
    } else {
        DockerBenchmark::ALL[0]
    }
}

/// A report from evidence files (`(path, text)`), over the selected rules.
pub fn report_from(
    inputs: &[(String, String)],
    rules: &[&'static Rule],
    options: &drydock_rules::rule::RuleOptions,
    numbering: DockerBenchmark,
    tool_version: &str,
) -> Result<Report, String> {
    let mut results: Vec<ResultEntry> = Vec::new();
    let mut notes = Vec::new();
    let mut incomplete = Vec::new();
    let mut scanned_images = 0;
    let mut host_audited = false;
    let mut node: Option<Vec<String>> = None;
    for (path, text) in inputs {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| format!("{path}:{}:{}: not valid JSON: {e}", e.line(), e.column()))?;
        if let Some(scanner) = crate::scanners::scanner_of(&value) {
            let (result, problems, note) =
                crate::scanners::result_of(path, scanner, &value, rules, options, numbering)?;
            scanned_images += result.is_some() as usize;
            results.extend(result);
            incomplete.extend(problems);
            notes.push(note);
        } else if let Some(version) = value.get("dockerbenchsecurity").and_then(Value::as_str) {
            host_audited = true;
            let bench = docker_bench_numbering(version);
            notes.push(format!(
                "{path}: docker-bench-security {version} results read in {} numbering and taken as reported (WARN as fail, INFO and NOTE as manual); drydock did not re-check them",
                bench.name()
            ));
            docker_bench(
                path,
                &value,
                bench,
                rules,
                numbering,
                &mut results,
                &mut notes,
            )?;
        } else if let Some(controls) = kube_bench_controls(&value) {
            let mut components = node.take().unwrap_or_default();
            notes.push(format!(
                "{path}: kube-bench results taken as reported (WARN and INFO as manual); drydock did not re-check them; ids are read as CIS Kubernetes 1.12"
            ));
            kube_bench(
                path,
                &controls,
                rules,
                numbering,
                &mut results,
                &mut components,
                &mut notes,
            )?;
            node = Some(components);
        } else {
            return Err(format!(
                "{path}: neither docker-bench-security's JSON log (a `dockerbenchsecurity` field), kube-bench's --json output (`Controls`), Trivy's JSON (`SchemaVersion`, `ArtifactName`) nor Grype's (`matches`, `descriptor`)"
            ));
        }
    }
    let mut evaluated: Vec<String> = results.iter().map(|r| r.rule.rule_id.to_string()).collect();
    evaluated.sort();
    evaluated.dedup();
    Ok(Report {
        schema_version: REPORT_SCHEMA_VERSION.to_string(),
        tool_version: tool_version.to_string(),
        benchmark: numbering.name().to_string(),
        target: AuditTarget {
            host: String::new(),
            root: String::new(),
            engine_endpoint: None,
            engine_version: None,
            containers: 0,
            images: scanned_images,
            files: 0,
            host_audited,
            kubernetes_node: node,
            objects: Default::default(),
            // The peers name no list of what they looked at: the threat model takes the
            // objects their results name.
            audited: Vec::new(),
            evidence: inputs.iter().map(|(path, _)| path.clone()).collect(),
        },
        complete: incomplete.is_empty(),
        incomplete_reasons: incomplete,
        notes,
        summary: Summary::of(&results),
        rules_evaluated: evaluated,
        waivers: Vec::new(),
        threat_model: None,
        results,
    })
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn docker_bench(
    path: &str,
    log: &Value,
    bench: DockerBenchmark,
    rules: &[&'static Rule],
    numbering: DockerBenchmark,
    results: &mut Vec<ResultEntry>,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let sections = log
        .get("tests")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{path}: docker-bench-security log without a `tests` list"))?;
    let mut unmapped = Vec::new();
    let checks: Vec<&Value> = sections
        .iter()
        .filter_map(|s| s.get("results").and_then(Value::as_array))
        .flatten()
        .collect();
    // docker-bench passes its swarm checks on a host where swarm mode is off; drydock calls
    // them not applicable there, as its own audit does. Its "swarm mode not enabled" check
    // (5.1 in 1.6.0) says which it is.
    let swarm_check = drydock_rules::rules::find("DH075").and_then(|r| r.cis_id_in(bench));
    let swarm_off = checks
        .iter()
        .any(|c| Some(text_of(c, "id").as_str()) == swarm_check && text_of(c, "result") == "PASS");
    for check in checks {
        let id = text_of(check, "id");
        let verdict = text_of(check, "result");
        let status = match verdict.as_str() {
            "PASS" => Status::Pass,
            "WARN" => Status::Fail,
            "INFO" | "NOTE" => Status::Manual,
            _ => Status::Unknown,
        };
        // Only host rules: the project-file rules share CIS ids but judge other objects.
        let matched: Vec<&&'static Rule> = rules
            .iter()
            .filter(|r| !r.target.is_project() && r.cis_id_in(bench) == Some(id.as_str()))
            .collect();
        if matched.is_empty() {
            unmapped.push(id);
            continue;
        }
        let items: Vec<String> = check
            .get("items")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let details = text_of(check, "details");
        for rule in matched {
            let object = ObjectRef {
                kind: rule.target,
                id: format!("{path}#{id}"),
                name: if items.is_empty() {
                    format!("host (docker-bench-security {id})")
                } else {
                    items.join(", ")
                },
            };
            let message = format!(
                "docker-bench-security {verdict}: {}{}",
                text_of(check, "desc"),
                if details.is_empty() {
                    String::new()
                } else {
                    format!(" — {details}")
                }
            );
            let (status, message) = if swarm_off
                && rule.target == drydock_model::model::Target::Swarm
            {
                (
                    Status::NotApplicable,
                    format!(
                        "swarm mode is off (docker-bench-security's own swarm-mode check passed); its {verdict} here says nothing"
                    ),
                )
            } else {
                (status, message)
            };
            let outcome = Outcome::new(object, status, message).with(
                Evidence::new("docker-bench-security result", verdict.clone()).expected("PASS"),
            );
            results.push(drydock_rules::evaluate::result_entry(
                rule, numbering, outcome, None,
            ));
        }
    }
    if !unmapped.is_empty() {
        notes.push(format!(
            "{path}: docker-bench-security checks with no drydock rule selected: {}",
            unmapped.join(", ")
        ));
    }
    Ok(())
}

/// kube-bench's controls, whatever the release's top-level shape: `{"Controls": [...]}`,
/// a list of controls, or one control.
fn kube_bench_controls(value: &Value) -> Option<Vec<Value>> {
    if let Some(list) = value.get("Controls").and_then(Value::as_array) {
        return Some(list.clone());
    }
    if let Some(list) = value.as_array()
        && list.iter().all(|c| c.get("tests").is_some())
        && !list.is_empty()
    {
        return Some(list.clone());
    }
    if value.get("tests").is_some() && value.get("node_type").is_some() {
        return Some(vec![value.clone()]);
    }
    None
}

fn kube_bench(
    path: &str,
    controls: &[Value],
    rules: &[&'static Rule],
    numbering: DockerBenchmark,
    results: &mut Vec<ResultEntry>,
    components: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    // A file of the right outline but the wrong content must not read as a clean node.
    let mut checks = 0;
    for (i, control) in controls.iter().enumerate() {
        let groups = control
            .get("tests")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                format!(
                    "{path}: kube-bench control set {} has no `tests` list",
                    i + 1
                )
            })?;
        for group in groups {
            let list = group
                .get("results")
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    format!(
                        "{path}: kube-bench group {} has no `results` list",
                        text_of(group, "section")
                    )
                })?;
            for check in list {
                if check.get("test_number").and_then(Value::as_str).is_none()
                    || check.get("status").and_then(Value::as_str).is_none()
                {
                    return Err(format!(
                        "{path}: a kube-bench result without a `test_number` and a `status`: {}",
                        drydock_model::secrets::redact_text(&check.to_string())
                    ));
                }
                checks += 1;
            }
        }
    }
    if checks == 0 {
        return Err(format!("{path}: kube-bench output with no test results"));
    }
    let mut unmapped = Vec::new();
    for control in controls {
        let node_type = text_of(control, "node_type");
        components.push(format!(
            "{} (kube-bench {}, {path})",
            if node_type.is_empty() {
                "node"
            } else {
                &node_type
            },
            text_of(control, "version")
        ));
        for test in control
            .get("tests")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("results").and_then(Value::as_array))
            .flatten()
        {
            let id = text_of(test, "test_number");
            let verdict = text_of(test, "status");
            let status = match verdict.as_str() {
                "PASS" => Status::Pass,
                "FAIL" => Status::Fail,
                "WARN" | "INFO" => Status::Manual,
                _ => Status::Unknown,
            };
            let matched: Vec<&&'static Rule> = rules
                .iter()
                .filter(|r| r.is_node_rule() && r.kube_cis.contains(&id.as_str()))
                .collect();
            if matched.is_empty() {
                unmapped.push(id);
                continue;
            }
            for rule in matched {
                let object = ObjectRef {
                    kind: rule.target,
                    id: format!("{path}#{id}"),
                    name: format!(
                        "{} (kube-bench {id})",
                        if node_type.is_empty() {
                            "node"
                        } else {
                            &node_type
                        }
                    ),
                };
                let actual = text_of(test, "actual_value");
                let mut evidence =
                    Evidence::new("kube-bench status", verdict.clone()).expected("PASS");
                if !actual.is_empty() {
                    evidence = Evidence::new("kube-bench actual value", actual)
                        .expected(text_of(test, "expected_result"));
                }
                let outcome = Outcome::new(
                    object,
                    status,
                    format!("kube-bench {verdict}: {}", text_of(test, "test_desc")),
                )
                .with(evidence);
                results.push(drydock_rules::evaluate::result_entry(
                    rule, numbering, outcome, None,
                ));
            }
        }
    }
    if !unmapped.is_empty() {
        notes.push(format!(
            "{path}: kube-bench checks with no drydock rule selected: {}",
            unmapped.join(", ")
        ));
    }
    Ok(())
}
