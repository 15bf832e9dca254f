//! Which host paths the Docker rules look at.
//!
//! The same functions tell the collector what to `stat` and tell the rules where to look, so the
//! two cannot disagree. Paths depend on the facts: the daemon's socket comes from `-H`/`hosts`
//! or the socket unit, the TLS files from the effective settings, the root dir from the engine.

use crate::daemon::DaemonView;
use drydock_model::facts::{EngineFacts, FileProbe, HostFacts, Probe};
use std::collections::BTreeMap;

/// Directories binaries are looked for in, in order.
pub const BINARY_DIRS: &[&str] = &[
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/bin",
    "/sbin",
];

/// Default Docker root directory.
pub const DEFAULT_DOCKER_ROOT: &str = "/var/lib/docker";

/// Candidate paths of a binary, the running process's own executable first.
pub fn binary_candidates(name: &str, running: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = running.map(str::to_string).into_iter().collect();
    out.extend(BINARY_DIRS.iter().map(|d| format!("{d}/{name}")));
    out.dedup();
    out
}

/// The Docker root directory: the engine's answer, else `data-root`, else the default.
pub fn docker_root_dir(host: &HostFacts, engine: Option<&EngineFacts>) -> String {
    if let Some(dir) = engine
        .map(|e| e.info.docker_root_dir.clone())
        .filter(|d| !d.is_empty())
    {
        return dir;
    }
    DaemonView::new(host)
        .lookup("data-root")
        .as_string()
        .ok()
        .flatten()
        .unwrap_or_else(|| DEFAULT_DOCKER_ROOT.to_string())
}

/// Unix socket paths the daemon listens on.
pub fn docker_socket_paths(host: &HostFacts) -> Vec<String> {
    let view = DaemonView::new(host);
    let hosts = view
        .hosts()
        .unwrap_or_else(|_| vec!["unix:///var/run/docker.sock".into()]);
    let mut out = Vec::new();
    for h in hosts {
        if let Some(path) = h.strip_prefix("unix://") {
            out.push(if path.is_empty() {
                "/var/run/docker.sock".to_string()
            } else {
                path.to_string()
            });
        } else if h.starts_with("fd://") {
            for unit in host.units.iter().filter(|u| u.name == "docker.socket") {
                out.extend(
                    unit.listen_stream
                        .iter()
                        .filter(|l| l.starts_with('/'))
                        .cloned(),
                );
            }
        }
    }
    if out.is_empty() {
        out.push("/var/run/docker.sock".into());
    }
    out.dedup();
    out
}

/// Candidate paths of containerd's socket.
pub fn containerd_socket_paths(host: &HostFacts) -> Vec<String> {
    let mut out = vec!["/run/containerd/containerd.sock".to_string()];
    if let Probe::Known { value } = &host.containerd {
        let args = crate::daemon::DockerdArgs::parse(value.argv.get(1..).unwrap_or_default());
        if let Some(address) = args.last("address").or_else(|| args.last("a")) {
            out.insert(0, address.to_string());
        }
    }
    // dockerd starts its own containerd with this socket when none runs on the host.
    out.push("/var/run/docker/containerd/containerd.sock".into());
    out.dedup();
    out
}

/// The TLS file a daemon setting names (`tlscacert`, `tlscert`, `tlskey`), if set.
pub fn tls_file(host: &HostFacts, key: &str) -> Option<String> {
    DaemonView::new(host).lookup(key).as_string().ok().flatten()
}

/// Host path of a systemd unit, when found.
pub fn unit_path(host: &HostFacts, unit: &str) -> Option<String> {
    host.units
        .iter()
        .find(|u| u.name == unit)
        .and_then(|u| u.path.clone())
}

/// Every path the Docker rules may ask about.
pub fn paths_to_stat(host: &HostFacts, engine: Option<&EngineFacts>) -> Vec<String> {
    let mut out = vec![
        "/etc/docker".to_string(),
        "/etc/default/docker".into(),
        "/etc/sysconfig/docker".into(),
        "/etc/containerd/config.toml".into(),
        "/run/containerd".into(),
        host.daemon_config.path.clone(),
    ];
    out.push(docker_root_dir(host, engine));
    out.extend(docker_socket_paths(host));
    out.extend(containerd_socket_paths(host));
    for key in ["tlscacert", "tlscert", "tlskey"] {
        out.extend(tls_file(host, key));
    }
    for unit in &host.units {
        out.extend(unit.path.clone());
        out.extend(unit.drop_ins.iter().cloned());
    }
    let dockerd_exe = host.dockerd.known().and_then(|p| p.exe.clone());
    out.extend(binary_candidates("dockerd", dockerd_exe.as_deref()));
    for name in [
        "containerd",
        "containerd-shim",
        "containerd-shim-runc-v1",
        "containerd-shim-runc-v2",
        "runc",
    ] {
        out.extend(binary_candidates(name, None));
    }
    if let Probe::Known { value } = &host.registry_certs {
        out.extend(value.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

/// The first candidate that exists, with its probe; `None` when the facts do not hold any
/// candidate at all (not collected) — distinct from every candidate being absent.
pub fn first_present<'a>(
    files: &'a BTreeMap<String, FileProbe>,
    candidates: &[String],
) -> Option<(&'a str, &'a FileProbe)> {
    let mut seen_any = None;
    for c in candidates {
        if let Some((path, probe)) = files.get_key_value(c) {
            if !matches!(probe, FileProbe::Absent) {
                return Some((path.as_str(), probe));
            }
            seen_any.get_or_insert((path.as_str(), probe));
        }
    }
    seen_any
}
