//! Replays, through the fuzz targets' own code, every input the fuzzers found
//! (`regressions/<target>/`), every real file of the shared corpus, and generated files: each
//! must go through parse, audit and the fix round trip (fix, parse again, fix again: nothing
//! left to apply) without a panic.

use std::path::{Path, PathBuf};

fn target(name: &str) -> fn(&[u8]) {
    drydock_fuzz::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
        .1
}

fn files_under(dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, keep, out);
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(keep) {
            out.push(path);
        }
    }
}

#[test]
fn every_input_the_fuzzers_found_is_handled() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    let mut replayed = 0;
    for (name, run) in drydock_fuzz::TARGETS {
        let mut inputs = Vec::new();
        files_under(&dir.join(name), &|_| true, &mut inputs);
        for input in inputs {
            eprintln!("replaying {}", input.display());
            run(&std::fs::read(&input).unwrap());
            replayed += 1;
        }
    }
    // The directory holds at least the inputs committed with the fixes they led to.
    assert!(replayed > 0, "no regression inputs under {}", dir.display());
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
}

fn replay_corpus(target_name: &str, keep: &dyn Fn(&str) -> bool) -> usize {
    let mut files = Vec::new();
    files_under(&corpus(), keep, &mut files);
    assert!(
        !files.is_empty(),
        "no corpus files under {}",
        corpus().display()
    );
    let run = target(target_name);
    for file in &files {
        eprintln!("{target_name}: {}", file.display());
        run(&std::fs::read(file).unwrap());
    }
    files.len()
}

#[test]
fn every_corpus_dockerfile_survives_the_fix_round_trip() {
    let n = replay_corpus("dockerfile", &|n| n.starts_with("Dockerfile"));
    assert!(n >= 40, "{n}");
}

#[test]
fn every_corpus_compose_file_survives_the_fix_round_trip() {
    let n = replay_corpus("compose", &|n| {
        (n.starts_with("compose") || n.starts_with("docker-compose"))
            && (n.ends_with(".yml") || n.ends_with(".yaml"))
    });
    assert!(n >= 30, "{n}");
}

#[test]
fn every_corpus_manifest_survives_the_fix_round_trip() {
    let n = replay_corpus("manifests", &|n| {
        n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".json")
    });
    assert!(n >= 200, "{n}");
}

/// A small deterministic generator (xorshift), so a failure names a seed that reproduces it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
    fn chance(&mut self, in_four: u64) -> bool {
        self.next() % 4 < in_four
    }
}

/// Compose services built from settings drydock checks, written in the styles users write
/// them (quoted or not, flow or block, comments, anchors), with the indentation varied.
fn generated_compose(rng: &mut Rng) -> String {
    let indent = rng.pick(&["  ", "    ", " "]);
    let mut out = String::new();
    if rng.chance(1) {
        out.push_str("# generated\nversion: \"3.9\"\n");
    }
    if rng.chance(1) {
        out.push_str("x-base: &base\n  restart: always\n");
    }
    out.push_str("services:\n");
    for s in 0..=(rng.next() % 3) {
        out.push_str(&format!("{indent}svc{s}:\n"));
        let inner = format!("{indent}{indent}");
        let settings: &[&str] = &[
            "image: nginx:1.27",
            "image: \"redis\"",
            "image: 'alpine:latest'",
            "build: .",
            "privileged: true",
            "read_only: false",
            "network_mode: host",
            "pid: host",
            "user: root",
            "cap_add: [SYS_ADMIN]",
            "cap_add:\n{i}  - NET_ADMIN",
            "cap_drop: [NET_RAW]",
            "cap_drop:\n{i}- CHOWN",
            "ports: [\"80:80\"]",
            "ports:\n{i}  - \"8080:80\"\n{i}  - 5432:5432",
            "ports:\n{i}  - 0.0.0.0:443:443",
            "security_opt: [\"no-new-privileges:false\"]",
            "security_opt:\n{i}  - seccomp:unconfined",
            "volumes:\n{i}  - /var/run/docker.sock:/var/run/docker.sock",
            "volumes: [\"/:/host\"]",
            "environment:\n{i}  DB_PASSWORD: hunter2",
            "environment: [\"A=1\"]",
            "mem_limit: 1g",
            "pids_limit: -1",
            "healthcheck:\n{i}  disable: true",
            "<<: *base",
            "# a comment",
            "restart: \"no\"",
            "deploy:\n{i}  resources:\n{i}    limits: {cpus: \"0.5\"}",
        ];
        let mut used = Vec::new();
        for _ in 0..(1 + rng.next() % 6) {
            let setting = rng.pick(settings);
            let key = setting.split(':').next().unwrap();
            if used.contains(&key) || (key == "<<" && !out.contains("&base")) {
                continue;
            }
            used.push(key);
            out.push_str(&inner);
            out.push_str(&setting.replace("{i}", &inner));
            out.push('\n');
        }
        if !used.iter().any(|k| *k == "image" || *k == "build") {
            out.push_str(&format!("{inner}image: busybox\n"));
        }
    }
    if rng.chance(1) {
        out = out.replace('\n', "\r\n");
    }
    if rng.chance(1) {
        out.pop();
    }
    out
}

fn generated_dockerfile(rng: &mut Rng) -> String {
    let mut out = String::new();
    let lines: &[&str] = &[
        "FROM ubuntu",
        "FROM debian:12 AS build",
        "FROM alpine:3.20",
        "FROM scratch",
        "FROM gcr.io/distroless/static",
        "RUN apt-get update && apt-get install -y curl",
        "RUN apk add --no-cache bash",
        "RUN curl -fsSL https://example.com/i.sh | sh",
        "ADD https://example.com/x.tgz /x.tgz",
        "ADD . /app",
        "COPY --chown=1000 . /app",
        "USER root",
        "USER 1000",
        "ENV API_KEY=secret123",
        "EXPOSE 22",
        "HEALTHCHECK CMD true",
        "HEALTHCHECK NONE",
        "WORKDIR /app",
        "RUN echo \\\n  continued",
        "# comment",
        "CMD [\"/app\"]",
        "ENTRYPOINT /app --serve",
        "RUN <<EOF\nset -e\nEOF",
        "ARG TAG=latest",
        "FROM node:${TAG}",
    ];
    for _ in 0..(2 + rng.next() % 8) {
        out.push_str(rng.pick(lines));
        out.push('\n');
    }
    if rng.chance(1) {
        out = out.replace('\n', "\r\n");
    }
    out
}

fn generated_manifest(rng: &mut Rng) -> String {
    let kind = rng.pick(&["Pod", "Deployment", "CronJob", "DaemonSet"]);
    let (spec_path, indent) = match kind {
        "Pod" => ("spec:\n", "  "),
        "CronJob" => (
            "spec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n",
            "          ",
        ),
        _ => (
            "spec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n",
            "      ",
        ),
    };
    let api = match kind {
        "Pod" => "v1",
        "CronJob" => "batch/v1",
        _ => "apps/v1",
    };
    let mut out = format!("apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: gen\n{spec_path}");
    let pod: &[&str] = &[
        "hostNetwork: true",
        "hostPID: true",
        "automountServiceAccountToken: true",
        "securityContext:\n{i}  runAsUser: 0",
        "securityContext: {}",
        "volumes:\n{i}- name: h\n{i}  hostPath: {path: /}",
    ];
    for _ in 0..(rng.next() % 3) {
        out.push_str(&format!(
            "{indent}{}\n",
            rng.pick(pod).replace("{i}", indent)
        ));
    }
    out.push_str(&format!("{indent}containers:\n"));
    for c in 0..=(rng.next() % 2) {
        out.push_str(&format!(
            "{indent}- name: c{c}\n{indent}  image: nginx:1.27\n"
        ));
        let ci = format!("{indent}  ");
        let container: &[&str] = &[
            "securityContext:\n{i}  privileged: true",
            "securityContext:\n{i}  allowPrivilegeEscalation: true\n{i}  capabilities:\n{i}    add: [\"NET_ADMIN\"]",
            "securityContext: {runAsNonRoot: false}",
            "resources:\n{i}  requests:\n{i}    cpu: 100m",
            "resources: {}",
            "ports:\n{i}- containerPort: 80\n{i}  hostPort: 80",
            "# note",
        ];
        let mut used = Vec::new();
        for _ in 0..(rng.next() % 3) {
            let setting = rng.pick(container);
            let key = setting.split(':').next().unwrap();
            if used.contains(&key) {
                continue;
            }
            used.push(key);
            out.push_str(&format!("{ci}{}\n", setting.replace("{i}", &ci)));
        }
    }
    if rng.chance(1) {
        out = format!(
            "---\n{out}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {{name: sa}}\n"
        );
    }
    out
}

#[test]
fn generated_files_survive_the_fix_round_trip() {
    type Generator = fn(&mut Rng) -> String;
    let cases: [(&str, Generator); 3] = [
        ("compose", generated_compose),
        ("dockerfile", generated_dockerfile),
        ("manifests", generated_manifest),
    ];
    for (name, generate) in cases {
        let run = target(name);
        for seed in 1..=120u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let text = generate(&mut rng);
            let outcome = std::panic::catch_unwind(|| run(text.as_bytes()));
            assert!(outcome.is_ok(), "{name} seed {seed} fails on:\n{text}");
        }
    }
}
