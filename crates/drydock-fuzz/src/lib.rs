//! What each fuzz target does with its input, kept in the workspace so that the targets under
//! `fuzz/` (run with `cargo +nightly fuzz run <target>`, see `scripts/fuzz`) and the tests that
//! replay the inputs the fuzzers found (`tests/regressions.rs`) run the same code.
//!
//! Each function takes arbitrary bytes, feeds them through the real entry point — the parser,
//! then every rule of the catalog, then the fixer where the input is a file drydock edits —
//! and panics only when an invariant breaks. An error *reported* for bad input is the expected
//! outcome; a panic, a hang or unbounded memory is a bug.

use drydock_engine::fix::{self, FixOutcome};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::facts::{
    ComponentSource, ComposeSet, ConfigContent, Facts, KubeComponent, KubeNodeFacts, Probe,
    ProcessFacts, SourceFile, SourceKind,
};
use drydock_model::model::Status;
use drydock_model::report::Report;
use drydock_rules::rule::{Rule, RuleOptions};
use std::sync::OnceLock;

/// A fuzz target's body: arbitrary bytes in, a panic only when an invariant breaks.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name: what `scripts/fuzz` runs and the regression test replays.
pub const TARGETS: &[(&str, Target)] = &[
    ("dockerfile", dockerfile),
    ("compose", compose),
    ("manifests", manifests),
    ("daemon_json", daemon_json),
    ("image_archive", image_archive),
    ("kubelet", kubelet),
    ("evidence", evidence),
    ("engine_answers", engine_answers),
    ("dotenv", dotenv),
    ("masker", masker),
];

/// Parts of one input, for targets that need more than one text: split at lines that read
/// `%%` (the fuzzer learns the separator from the seeds).
fn parts(text: &str, count: usize) -> Vec<&str> {
    let mut out: Vec<&str> = text.splitn(count, "\n%%\n").collect();
    out.resize(count, "");
    out
}

fn catalog() -> &'static [&'static Rule] {
    static CATALOG: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    CATALOG.get_or_init(drydock_rules::rules::catalog)
}

/// Facts of a hardened host recorded for the rule fixtures: the host targets change one part.
fn hardened_host() -> Facts {
    static BASE: OnceLock<Facts> = OnceLock::new();
    BASE.get_or_init(|| {
        serde_json::from_str(include_str!(
            "../../drydock-rules/tests/fixtures/docker/baseline.json"
        ))
        .expect("the recorded baseline is valid facts")
    })
    .clone()
}

/// Facts holding project files only.
fn project_only() -> Facts {
    Facts {
        host_audited: false,
        engine: Probe::unavailable("not audited"),
        ..hardened_host()
    }
}

/// Evaluates every rule and checks what must hold of any report.
fn evaluate(facts: &Facts) -> Report {
    let report = drydock_rules::evaluate::evaluate(
        facts,
        catalog(),
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        "fuzz",
    );
    for result in &report.results {
        // A rule that says why it could not decide must say something.
        if result.status == Status::Unknown {
            assert!(!result.message.trim().is_empty(), "{result:?}");
        }
    }
    // Every format renders without panicking.
    let json = serde_json::to_string(&report).expect("a report serialises");
    let back: Report = serde_json::from_str(&json).expect("a report reads back");
    assert_eq!(back.results.len(), report.results.len());
    report
}

/// Plans every fix (unsafe ones too) and checks the round trip: the fixed text parses as well
/// as the original did, and planning again on it applies nothing (fixes are idempotent).
fn fix_round_trip(facts: &Facts) {
    let first = fix::plan(
        facts,
        catalog(),
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        true,
    );
    if first.changes.is_empty() {
        return;
    }
    let mut fixed = facts.clone();
    for change in &first.changes {
        for file in &mut fixed.project.files {
            if file.path == change.path {
                assert_eq!(file.content.known(), Some(&change.before));
                file.content = Probe::of(change.after.clone());
            }
        }
    }
    let second = fix::plan(
        &fixed,
        catalog(),
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        true,
    );
    let again: Vec<_> = second
        .records
        .iter()
        .filter(|r| r.outcome == FixOutcome::Applied)
        .collect();
    assert!(
        again.is_empty(),
        "a second fix run applied {again:?} to text the first run produced:\n{}",
        first.changes[0].after
    );
}

fn file(path: &str, kind: SourceKind, text: &str) -> SourceFile {
    SourceFile {
        path: path.into(),
        kind,
        content: Probe::of(text.to_string()),
        dockerignore: false,
        recoded: None,
    }
}

/// A Dockerfile: parsed, audited and fixed.
pub fn dockerfile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Every instruction lies within the text, in order.
    let lines = text.lines().count().max(1);
    let parsed = drydock_parse::dockerfile::parse(text);
    let mut previous = 0;
    for instruction in &parsed.instructions {
        assert!(
            previous < instruction.line
                && instruction.line <= instruction.end_line
                && instruction.end_line <= lines,
            "{instruction:?} after line {previous} of {lines}"
        );
        previous = instruction.end_line;
    }
    let mut facts = project_only();
    facts.project.files = vec![file("Dockerfile", SourceKind::Dockerfile, text)];
    evaluate(&facts);
    fix_round_trip(&facts);
}

/// A compose file (the first part) with an override (the second), merged as one project.
pub fn compose(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let [base, overlay] = parts(text, 2)[..] else {
        unreachable!()
    };
    let mut facts = project_only();
    facts.project.files = vec![
        file("compose.yaml", SourceKind::Compose, base),
        file("compose.override.yaml", SourceKind::Compose, overlay),
    ];
    let mut set = ComposeSet {
        files: vec!["compose.yaml".into()],
        ..Default::default()
    };
    if !overlay.trim().is_empty() {
        set.files.push("compose.override.yaml".into());
    }
    facts.project.compose_sets = vec![set];
    evaluate(&facts);
    fix_round_trip(&facts);
}

/// A stream of Kubernetes manifests (YAML or JSON).
pub fn manifests(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Every error points into the text (the line after the last one for an early end), so the
    // message a user gets names a real line.
    let lines = text.lines().count() + 1;
    for doc in drydock_parse::yaml::parse_stream(text) {
        for error in &doc.errors {
            assert!(
                (1..=lines).contains(&error.pos.line),
                "{error:?} in a text of {lines} lines"
            );
        }
    }
    let mut facts = project_only();
    facts.project.files = vec![file("manifests.yaml", SourceKind::Kubernetes, text)];
    evaluate(&facts);
    fix_round_trip(&facts);
}

/// dockerd's flags (the first line, as shell words) and `daemon.json` (the rest): the
/// effective settings and every daemon rule, then the daemon.json fixes.
pub fn daemon_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (flags, json) = text.split_once('\n').unwrap_or((text, ""));
    let mut facts = hardened_host();
    let mut argv = vec!["/usr/bin/dockerd".to_string()];
    argv.extend(drydock_parse::dockerfile::shell_words(flags));
    facts.host.dockerd = Probe::of(ProcessFacts {
        pid: 1000,
        exe: Some("/usr/bin/dockerd".into()),
        argv,
    });
    let content = drydock_collect::host::parse_daemon_json(json);
    if let ConfigContent::Invalid { line, .. } = &content {
        assert!(line.is_some(), "an invalid daemon.json names its line");
    }
    facts.host.daemon_config.content = content;
    evaluate(&facts);
    let plan = fix::plan_daemon(
        &facts,
        catalog(),
        &RuleOptions::default(),
        DockerBenchmark::ALL[0],
        true,
        "/etc/docker/daemon.json",
        json,
    );
    if let Some(after) = plan.changes.first().map(|c| &c.after) {
        // The new file is JSON dockerd can read.
        let parsed = drydock_collect::host::parse_daemon_json(after);
        assert!(
            matches!(parsed, ConfigContent::Parsed { .. }),
            "a daemon.json fix wrote a file dockerd cannot read:\n{after}"
        );
    }
}

/// A `docker save` or OCI archive (tar, optionally gzip-compressed).
pub fn image_archive(data: &[u8]) {
    let archive = drydock_collect::archive::read_stream(data, "fuzz.tar".into());
    let mut facts = project_only();
    facts.project.archives = vec![archive];
    evaluate(&facts);
}

/// A kubelet started by a systemd unit: its `ExecStart` words (first part), an environment
/// file they expand (second), its configuration file (third); and an API server's flags
/// (fourth) — every node rule over them.
pub fn kubelet(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let [exec, environment, config, apiserver] = parts(text, 4)[..] else {
        unreachable!()
    };
    let environment = drydock_settings::kubelet::parse_environment_file(environment);
    let words = drydock_parse::dockerfile::shell_words(exec);
    let mut args = vec!["--config=/var/lib/kubelet/config.yaml".to_string()];
    args.extend(drydock_settings::kubelet::expand_exec_words(
        &words,
        &environment,
    ));
    let mut node = KubeNodeFacts::default();
    node.components.push(KubeComponent {
        name: "kube-apiserver".into(),
        source: ComponentSource::StaticPod {
            path: "/etc/kubernetes/manifests/kube-apiserver.yaml".into(),
            line: 1,
        },
        args: drydock_parse::dockerfile::shell_words(apiserver),
        env: Vec::new(),
        mounts: Vec::new(),
    });
    node.components.push(KubeComponent {
        name: "kubelet".into(),
        source: ComponentSource::Unit {
            files: vec!["/usr/lib/systemd/system/kubelet.service".into()],
            environment_files: vec!["/etc/default/kubelet".into()],
        },
        args,
        env: Vec::new(),
        mounts: Vec::new(),
    });
    node.files.insert(
        "/var/lib/kubelet/config.yaml".into(),
        Probe::of(config.to_string()),
    );
    let mut facts = hardened_host();
    facts.kubernetes = Some(node);
    evaluate(&facts);
}

/// A docker-bench-security or kube-bench JSON file read as evidence.
pub fn evidence(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let inputs = [("evidence.json".to_string(), text.to_string())];
    if let Ok(report) = drydock_engine::evidence::report_from(
        &inputs,
        catalog(),
        &Default::default(),
        DockerBenchmark::ALL[0],
        "fuzz",
    ) {
        let json = serde_json::to_string(&report).expect("a report serialises");
        assert!(serde_json::from_str::<Report>(&json).is_ok());
    }
}

/// An Engine API answer, as the collector decodes it: the JSON of a container inspect, then
/// (after `%%`) of an image inspect. The container replaces the recorded host's, the image
/// its image, and every rule runs on the result.
pub fn engine_answers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let [container, image] = parts(text, 2)[..] else {
        unreachable!()
    };
    let mut facts = hardened_host();
    let Probe::Known { value: engine } = &mut facts.engine else {
        unreachable!("the recorded host has an engine")
    };
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(container) {
        engine.containers = vec![drydock_collect::engine::read_container(&v)];
    }
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(image) {
        engine.images = vec![drydock_collect::engine::read_image(&v)];
    }
    let report = evaluate(&facts);
    // What an image's environment says is masked before any rule sees it.
    for image in &engine_images(&facts) {
        for entry in &image.env {
            assert_eq!(
                &drydock_model::secrets::redact_env(entry),
                entry,
                "an image variable left unmasked"
            );
        }
    }
    drop(report);
}

fn engine_images(facts: &Facts) -> Vec<drydock_model::facts::ImageFacts> {
    facts
        .engine
        .known()
        .map(|e| e.images.clone())
        .unwrap_or_default()
}

/// A compose project's `.env` file (after `%%`, the compose file that uses it): parsed as
/// Compose parses it; every variable it sets has a name, and the project is audited with them.
pub fn dotenv(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let [env, compose] = parts(text, 2)[..] else {
        unreachable!()
    };
    let variables = drydock_parse::compose::parse_env_file(env);
    for name in variables.keys() {
        assert!(!name.is_empty(), "a variable without a name from {env:?}");
        assert!(!name.contains('='), "{name:?}");
    }
    let mut facts = project_only();
    facts.project.files = vec![file("compose.yaml", SourceKind::Compose, compose)];
    facts.project.compose_sets = vec![ComposeSet {
        files: vec!["compose.yaml".into()],
        variables,
        ..Default::default()
    }];
    evaluate(&facts);
}

/// The secret masker: masking is idempotent, and credentials planted in arbitrary text never
/// survive it, in messages ([`redact_text`]) and in file texts ([`redact_source`]).
///
/// [`redact_text`]: drydock_model::secrets::redact_text
/// [`redact_source`]: drydock_model::secrets::redact_source
pub fn masker(data: &[u8]) {
    use drydock_model::secrets::{redact_source, redact_text};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let once = redact_text(text);
    assert_eq!(redact_text(&once), once, "masking twice changes {text:?}");
    let source = redact_source(text);
    assert_eq!(
        redact_source(&source),
        source,
        "masking a file twice changes {text:?}"
    );
    assert_eq!(
        source.lines().count(),
        text.lines().count(),
        "masking a file moves its lines"
    );
    // Credentials of each shape, planted after the text on a line of their own.
    const PLANTED: &[(&str, &str)] = &[
        ("API_TOKEN=Qz8planted1secret", "Qz8planted1secret"),
        (
            "https://bot:Qz8planted2secret@example.com/x",
            "Qz8planted2secret",
        ),
        (
            "curl -u admin:Qz8planted3secret http://x",
            "Qz8planted3secret",
        ),
        (
            "Authorization: Bearer Qz8planted4secret",
            "Qz8planted4secret",
        ),
        (
            "token ghp_Qz8planted5secretabcdefgh",
            "ghp_Qz8planted5secretabcdefgh",
        ),
    ];
    for (line, secret) in PLANTED {
        // The planted copy must go; copies the input itself holds, glued to other text
        // (`Fghp_…RM`), have no credential's shape and are not the planted one.
        let planted = format!("{text}\n{line}");
        assert!(
            redact_text(&planted).matches(secret).count() <= text.matches(secret).count(),
            "{secret} survives after {text:?}"
        );
    }
}
