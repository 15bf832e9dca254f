//! drydock's collectors: all of its I/O. They read a Docker host — its Engine API, files and
//! processes — into [`drydock_model::facts::Facts`], each source asked once.

pub mod archive;
pub mod download;
pub mod engine;
pub mod host;
pub mod kube;
pub mod project;
pub mod root;
pub mod transport;
pub mod vulndb;

pub use engine::{EngineOptions, Progress, Silent};

use drydock_model::facts::{FACTS_SCHEMA_VERSION, Facts, Probe};
use drydock_settings::paths::paths_to_stat;
use root::HostRoot;
use std::path::PathBuf;

/// What to collect and from where.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Whether to audit the Docker host at all (its files, processes and engine).
    pub host: bool,
    /// Whether to audit the host as a Kubernetes node (`--kubernetes`).
    pub kubernetes: bool,
    /// Host filesystem root (`/` for the live host).
    pub root: PathBuf,
    /// How to reach the engine; `None` skips the engine.
    pub engine: Option<EngineOptions>,
    /// Project paths to walk, and how.
    pub paths: Vec<PathBuf>,
    /// Walk options for the project paths.
    pub walk: project::WalkOptions,
}

/// Collects every fact about a Docker host: the engine and the host files are read at the same
/// time, then the metadata of every path the rules will ask about.
pub fn collect(options: &CollectOptions, progress: &dyn Progress) -> Facts {
    let project_job = || {
        if options.paths.is_empty()
            && options.walk.stdin.is_none()
            && options.walk.compose_files.is_empty()
        {
            Default::default()
        } else {
            project::collect_project(&options.paths, &options.walk)
        }
    };
    let (mut facts, project, facts_scan) = std::thread::scope(|scope| {
        let project = scope.spawn(project_job);
        let (facts, scan) = if options.host {
            collect_host_and_engine(options, progress)
        } else {
            (
                Facts {
                    schema_version: FACTS_SCHEMA_VERSION,
                    collector_version: env!("CARGO_PKG_VERSION").to_string(),
                    root: options.root.to_string_lossy().to_string(),
                    host_audited: false,
                    host: Default::default(),
                    engine: Probe::unavailable("the Docker host was not audited"),
                    project: Default::default(),
                    kubernetes: None,
                    vulnerability_db: None,
                },
                None,
            )
        };
        (facts, project.join().unwrap_or_default(), scan)
    });
    facts.project = project;
    if options.kubernetes {
        let root = HostRoot::new(&options.root);
        let scan = match facts_scan {
            Some(scan) => scan,
            None => host::list_processes(&root),
        };
        let processes: kube::KubeProcesses = match &scan.host {
            Some(Err(reason)) => Err(reason.clone()),
            _ => Ok(scan.kubernetes),
        };
        let node = kube::collect_node(&root, &processes);
        for path in drydock_settings::kube_node::paths_to_stat(&node) {
            facts
                .host
                .files
                .entry(path)
                .or_insert_with_key(|p| root.stat(p));
        }
        facts.kubernetes = Some(node);
    }
    facts
}

fn collect_host_and_engine(
    options: &CollectOptions,
    progress: &dyn Progress,
) -> (Facts, Option<host::ProcessScan>) {
    let root = HostRoot::new(&options.root);
    let (endpoint, why) =
        engine::choose_endpoint(options.engine.as_ref().and_then(|e| e.host.as_deref()));
    let host_options = host::HostOptions {
        run_auditctl: root.is_live() && effective_uid_is_root(),
        home: std::env::var("HOME").ok(),
        rootless_endpoint: why == "rootless socket"
            || std::env::var("XDG_RUNTIME_DIR")
                .is_ok_and(|d| !d.is_empty() && endpoint.contains(&d)),
    };
    // Another machine's engine: this machine's files and processes say nothing of its host.
    let remote = (options.engine.is_some() && engine::is_remote(&endpoint)).then(|| {
        format!(
            "engine only: {endpoint} is another machine's engine, so its host files, processes and dockerd flags were not read (run drydock on that host, or merge a report collected there)"
        )
    });
    let (sender, receiver) = std::sync::mpsc::channel();
    let (mut host, engine, scan) = std::thread::scope(|scope| {
        let host_job = scope.spawn(|| {
            if let Some(reason) = &remote {
                // The channel closes unsent: the engine collector asks the engine instead.
                drop(sender);
                let host = drydock_model::facts::HostFacts {
                    remote: Some(reason.clone()),
                    dockerd: Probe::unavailable(reason.clone()),
                    containerd: Probe::unavailable(reason.clone()),
                    daemon_config: drydock_model::facts::DaemonConfigFile {
                        path: "daemon.json".into(),
                        chosen_by: "the remote host's".into(),
                        content: drydock_model::facts::ConfigContent::Unreadable {
                            reason: reason.clone(),
                        },
                    },
                    ..Default::default()
                };
                return (host, host::ProcessScan::default());
            }
            let mut scan = host::list_processes(&root);
            // The engine collector waits for this index; a closed channel means "ask the engine".
            let _ = sender.send(std::mem::take(&mut scan.by_container));
            let host = host::collect_host(&root, &host_options, &scan);
            scan.host = None;
            (host, scan)
        });
        let engine = match &options.engine {
            None => Probe::unavailable(drydock_model::facts::ENGINE_NOT_REQUESTED),
            Some(engine_options) => {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                match runtime {
                    Ok(rt) => match rt.block_on(engine::collect_engine(
                        engine_options,
                        progress,
                        receiver,
                    )) {
                        Ok(facts) => Probe::of(facts),
                        Err(reason) => Probe::unavailable(reason),
                    },
                    Err(e) => Probe::unavailable(format!("cannot start the I/O runtime: {e}")),
                }
            }
        };
        let (host, scan) = host_job.join().unwrap_or_else(|_| {
            (
                drydock_model::facts::HostFacts::default(),
                host::ProcessScan::default(),
            )
        });
        (host, engine, scan)
    });
    if let Some(e) = engine.known() {
        host.rootless = Some(
            e.info
                .security_options
                .iter()
                .any(|o| o.contains("name=rootless")),
        );
    }
    if remote.is_none() {
        for path in paths_to_stat(&host, engine.known()) {
            let probe = root.stat(&path);
            host.files.insert(path, probe);
        }
    }
    let facts = Facts {
        schema_version: FACTS_SCHEMA_VERSION,
        collector_version: env!("CARGO_PKG_VERSION").to_string(),
        root: options.root.to_string_lossy().to_string(),
        host_audited: true,
        host,
        engine,
        project: Default::default(),
        kubernetes: None,
        vulnerability_db: None,
    };
    (facts, Some(scan))
}

fn effective_uid_is_root() -> bool {
    // /proc/self/status lists the effective uid second on its Uid line.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}
