//! drydock's collectors: all of its I/O. They read a Docker host — its Engine API, files and
//! processes — into [`drydock_core::facts::Facts`], each source asked once.

pub mod engine;
pub mod host;
pub mod root;

pub use engine::{EngineOptions, Progress, Silent};

use drydock_core::facts::{FACTS_SCHEMA_VERSION, Facts, Probe};
use drydock_core::paths::paths_to_stat;
use root::HostRoot;
use std::path::PathBuf;

/// What to collect and from where.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Host filesystem root (`/` for the live host).
    pub root: PathBuf,
    /// How to reach the engine; `None` skips the engine.
    pub engine: Option<EngineOptions>,
}

/// Collects every fact about a Docker host: the engine and the host files are read at the same
/// time, then the metadata of every path the rules will ask about.
pub fn collect(options: &CollectOptions, progress: &dyn Progress) -> Facts {
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
    let (sender, receiver) = std::sync::mpsc::channel();
    let (mut host, engine) = std::thread::scope(|scope| {
        let host_job = scope.spawn(|| {
            let (processes, by_container) = host::list_processes(&root);
            // The engine collector waits for this index; a closed channel means "ask the engine".
            let _ = sender.send(by_container);
            host::collect_host(&root, &host_options, &processes)
        });
        let engine = match &options.engine {
            None => Probe::unavailable("not requested (--no-engine)"),
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
        let host = host_job
            .join()
            .unwrap_or_else(|_| drydock_core::facts::HostFacts::default());
        (host, engine)
    });
    if let Some(e) = engine.known() {
        host.rootless = Some(
            e.info
                .security_options
                .iter()
                .any(|o| o.contains("name=rootless")),
        );
    }
    for path in paths_to_stat(&host, engine.known()) {
        let probe = root.stat(&path);
        host.files.insert(path, probe);
    }
    Facts {
        schema_version: FACTS_SCHEMA_VERSION,
        collector_version: env!("CARGO_PKG_VERSION").to_string(),
        root: options.root.to_string_lossy().to_string(),
        host,
        engine,
    }
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
