//! The threat model of the system as it is (issue 23): its topology from the audit's facts,
//! attack paths through it, and the plan by fix action — on a live fleet in an engine of the
//! test's own, a compose project and a Kubernetes manifest set.

mod support;

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use support::drydock;
use support::engines::ExtraEngine;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn run(args: &[&str], dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = drydock();
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn system_of(report: &Value) -> &Value {
    &report["threat_model"]["system"]
}

/// The fleet of the issue: a container published on 0.0.0.0 with the Docker socket mounted,
/// running as root; a privileged container; ten plain containers; a hardened one. The engine
/// is the test's own, so other tests' containers do not change the plan. The privileged
/// container is created, not started: this machine's engine cannot start one (runc may not
/// apply every capability here), and its configuration is what the audit judges.
#[test]
fn a_live_fleet_gets_paths_to_host_root_and_a_plan_by_action() {
    support::test_images();
    let engine = ExtraEngine::start(9, None);
    let port = free_port().to_string();
    let socket = format!(
        "{}/docker.sock:/var/run/docker.sock",
        engine.root().display()
    );
    engine.container("web", &["-p", &format!("0.0.0.0:{port}:80"), "-v", &socket]);
    let created = engine.docker(&[
        "create",
        "--name",
        "priv",
        "--privileged",
        "drydock-test/busybox:1",
        "sleep",
        "600",
    ]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    for i in 1..=10 {
        engine.container(&format!("plain{i}"), &[]);
    }
    engine.container(
        "hardened",
        &[
            "--user",
            "1000:1000",
            "--read-only",
            "--cap-drop",
            "ALL",
            "--security-opt",
            "no-new-privileges:true",
            "--memory",
            "64m",
            "--pids-limit",
            "50",
            "--cpu-shares",
            "512",
            "--restart",
            "on-failure:5",
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let host = engine.socket.clone();

    // The plan: 1. the socket mount of the published container, 2. a daemon-wide default
    // that fixes a control on every container; each action with the paths it cuts.
    let (code, out, err) = run(
        &[
            "plan",
            "--top",
            "3",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "json",
        ],
        Some(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    let plan: Value = serde_json::from_str(&out).unwrap();
    let actions = plan["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 3, "{out}");
    assert_eq!(
        actions[0]["action"], "remove the Docker socket mount from web",
        "{out}"
    );
    let cut = actions[0]["paths"].as_array().unwrap();
    assert!(!cut.is_empty(), "{out}");
    let path = plan["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == cut[0])
        .unwrap();
    assert!(
        path["summary"].as_str().unwrap().starts_with(&format!(
            "0.0.0.0:{port} -> 80/tcp → web (root, docker.sock) → Docker API"
        )),
        "{path}"
    );
    assert_eq!(path["impact"], "host root");
    assert_eq!(actions[1]["scope"], "daemon", "{out}");
    assert!(
        actions[1]["action"]
            .as_str()
            .unwrap()
            .starts_with("set \"no-new-privileges\": true in"),
        "{out}"
    );
    // Counted on every container it fixes: the twelve that do not set it themselves.
    assert!(
        actions[1]["controls"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "DH100 (5.26) on 12 objects"),
        "{out}"
    );
    assert!(plan["how_scored"].as_str().unwrap().contains("attack path"));

    // Dropping --privileged is one action that fixes every control the flag breaks.
    let (_, out, _) = run(
        &[
            "plan",
            "--top",
            "50",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "json",
        ],
        Some(dir.path()),
    );
    let plan: Value = serde_json::from_str(&out).unwrap();
    let drop = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "drop --privileged from priv")
        .unwrap_or_else(|| panic!("{out}"));
    let controls: Vec<&str> = drop["controls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().split(' ').next().unwrap())
        .collect();
    for rule in ["DH079", "DH078", "DH096"] {
        assert!(controls.contains(&rule), "{rule} in {controls:?}");
    }
    // The auditd rules are one action.
    let auditd: Vec<&Value> = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["controls"].to_string().contains("DH005"))
        .collect();
    assert!(auditd.len() <= 1, "{auditd:?}");

    // `threats` prints the complete path, each step with its control.
    let (code, text, err) = run(
        &["threats", "-q", "--no-files", "--docker-host", &host],
        Some(dir.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains(&format!(
            "P1 0.0.0.0:{port} -> 80/tcp → web (root, docker.sock) → Docker API → host root"
        )),
        "{text}"
    );
    assert!(
        text.contains("[DH088 CIS 5.14]") && text.contains("[DH106 CIS 5.32]"),
        "{text}"
    );
    assert!(
        text.contains("image → priv (root, privileged) → host root"),
        "{text}"
    );

    // The JSON report carries the topology (replicas folded), the provenance, the risks; it
    // validates against the published schema.
    let (_, out, _) = run(
        &[
            "audit",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "json",
            "--fail-on",
            "none",
        ],
        Some(dir.path()),
    );
    let report: Value = serde_json::from_str(&out).unwrap();
    let system = system_of(&report);
    let elements = system["topology"]["elements"].as_array().unwrap();
    let plain = elements
        .iter()
        .find(|e| e["name"].as_str().unwrap().starts_with("plain"))
        .unwrap();
    assert_eq!(plain["replicas"], 10, "{plain}");
    assert_eq!(
        system["provenance"]["tool_version"],
        env!("CARGO_PKG_VERSION")
    );
    assert!(!system["risks"].as_array().unwrap().is_empty());
    let python = std::env::var("DRYDOCK_PYTHON").expect("DRYDOCK_PYTHON (scripts/test sets it)");
    let report_file = dir.path().join("report.json");
    std::fs::write(&report_file, &out).unwrap();
    let valid = Command::new(python)
        .arg("-c")
        .arg("import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\njsonschema.validate(json.load(open(sys.argv[2])), schema)")
        .arg(support::repo_root().join("schema/report.schema.json"))
        .arg(&report_file)
        .output()
        .unwrap();
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );

    // Mermaid and DOT of the topology; DOT as Graphviz reads it.
    let (_, mermaid, _) = run(
        &[
            "threats",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "mermaid",
        ],
        Some(dir.path()),
    );
    assert!(mermaid.starts_with("flowchart LR"), "{mermaid}");
    assert!(
        mermaid.contains("subgraph nnetwork_bridge[\"docker-network bridge\"]"),
        "{mermaid}"
    );
    assert!(mermaid.contains("-->|\"controls: "), "{mermaid}");
    let (_, dot, _) = run(
        &[
            "threats",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "dot",
        ],
        Some(dir.path()),
    );
    let dot_file = dir.path().join("system.dot");
    std::fs::write(&dot_file, &dot).unwrap();
    let rendered = Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot_file)
        .output()
        .unwrap();
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );

    // The page: the system's topology drawn, a path highlighted on demand, no overlap, no
    // console error.
    let page = dir.path().join("fleet.html");
    let (_, _, err) = run(
        &[
            "audit",
            "-q",
            "--no-files",
            "--docker-host",
            &host,
            "--format",
            "html",
            "-o",
            page.to_str().unwrap(),
            "--fail-on",
            "none",
        ],
        Some(dir.path()),
    );
    let shot = support::repo_root().join("target/html-report/system.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    let checked = Command::new("python3")
        .arg(support::repo_root().join("scripts/check-html"))
        .arg(&page)
        .arg(&shot)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(checked.status.success(), "{err}{said}");
    assert!(said.contains("\"system_elements\": 7"), "{said}");
    assert!(said.contains("\"path_highlighted\": 4"), "{said}");
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn files_report(dir: &Path) -> Value {
    let (_, out, err) = run(
        &[
            "audit",
            "-q",
            "--no-host",
            "--format",
            "json",
            "--fail-on",
            "none",
            ".",
        ],
        Some(dir),
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"))
}

#[test]
fn a_compose_project_has_its_zones_and_no_path_to_the_database_unless_a_service_bridges() {
    let dir = tempfile::tempdir().unwrap();
    let compose = |backend_networks: &str| {
        format!(
            "services:\n  frontend:\n    image: shop/frontend:1.2\n    ports:\n      - \"8080:80\"\n    networks: [public]\n  backend:\n    image: shop/backend:1.2\n    networks: {backend_networks}\n  db:\n    image: postgres:16\n    networks: [internal]\nnetworks:\n  public: {{}}\n  internal:\n    internal: true\n"
        )
    };
    write(dir.path(), "compose.yaml", &compose("[internal]"));
    let report = files_report(dir.path());
    let system = system_of(&report);
    let elements: Vec<&Value> = system["topology"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "service")
        .collect();
    let names: Vec<&str> = elements
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["frontend", "backend", "db"]);
    let zones = system["topology"]["zones"].as_array().unwrap();
    assert_eq!(zones.len(), 2, "{zones:?}");
    assert!(
        zones
            .iter()
            .any(|z| z["name"] == "internal" && z["isolated"] == true)
    );
    let entries: Vec<&Value> = system["topology"]["flows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["from"] == "outside")
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["label"], "0.0.0.0:8080 → 80");
    let to_db = |system: &Value| {
        system["paths"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["impact"] == "service reached: db")
    };
    assert!(!to_db(system), "{}", system["paths"]);

    // A backend on both networks bridges them: outside → frontend → backend → db.
    write(dir.path(), "compose.yaml", &compose("[public, internal]"));
    let report = files_report(dir.path());
    let system = system_of(&report);
    assert!(to_db(system), "{}", system["paths"]);
    let path = system["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["impact"] == "service reached: db")
        .unwrap();
    assert_eq!(
        path["summary"],
        "0.0.0.0:8080 → 80 → frontend (root) → backend (root) → db (root)"
    );
}

#[test]
fn a_workload_bound_to_cluster_admin_has_a_path_to_cluster_admin() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: deployer\n  namespace: ops\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: deployer-admin\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ops\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deployer\n  namespace: ops\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: deployer}\n  template:\n    metadata:\n      labels: {app: deployer}\n    spec:\n      serviceAccountName: deployer\n      containers:\n        - name: deployer\n          image: ops/deployer:3.1\n",
    );
    let report = files_report(dir.path());
    let system = system_of(&report);
    let path = system["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["impact"] == "cluster-admin")
        .unwrap_or_else(|| panic!("{}", system["paths"]));
    let controls: Vec<&str> = path["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["control"].as_str())
        .collect();
    assert_eq!(controls, ["KC06", "KC01"], "{path}");
    assert!(
        path["steps"][2]["threat"]
            .as_str()
            .unwrap()
            .starts_with("KT"),
        "{path}"
    );
    let workload = system["topology"]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "workload")
        .unwrap();
    assert_eq!(workload["replicas"], 2);
    // Not mounting the token cuts it; so does removing the binding.
    let cutters: Vec<String> = system["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["paths"].as_array().unwrap().contains(&path["id"]))
        .map(|a| a["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        cutters.iter().any(|a| a.starts_with("fix KC06")),
        "{cutters:?}"
    );
    assert!(
        cutters.iter().any(|a| a.starts_with("fix KC01")),
        "{cutters:?}"
    );

    // A role that creates pods is cluster-admin one step later (a privileged pod on a node):
    // KubeHound's POD_CREATE; the step names the rule that finds it.
    write(
        dir.path(),
        "ci.yaml",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: runner\n  namespace: ci\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n    verbs: [create, get]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: runner\n  namespace: ci\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: runner\nsubjects:\n  - kind: ServiceAccount\n    name: runner\n    namespace: ci\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: job\n  namespace: ci\nspec:\n  serviceAccountName: runner\n  containers:\n    - name: job\n      image: ci/job:1\n",
    );
    let report = files_report(dir.path());
    let system = system_of(&report);
    let escalation = system["paths"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["summary"]
                .as_str()
                .unwrap()
                .starts_with("image → Pod ci/job")
        })
        .unwrap_or_else(|| panic!("{}", system["paths"]));
    assert_eq!(escalation["impact"], "cluster-admin");
    assert_eq!(escalation["steps"][2]["control"], "KC04", "{escalation}");
}
