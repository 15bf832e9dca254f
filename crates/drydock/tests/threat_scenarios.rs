//! Threat scenarios: small systems whose threat statuses are written by hand from what each
//! threat means, then checked against drydock's assessment.
//!
//! Each scenario is a folder under `tests/threat-scenarios/` with a `scenario.json`:
//! - `"about"`: what it shows;
//! - one way to make the system: `"files"` (the folder's project files, audited with
//!   `--no-host`), `"facts"` (a list of `[rule fixture, case name]` whose patches are applied to
//!   the hardened baseline host of the rule fixtures, plus an optional `"patch"`), `"node"` (a
//!   node fixture under `tests/fixtures/node/`, audited with `--kubernetes`), or `"containers"`
//!   (live: `{"name", "flags"}` started on the machine's engine from the local test image, with
//!   an optional user network `"network"`);
//! - `"expect"`: `[threat, object, status]`, where `object` is `*` for the threat itself or the
//!   name of the object an instance is about.
//!
//! Every scenario is also checked against the invariant that no instance is mitigated without
//! its object having been audited and every mitigation entry holding on it, and the catalog
//! test makes sure every threat is expected open somewhere.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use support::{docker, drydock, repo_root, sleeping_container};

fn scenarios_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/threat-scenarios")
}

fn scenarios() -> Vec<(String, PathBuf, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(scenarios_dir()).unwrap().flatten() {
        let path = entry.path();
        let file = path.join("scenario.json");
        if !file.is_file() {
            continue;
        }
        let spec: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        out.push((entry.file_name().to_string_lossy().to_string(), path, spec));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let t = target.as_object_mut().unwrap();
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

fn rule_fixtures() -> PathBuf {
    repo_root().join("crates/drydock-rules/tests/fixtures/docker")
}

/// The baseline host with the patches of the named rule fixture cases.
fn facts_of(spec: &Value) -> Value {
    let mut facts: Value = serde_json::from_str(
        &std::fs::read_to_string(rule_fixtures().join("baseline.json")).unwrap(),
    )
    .unwrap();
    for pair in spec["facts"].as_array().unwrap() {
        let (fixture, name) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        let cases: Value = serde_json::from_str(
            &std::fs::read_to_string(rule_fixtures().join(format!("{fixture}.json"))).unwrap(),
        )
        .unwrap();
        let case = cases["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no case `{name}` in {fixture}"));
        for (key, pointer) in [
            ("container", "/engine/value/containers/0"),
            ("image", "/engine/value/images/0"),
            ("settings", "/host/daemon_config/content/settings"),
            ("info", "/engine/value/info"),
            ("files", "/host/files"),
        ] {
            if let Some(p) = case.get(key) {
                merge(facts.pointer_mut(pointer).unwrap(), p);
            }
        }
        if let Some(p) = case.get("patch") {
            merge(&mut facts, p);
        }
    }
    if let Some(p) = spec.get("patch") {
        merge(&mut facts, p);
    }
    facts
}

/// A node root made of fixture trees laid over each other with the modes their installs leave,
/// then the scenario's edits (`[path, text, replacement]`) and modes (`[path, "0600", uid,
/// gid]`) applied.
fn node_root(trees: &Value, edits: Option<&Value>, overrides: Option<&Value>) -> tempfile::TempDir {
    let names: Vec<&str> = trees
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let modes: Vec<&[(&str, u32, u32, u32)]> = names
        .iter()
        .map(|n| support::node::modes_named(n))
        .collect();
    let root = support::node::build_root(&names, &modes);
    for edit in edits.and_then(Value::as_array).into_iter().flatten() {
        let path = root.path().join(edit[0].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let from = edit[1].as_str().unwrap();
        assert!(text.contains(from), "{}: no `{from}`", path.display());
        std::fs::write(&path, text.replace(from, edit[2].as_str().unwrap())).unwrap();
    }
    for m in overrides.and_then(Value::as_array).into_iter().flatten() {
        use std::os::unix::fs::PermissionsExt;
        let path = root.path().join(m[0].as_str().unwrap());
        let mode = u32::from_str_radix(m[1].as_str().unwrap(), 8).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let (uid, gid) = (m[2].as_u64().unwrap() as u32, m[3].as_u64().unwrap() as u32);
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
    }
    root
}

fn threats_json(args: &[&str], dir: Option<&Path>) -> Value {
    let mut cmd = drydock();
    cmd.args(["threats", "--format", "json", "-q", "--no-config"]);
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "drydock threats {args:?}: no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Whether an instance's object is the one a scenario names.
fn names(object: &Value, wanted: &str) -> bool {
    let name = object["name"].as_str().unwrap_or_default();
    name == wanted
        || name.starts_with(&format!("{wanted} ("))
        || name.ends_with(&format!("/{wanted}"))
        || name.ends_with(&format!(" {wanted}"))
        || name.ends_with(&format!("-{wanted}"))
}

/// The differences between what a scenario expects and what the model says.
fn check(name: &str, model: &Value, expect: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for e in expect.as_array().unwrap() {
        let (threat, object, want) = (
            e[0].as_str().unwrap(),
            e[1].as_str().unwrap(),
            e[2].as_str().unwrap(),
        );
        let Some(t) = model["threats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == threat)
        else {
            problems.push(format!("{name}: no threat {threat}"));
            continue;
        };
        let got: Vec<(String, String)> = if object == "*" {
            vec![(
                t["status"].as_str().unwrap().to_string(),
                t["reason"].as_str().unwrap().to_string(),
            )]
        } else {
            t["instances"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| names(&i["object"], object))
                .map(|i| {
                    (
                        i["status"].as_str().unwrap().to_string(),
                        i["reason"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        if got.is_empty() {
            let all: Vec<&str> = t["instances"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap())
                .collect();
            problems.push(format!(
                "{name}: {threat} has no instance on `{object}` (instances: {all:?})"
            ));
        }
        for (status, reason) in got {
            if status != want {
                problems.push(format!(
                    "{name}: {threat}@{object} is {status}, expected {want} ({reason})"
                ));
            }
        }
    }
    problems.extend(
        mitigated_without_evidence(model)
            .into_iter()
            .map(|p| format!("{name}: {p}")),
    );
    problems
}

/// Instances called mitigated although an entry of theirs does not hold, or their object was
/// not audited, or evidence their threat needs is missing.
fn mitigated_without_evidence(model: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for t in model["threats"].as_array().unwrap() {
        let needs = t["needs"].as_array().map_or(0, Vec::len);
        for i in t["instances"].as_array().unwrap() {
            if i["status"] != "mitigated" {
                continue;
            }
            let id = i["id"].as_str().unwrap();
            let controls = i["controls"].as_array().unwrap();
            // The one need there is, vulnerability data, is met on an object only by a pass of
            // a rule that judged its packages against such data.
            let vulnerability_data = controls.iter().any(|c| {
                ["DH066", "AR007", "KC22"].contains(&c["rule_id"].as_str().unwrap())
                    && c["verdict"] == "pass"
            });
            if needs > 0 && !vulnerability_data {
                problems.push(format!("{id} is mitigated without the evidence it needs"));
            }
            let mitigations: Vec<&Value> = controls
                .iter()
                .filter(|c| c["role"] == "mitigation" && c["verdict"] != "not_applicable")
                .collect();
            if mitigations.is_empty() {
                problems.push(format!("{id} is mitigated with no mitigation judged on it"));
            }
            for entry in t["mitigations"].as_array().unwrap() {
                let rules: Vec<&str> = match entry {
                    Value::String(r) => vec![r.as_str()],
                    other => other["any_of"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r.as_str().unwrap())
                        .collect(),
                };
                let verdicts: Vec<&str> = mitigations
                    .iter()
                    .filter(|c| rules.contains(&c["rule_id"].as_str().unwrap()))
                    .map(|c| c["verdict"].as_str().unwrap())
                    .collect();
                if !verdicts.is_empty() && !verdicts.contains(&"pass") {
                    problems.push(format!(
                        "{id} is mitigated though {rules:?} says {verdicts:?}"
                    ));
                }
            }
        }
    }
    problems
}

/// Statuses each scenario expects of each threat (all objects), for the catalog test.
fn expected_statuses() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, _, spec) in scenarios() {
        for e in spec["expect"].as_array().unwrap() {
            out.entry(e[0].as_str().unwrap().to_string())
                .or_default()
                .insert(e[2].as_str().unwrap().to_string());
        }
    }
    out
}

#[test]
fn file_fact_and_node_scenarios_give_the_expected_statuses() {
    let mut problems = Vec::new();
    let mut ran = 0;
    for (name, dir, spec) in scenarios() {
        let model = if spec.get("files").is_some() {
            threats_json(&["--no-host", "."], Some(&dir))
        } else if spec.get("facts").is_some() {
            let facts = tempfile::NamedTempFile::new().unwrap();
            std::fs::write(facts.path(), facts_of(&spec).to_string()).unwrap();
            let mut args = vec!["--facts", facts.path().to_str().unwrap()];
            args.extend(
                spec.get("args")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            );
            threats_json(&args, None)
        } else if let Some(node) = spec.get("node") {
            let root = node_root(node, spec.get("edits"), spec.get("modes"));
            threats_json(
                &[
                    "--kubernetes",
                    "--no-docker",
                    "--no-files",
                    "--root",
                    root.path().to_str().unwrap(),
                ],
                None,
            )
        } else {
            continue;
        };
        ran += 1;
        problems.extend(check(&name, &model, &spec["expect"]));
    }
    assert!(ran >= 25, "only {ran} scenarios ran");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn live_scenarios_give_the_same_statuses_live_and_from_collected_facts() {
    let mut problems = Vec::new();
    let mut ran = 0;
    for (name, _, spec) in scenarios() {
        let Some(containers) = spec.get("containers").and_then(Value::as_array) else {
            continue;
        };
        ran += 1;
        let tag = format!("ddts{}", &name[..name.len().min(6)]);
        let network = spec.get("network").and_then(Value::as_str).map(|n| {
            let full = format!("{tag}{}-{n}", std::process::id());
            docker(&["network", "create", &full]);
            NetworkGuard(full)
        });
        let mut guards = Vec::new();
        for c in containers {
            let mut flags: Vec<String> = c["flags"]
                .as_array()
                .map(|f| f.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                .unwrap_or_default();
            if let Some(n) = &network
                && c["network"].as_bool() == Some(true)
            {
                flags.extend(["--network".to_string(), n.0.clone()]);
            }
            let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
            let (_, guard) = sleeping_container(&tag, c["name"].as_str().unwrap(), &flags);
            guards.push(guard);
        }
        let live = threats_json(&["--no-files", "--timeout", "60"], None);
        problems.extend(check(&format!("{name} (live)"), &live, &spec["expect"]));
        let facts = tempfile::NamedTempFile::new().unwrap();
        let out = drydock()
            .args(["collect", "-q", "--no-files", "--out"])
            .arg(facts.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let recorded = threats_json(&["--facts", facts.path().to_str().unwrap()], None);
        problems.extend(check(
            &format!("{name} (collected facts)"),
            &recorded,
            &spec["expect"],
        ));
        drop(guards);
        drop(network);
    }
    assert!(ran >= 3, "only {ran} live scenarios ran");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Removes a network a scenario made, after its containers.
struct NetworkGuard(String);

impl Drop for NetworkGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["network", "rm", &self.0])
            .output();
    }
}

/// Threats no audit can show mitigated, and why: a control a person must judge is never
/// assumed to hold.
const NEVER_MITIGATED: &[(&str, &str)] = &[
    (
        "DT22",
        "DH098 (root exec sessions) is manual: older sessions are in the audit log only",
    ),
    (
        "DT21",
        "its hardening DH028 (default ulimits fit) is manual",
    ),
    ("DT23", "DH074 (image signatures reviewed) is manual"),
    (
        "DT24",
        "its hardening (swarm CA, certificates, secrets) is manual review",
    ),
    ("KT01", "its hardening KN068–KN070 is manual"),
    ("KT04", "its hardening KN067 (a CA of etcd's own) is manual"),
    (
        "KT09",
        "its hardening KN072 (audit policy content) is manual",
    ),
    ("KT10", "its hardening KN041 and KN052 are manual"),
];

#[test]
fn every_threat_of_the_catalog_is_expected_open_somewhere_and_mitigated_where_it_can_be() {
    let empty = tempfile::tempdir().unwrap();
    let model = threats_json(&["--no-host", "."], Some(empty.path()));
    let expected = expected_statuses();
    let mut missing = Vec::new();
    for t in model["threats"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let statuses = expected.get(id).cloned().unwrap_or_default();
        if !statuses.contains("open") {
            missing.push(format!("{id}: no scenario expects it open"));
        }
        let exempt = NEVER_MITIGATED.iter().any(|(e, _)| *e == id);
        if !exempt && !statuses.contains("mitigated") {
            missing.push(format!("{id}: no scenario expects it mitigated"));
        }
    }
    assert!(
        missing.is_empty(),
        "{} gaps:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn no_instance_over_the_corpus_is_mitigated_without_evidence() {
    let corpus = repo_root().join("../shared/corpus");
    let model = threats_json(&["--no-host", corpus.to_str().unwrap()], None);
    let problems = mitigated_without_evidence(&model);
    let instances: usize = model["threats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["instances"].as_array().unwrap().len())
        .sum();
    assert!(
        instances > 500,
        "only {instances} instances over the corpus"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scenario's project as drydock's threat page in another format.
fn threats_in(scenario: &str, format: &str) -> String {
    // The diagrams of the generic model (the system's own topology is tested elsewhere).
    let view: &[&str] = if matches!(format, "mermaid" | "dot") {
        &["--view", "model"]
    } else {
        &[]
    };
    let out = drydock()
        .args([
            "threats",
            "-q",
            "--no-config",
            "--no-host",
            "--format",
            format,
            ".",
        ])
        .args(view)
        .current_dir(scenarios_dir().join(scenario))
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_markdown_and_html_show_each_threat_with_its_instances() {
    // The raw-socket threat on a compose service that keeps Docker's default capabilities.
    let text = threats_in("compose-default-capabilities", "text");
    assert!(text.contains("open on 1 of 1 compose-services"), "{text}");
    assert!(text.contains("DT08@compose-service/web ("), "{text}");
    let markdown = threats_in("compose-default-capabilities", "markdown");
    assert!(
        markdown.contains("Instances: open on 1 of 1 compose-services."),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `DT08@compose-service/web ("),
        "{markdown}"
    );
    let html = threats_in("compose-default-capabilities", "html");
    assert!(html.contains("<p class=\"coverage\">Instances: open on 1 of 1 compose-services.</p>"));
    assert!(html.contains("<code>DT08@compose-service/web ("));
    // A literal token in a manifest: open, and the token itself appears in no format.
    for format in ["text", "markdown", "html", "json"] {
        let out = threats_in("k8s-literal-token", format);
        assert!(out.contains("KT17"), "{format}");
        assert!(
            !out.contains("ghp_abcdefghij"),
            "{format} repeats the token"
        );
    }
}

#[test]
fn elements_no_audited_object_speaks_for_are_grey_and_flows_say_why() {
    // Workloads only: the API server's RBAC threat is not assessed, and drawn so.
    let mermaid = threats_in("k8s-workloads-only", "mermaid");
    assert!(
        mermaid.contains("api_server[\"API server<br/>not assessed\"]"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("style api_server fill:#d1d5db"),
        "{mermaid}"
    );
    // On a Docker host, the client → daemon flow takes the API authentication threat's
    // colour and names it; daemon availability (live-restore) is not on that boundary.
    let facts = tempfile::NamedTempFile::new().unwrap();
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(scenarios_dir().join("host-tcp-without-tls/scenario.json"))
            .unwrap(),
    )
    .unwrap();
    std::fs::write(facts.path(), facts_of(&spec).to_string()).unwrap();
    let out = drydock()
        .args(["threats", "-q", "--format", "html", "--facts"])
        .arg(facts.path())
        .output()
        .unwrap();
    let html = String::from_utf8(out.stdout).unwrap();
    let flow = html
        .split("<tr>")
        .find(|row| row.contains("<td>Docker client → Docker daemon"))
        .expect("the client → daemon flow is listed");
    assert!(flow.contains("DT10 open"), "{flow}");
    assert!(!flow.contains("DT21"), "{flow}");
}

#[test]
fn a_compose_service_without_user_on_a_local_root_image_is_open() {
    // The local test image runs as root (it sets no user): a service that sets no `user:`
    // runs as root, which the engine's own record of the image shows.
    support::test_images();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        "services:\n  app:\n    image: drydock-test/busybox:1\n    read_only: true\n",
    )
    .unwrap();
    let model = threats_json(&["--timeout", "60", "."], Some(dir.path()));
    let problems = check(
        "compose-local-root-image",
        &model,
        &serde_json::json!([["DT17", "app", "open"]]),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
