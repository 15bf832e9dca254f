//! Facts read from the host's files and processes: dockerd's command line, daemon.json,
//! systemd units, audit rules, the docker group, the mount table and listening sockets.

use crate::root::{HostRoot, describe};
use drydock_model::facts::{
    AuditFacts, AuditRule, ConfigContent, ContentTrustFacts, DaemonConfigFile, FileKind, FileProbe,
    GroupFacts, HostFacts, MountEntry, Probe, ProcessFacts, TcpListener, UnitFacts,
};
use drydock_settings::daemon::DockerdArgs;
use std::collections::HashMap;
use std::io;
use std::process::Command;

/// systemd's unit search path, highest priority first.
const UNIT_DIRS: &[&str] = &[
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/lib/systemd/system",
    "/usr/lib/systemd/system",
];

/// What the host collector needs to know beyond the root.
#[derive(Debug, Clone, Default)]
pub struct HostOptions {
    /// Whether to run `auditctl -l` (live host, as root).
    pub run_auditctl: bool,
    /// The user's home, for the rootless daemon.json.
    pub home: Option<String>,
    /// Whether the endpoint is a rootless daemon's socket.
    pub rootless_endpoint: bool,
}

/// Command lines of the host's processes, by the id of the container whose cgroup holds them.
pub type ContainerProcesses = HashMap<String, Vec<String>>;

/// Collects every host fact except file metadata, which needs the engine's answers first.
pub fn collect_host(root: &HostRoot, options: &HostOptions, scan: &ProcessScan) -> HostFacts {
    let empty = Ok(Vec::new());
    let processes = scan.host.as_ref().unwrap_or(&empty);
    let dockerd = find_process(processes, "dockerd", scan.unreadable);
    let containerd = find_process(processes, "containerd", scan.unreadable);
    let daemon_config = read_daemon_config(root, &dockerd, options);
    let units = ["docker.service", "docker.socket", "containerd.service"]
        .iter()
        .map(|u| read_unit(root, u))
        .collect();
    HostFacts {
        remote: None,
        hostname: root
            .read_to_string("/etc/hostname")
            .ok()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        dockerd,
        containerd,
        daemon_config,
        units,
        files: Default::default(),
        registry_certs: list_registry_certs(root),
        audit: read_audit(root, options.run_auditctl),
        docker_group: read_docker_group(root),
        mounts: read_mounts(root),
        tcp_listeners: read_tcp_listeners(root),
        content_trust: ContentTrustFacts {
            process_env: std::env::var("DOCKER_CONTENT_TRUST").ok(),
            etc_environment: root
                .read_to_string("/etc/environment")
                .ok()
                .and_then(|t| env_file_value(&t, "DOCKER_CONTENT_TRUST")),
        },
        rootless: None,
        processes_unreadable: scan.unreadable,
    }
}

/// The host's processes outside containers, or why `/proc` could not be listed.
pub type ProcessList = Result<Vec<ProcessFacts>, String>;

/// The 64-hex-digit container id in a process's cgroup paths (cgroupfs `/docker/<id>`, systemd
/// `docker-<id>.scope`, cgroup v1 and v2 alike).
fn container_id_in_cgroup(text: &str) -> Option<String> {
    for line in text.lines() {
        let path = line.splitn(3, ':').nth(2).unwrap_or("");
        for part in path.split(['/', '-', '.']) {
            if part.len() == 64 && part.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Some(part.to_string());
            }
        }
    }
    None
}

/// The processes of one pass over `/proc`.
#[derive(Debug, Default)]
pub struct ProcessScan {
    /// Processes outside containers (or why `/proc` could not be listed).
    pub host: Option<ProcessList>,
    /// Command lines of processes inside Docker containers, by container id.
    pub by_container: ContainerProcesses,
    /// Kubernetes components wherever they run (static pods run in containers), with the
    /// `ETCD_*` environment of etcd.
    pub kubernetes: Vec<(ProcessFacts, Vec<(String, String)>)>,
    /// Processes whose command line could not be read for want of permission (`hidepid`, a
    /// non-root auditor): a process not found may be one of them.
    pub unreadable: usize,
}

pub(crate) fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads every process under the root's `/proc` once: those outside containers, the command
/// lines of those inside, indexed by container (one pass instead of asking the engine for each
/// container's process list, which makes dockerd run `ps` over every process each time), and the
/// Kubernetes components.
pub fn list_processes(root: &HostRoot) -> ProcessScan {
    let (list, by_container, kubernetes, unreadable) = scan_processes(root);
    ProcessScan {
        host: Some(list),
        by_container,
        kubernetes,
        unreadable,
    }
}

type Scan = (
    ProcessList,
    ContainerProcesses,
    Vec<(ProcessFacts, Vec<(String, String)>)>,
    usize,
);

fn scan_processes(root: &HostRoot) -> Scan {
    let proc_dir = root.dir().join("proc");
    let entries = match std::fs::read_dir(&proc_dir) {
        Ok(e) => e,
        Err(e) => {
            return (
                Err(format!(
                    "{} cannot be listed ({}); run on the host, or in a container with --pid host",
                    proc_dir.display(),
                    describe(&e)
                )),
                ContainerProcesses::new(),
                Vec::new(),
                0,
            );
        }
    };
    let mut unreadable = 0;
    let mut out = Vec::new();
    let mut by_container = ContainerProcesses::new();
    let mut kubernetes = Vec::new();
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // A process may exit between listing and reading: skip it. One we may not read is
        // counted, so that not finding dockerd is not taken for its absence.
        let raw = match std::fs::read(entry.path().join("cmdline")) {
            Ok(raw) => raw,
            Err(e) => {
                if e.kind() == std::io::ErrorKind::PermissionDenied {
                    unreadable += 1;
                }
                continue;
            }
        };
        let argv: Vec<String> = raw
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8_lossy(a).to_string())
            .collect();
        if argv.is_empty() {
            continue;
        }
        if drydock_settings::kube_node::COMPONENTS.contains(&base_name(&argv[0])) {
            let env = if base_name(&argv[0]) == drydock_settings::kube_node::ETCD {
                read_etcd_environment(&entry.path())
            } else {
                Vec::new()
            };
            kubernetes.push((
                ProcessFacts {
                    pid,
                    exe: None,
                    argv: argv.clone(),
                },
                env,
            ));
        }
        if let Some(id) = std::fs::read_to_string(entry.path().join("cgroup"))
            .ok()
            .and_then(|c| container_id_in_cgroup(&c))
        {
            by_container.entry(id).or_default().push(argv.join(" "));
            continue;
        }
        let exe = std::fs::read_link(entry.path().join("exe")).ok().map(|p| {
            p.to_string_lossy()
                .trim_end_matches(" (deleted)")
                .to_string()
        });
        out.push(ProcessFacts { pid, exe, argv });
    }
    out.sort_by_key(|p| p.pid);
    kubernetes.sort_by_key(|(p, _)| p.pid);
    (Ok(out), by_container, kubernetes, unreadable)
}

/// The `ETCD_*` variables of a process (etcd reads its settings from them).
fn read_etcd_environment(dir: &std::path::Path) -> Vec<(String, String)> {
    std::fs::read(dir.join("environ"))
        .map(|raw| {
            raw.split(|b| *b == 0)
                .filter_map(|kv| {
                    let text = String::from_utf8_lossy(kv);
                    let (k, v) = text.split_once('=')?;
                    k.starts_with("ETCD_")
                        .then(|| (k.to_string(), v.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn find_process(list: &ProcessList, name: &str, unreadable: usize) -> Probe<ProcessFacts> {
    match list {
        Err(reason) => Probe::unavailable(reason.clone()),
        Ok(list) => list
            .iter()
            .find(|p| {
                base_name(&p.argv[0]) == name || p.exe.as_deref().map(base_name) == Some(name)
            })
            .cloned()
            .map_or_else(
                || {
                    Probe::unavailable(if unreadable > 0 {
                        // Not seen is not absent: it may be one of the processes hidden from us.
                        format!(
                            "no {name} process found, but {unreadable} process(es) in /proc could not be read (permission denied); run as root to see them"
                        )
                    } else {
                        format!("no {name} process is running")
                    })
                },
                Probe::of,
            ),
    }
}

fn read_daemon_config(
    root: &HostRoot,
    dockerd: &Probe<ProcessFacts>,
    options: &HostOptions,
) -> DaemonConfigFile {
    let flag = dockerd.known().and_then(|p| {
        DockerdArgs::parse(p.argv.get(1..).unwrap_or_default())
            .last("config-file")
            .map(str::to_string)
    });
    let rootless_process = dockerd.known().is_some_and(|p| {
        p.argv
            .iter()
            .any(|a| a == "--rootless" || a == "--rootless=true")
    });
    let (path, chosen_by) = match flag {
        Some(path) => (path, "--config-file flag".to_string()),
        None if rootless_process || options.rootless_endpoint => match &options.home {
            Some(home) => (
                format!("{}/.config/docker/daemon.json", home.trim_end_matches('/')),
                "rootless default".to_string(),
            ),
            None => ("/etc/docker/daemon.json".into(), "default".into()),
        },
        None => ("/etc/docker/daemon.json".to_string(), "default".to_string()),
    };
    let content = match root.read_to_string(&path) {
        Ok(text) => parse_daemon_json(&text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => ConfigContent::Absent,
        Err(e) => ConfigContent::Unreadable {
            reason: describe(&e),
        },
    };
    DaemonConfigFile {
        path,
        chosen_by,
        content,
    }
}

/// Parses daemon.json the way dockerd would accept it: one JSON object.
pub fn parse_daemon_json(text: &str) -> ConfigContent {
    if text.trim().is_empty() {
        // dockerd treats an empty file as no configuration.
        return ConfigContent::Parsed {
            settings: Default::default(),
        };
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(settings)) => ConfigContent::Parsed { settings },
        Ok(other) => ConfigContent::Invalid {
            message: format!("the top level must be an object, not {}", json_kind(&other)),
            line: Some(1),
            column: Some(1),
        },
        Err(e) => ConfigContent::Invalid {
            message: e.to_string(),
            line: Some(e.line()),
            column: Some(e.column()),
        },
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A unit's file (the first in systemd's search path) and its drop-ins in the order systemd
/// applies them; empty when there is no such unit.
pub(crate) fn unit_files(root: &HostRoot, unit: &str) -> Vec<String> {
    let Some(main) = UNIT_DIRS
        .iter()
        .map(|d| format!("{d}/{unit}"))
        .find(|p| root.exists(p))
    else {
        return Vec::new();
    };
    // The same drop-in name in a higher-priority directory masks the lower one.
    let mut drop_ins: Vec<(String, String)> = Vec::new();
    for dir in UNIT_DIRS {
        let d = format!("{dir}/{unit}.d");
        if let Ok(entries) = root.read_dir(&d) {
            for file in entries.into_iter().filter(|f| f.ends_with(".conf")) {
                if !drop_ins.iter().any(|(f, _)| *f == file) {
                    drop_ins.push((file.clone(), format!("{d}/{file}")));
                }
            }
        }
    }
    drop_ins.sort();
    std::iter::once(main)
        .chain(drop_ins.into_iter().map(|(_, p)| p))
        .collect()
}

fn read_unit(root: &HostRoot, name: &str) -> UnitFacts {
    let mut unit = UnitFacts {
        name: name.to_string(),
        path: None,
        drop_ins: Vec::new(),
        exec_start: None,
        listen_stream: Vec::new(),
        problems: Vec::new(),
    };
    let files = unit_files(root, name);
    unit.path = files.first().cloned();
    unit.drop_ins = files.iter().skip(1).cloned().collect();
    let mut exec: Option<Vec<String>> = None;
    let mut listen: Vec<String> = Vec::new();
    let files: Vec<String> = unit
        .path
        .iter()
        .chain(unit.drop_ins.iter())
        .cloned()
        .collect();
    for file in files {
        let text = match root.read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                unit.problems.push(format!("{file}: {}", describe(&e)));
                continue;
            }
        };
        for (key, value) in unit_assignments(&text) {
            match key.as_str() {
                "ExecStart" if value.is_empty() => exec = None,
                "ExecStart" => {
                    let command = value.trim_start_matches(['-', '@', '+', '!', ':']);
                    exec = shlex::split(command);
                }
                "ListenStream" if value.is_empty() => listen.clear(),
                "ListenStream" => listen.push(value),
                _ => {}
            }
        }
    }
    unit.exec_start = exec;
    unit.listen_stream = listen;
    unit
}

/// `Key=value` lines of a unit file, continuation lines joined, comments dropped.
pub(crate) fn unit_assignments(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in text.lines() {
        let line = line.trim();
        if pending.is_empty()
            && (line.starts_with('#') || line.starts_with(';') || line.starts_with('['))
        {
            continue;
        }
        if let Some(body) = line.strip_suffix('\\') {
            pending.push_str(body);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        if let Some((k, v)) = pending.split_once('=') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
        pending.clear();
    }
    out
}

fn list_registry_certs(root: &HostRoot) -> Probe<Vec<String>> {
    let base = "/etc/docker/certs.d";
    let mut out = Vec::new();
    let mut stack = vec![base.to_string()];
    let mut seen = 0;
    while let Some(dir) = stack.pop() {
        let entries = match root.read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound && dir == base => {
                return Probe::of(Vec::new());
            }
            Err(e) => return Probe::unavailable(format!("{dir}: {}", describe(&e))),
        };
        for name in entries {
            seen += 1;
            if seen > 10_000 {
                return Probe::unavailable(format!("{base} holds more than 10000 entries"));
            }
            let path = format!("{dir}/{name}");
            match root.stat(&path) {
                FileProbe::Present(s) if s.kind == FileKind::Directory => {
                    // Directories reached through a symlink are not walked again.
                    if s.resolved.is_none() {
                        stack.push(path);
                    }
                }
                FileProbe::Present(_) | FileProbe::Unreadable { .. } => out.push(path),
                FileProbe::Absent => {}
            }
        }
    }
    out.sort();
    Probe::of(out)
}

fn read_audit(root: &HostRoot, run_auditctl: bool) -> AuditFacts {
    let loaded = if !root.is_live() {
        Probe::unavailable("the loaded rules are only readable on the live host")
    } else if !run_auditctl {
        Probe::unavailable("auditctl -l needs root")
    } else {
        // By its system path, not $PATH: drydock runs as root here, and the one program it
        // ever starts must not be whatever a writable directory on the PATH offers.
        let auditctl = ["/usr/sbin/auditctl", "/sbin/auditctl"]
            .into_iter()
            .find(|p| std::path::Path::new(p).is_file())
            .unwrap_or("/usr/sbin/auditctl");
        match Command::new(auditctl).arg("-l").output() {
            Ok(out) if out.status.success() => {
                let text = String::from_utf8_lossy(&out.stdout);
                Probe::of(parse_audit_rules(root, &text, "auditctl -l"))
            }
            Ok(out) => Probe::unavailable(format!(
                "auditctl -l failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Probe::unavailable("auditctl is not installed")
            }
            Err(e) => Probe::unavailable(format!("auditctl -l: {e}")),
        }
    };
    let etc_audit = root.exists("/etc/audit");
    let persistent = if !etc_audit {
        Probe::unavailable("/etc/audit does not exist")
    } else {
        let mut rules = Vec::new();
        let mut problems = Vec::new();
        let mut files = vec!["/etc/audit/audit.rules".to_string()];
        match root.read_dir("/etc/audit/rules.d") {
            Ok(names) => files.extend(
                names
                    .into_iter()
                    .filter(|n| n.ends_with(".rules"))
                    .map(|n| format!("/etc/audit/rules.d/{n}")),
            ),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => problems.push(format!("/etc/audit/rules.d: {}", describe(&e))),
        }
        for f in files {
            match root.read_to_string(&f) {
                Ok(text) => rules.extend(parse_audit_rules(root, &text, &f)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => problems.push(format!("{f}: {}", describe(&e))),
            }
        }
        if rules.is_empty() && !problems.is_empty() {
            Probe::unavailable(problems.join("; "))
        } else {
            Probe::of(rules)
        }
    };
    let installed = etc_audit
        || [
            "/sbin/auditctl",
            "/usr/sbin/auditctl",
            "/sbin/auditd",
            "/usr/sbin/auditd",
        ]
        .iter()
        .any(|p| root.exists(p));
    AuditFacts {
        loaded,
        persistent,
        installed: Some(installed),
    }
}

/// Parses file-watch rules in either syntax auditd accepts or prints.
pub fn parse_audit_rules(root: &HostRoot, text: &str, origin: &str) -> Vec<AuditRule> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some(words) = shlex::split(line) else {
            continue;
        };
        let origin = if origin.starts_with('/') {
            format!("{origin}:{}", index + 1)
        } else {
            origin.to_string()
        };
        let mut path = None;
        let mut recursive = false;
        let mut perms = String::new();
        let mut watch = false;
        let mut i = 0;
        while i < words.len() {
            match words[i].as_str() {
                "-w" => {
                    watch = true;
                    path = words.get(i + 1).cloned();
                    i += 1;
                }
                "-p" => {
                    perms = words.get(i + 1).cloned().unwrap_or_default();
                    i += 1;
                }
                "-F" => {
                    if let Some((k, v)) = words.get(i + 1).and_then(|f| f.split_once('=')) {
                        match k {
                            "path" => path = Some(v.to_string()),
                            "dir" => {
                                path = Some(v.to_string());
                                recursive = true;
                            }
                            "perm" => perms = v.to_string(),
                            _ => {}
                        }
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
        if let Some(path) = path {
            if watch {
                // `-w DIR` watches the whole tree below a directory.
                recursive = matches!(root.stat(&path), FileProbe::Present(s) if s.kind == FileKind::Directory);
            }
            out.push(AuditRule {
                path,
                recursive,
                perms,
                origin,
            });
        }
    }
    out
}

fn read_docker_group(root: &HostRoot) -> Probe<GroupFacts> {
    let group = match root.read_to_string("/etc/group") {
        Ok(t) => t,
        Err(e) => return Probe::unavailable(format!("/etc/group: {}", describe(&e))),
    };
    let Some(line) = group
        .lines()
        .find(|l| l.split(':').next() == Some("docker"))
    else {
        return Probe::of(GroupFacts {
            exists: false,
            gid: None,
            members: Vec::new(),
            primary_members: Vec::new(),
        });
    };
    let fields: Vec<&str> = line.split(':').collect();
    let gid = fields.get(2).and_then(|g| g.parse::<u32>().ok());
    let members = fields
        .get(3)
        .map(|m| {
            m.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let primary_members = match (gid, root.read_to_string("/etc/passwd")) {
        (Some(gid), Ok(passwd)) => passwd
            .lines()
            .filter_map(|l| {
                let f: Vec<&str> = l.split(':').collect();
                (f.get(3).and_then(|g| g.parse::<u32>().ok()) == Some(gid))
                    .then(|| f[0].to_string())
            })
            .collect(),
        _ => Vec::new(),
    };
    Probe::of(GroupFacts {
        exists: true,
        gid,
        members,
        primary_members,
    })
}

fn read_mounts(root: &HostRoot) -> Probe<Vec<MountEntry>> {
    let source = if root.is_live() {
        "/proc/self/mountinfo"
    } else {
        "/proc/1/mountinfo"
    };
    let text = match std::fs::read_to_string(root.dir().join(source.trim_start_matches('/'))) {
        Ok(t) => t,
        Err(e) => return Probe::unavailable(format!("{source}: {}", describe(&e))),
    };
    Probe::of(parse_mountinfo(&text))
}

/// Parses `/proc/*/mountinfo`.
pub fn parse_mountinfo(text: &str) -> Vec<MountEntry> {
    text.lines()
        .filter_map(|line| {
            let (left, right) = line.split_once(" - ")?;
            let l: Vec<&str> = left.split(' ').collect();
            let r: Vec<&str> = right.split(' ').collect();
            Some(MountEntry {
                device: l.get(2)?.to_string(),
                fs_root: unescape_octal(l.get(3)?),
                mount_point: unescape_octal(l.get(4)?),
                fs_type: r.first()?.to_string(),
                source: unescape_octal(r.get(1).copied().unwrap_or("")),
            })
        })
        .collect()
}

fn unescape_octal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 4 <= bytes.len() {
            let digits = &bytes[i + 1..i + 4];
            if digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                let value = digits
                    .iter()
                    .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                if let Ok(v) = u8::try_from(value) {
                    out.push(v);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

fn read_tcp_listeners(root: &HostRoot) -> Probe<Vec<TcpListener>> {
    let mut out = Vec::new();
    let mut any = false;
    for (file, v6) in [("proc/net/tcp", false), ("proc/net/tcp6", true)] {
        let Ok(text) = std::fs::read_to_string(root.dir().join(file)) else {
            continue;
        };
        any = true;
        out.extend(parse_proc_net_tcp(&text, v6));
    }
    if any {
        Probe::of(out)
    } else {
        Probe::unavailable("/proc/net/tcp cannot be read")
    }
}

/// Parses `/proc/net/tcp` or `tcp6`, keeping sockets in the LISTEN state.
pub fn parse_proc_net_tcp(text: &str, v6: bool) -> Vec<TcpListener> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.get(3) != Some(&"0A") {
                return None;
            }
            let (addr, port) = f.get(1)?.split_once(':')?;
            let port = u16::from_str_radix(port, 16).ok()?;
            let address = if v6 {
                let mut bytes = [0u8; 16];
                for (w, chunk) in (0..4).zip(addr.as_bytes().chunks(8)) {
                    let word = u32::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
                    bytes[w * 4..w * 4 + 4].copy_from_slice(&word.to_le_bytes());
                }
                std::net::Ipv6Addr::from(bytes).to_string()
            } else {
                let word = u32::from_str_radix(addr, 16).ok()?;
                std::net::Ipv4Addr::from(word.to_le_bytes()).to_string()
            };
            Some(TcpListener { address, port })
        })
        .collect()
}

/// The value of `KEY=value` in an environment file (quotes removed).
fn env_file_value(text: &str, key: &str) -> Option<String> {
    text.lines().rev().find_map(|l| {
        let l = l.trim().trim_start_matches("export ").trim();
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_ids_from_cgroup_paths() {
        let id = "a".repeat(64);
        assert_eq!(
            container_id_in_cgroup(&format!("12:pids:/docker/{id}\n")),
            Some(id.clone())
        );
        assert_eq!(
            container_id_in_cgroup(&format!("0::/system.slice/docker-{id}.scope\n")),
            Some(id.clone())
        );
        assert_eq!(
            container_id_in_cgroup("0::/user.slice/session-2.scope\n"),
            None
        );
    }

    #[test]
    fn daemon_json_errors_carry_line_and_column() {
        match parse_daemon_json("{\n  \"icc\": false,\n}\n") {
            ConfigContent::Invalid { line, column, .. } => {
                assert_eq!(line, Some(3));
                assert!(column.is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_daemon_json("[]"),
            ConfigContent::Invalid { .. }
        ));
        assert!(matches!(
            parse_daemon_json(""),
            ConfigContent::Parsed { .. }
        ));
    }

    #[test]
    fn unit_exec_start_is_reset_by_an_empty_assignment() {
        let a = unit_assignments(
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  -H fd:// --icc=false\n# ExecStart=/bad\n",
        );
        assert_eq!(a[0], ("ExecStart".into(), "".into()));
        assert!(a[1].1.contains("--icc=false"));
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn proc_net_tcp_listeners() {
        let v4 = "  sl  local_address rem_address   st\n   0: 00000000:0979 00000000:0000 0A 0 0\n   1: 0100007F:1F90 00000000:0000 0A 0\n   2: 0100007F:1F91 0100007F:0000 01 0\n";
        let l = parse_proc_net_tcp(v4, false);
        assert_eq!(l.len(), 2);
        assert_eq!((l[0].address.as_str(), l[0].port), ("0.0.0.0", 2425));
        assert_eq!(l[1].address, "127.0.0.1");
        let v6 = "sl\n 0: 00000000000000000000000000000000:0979 00000000000000000000000000000000:0000 0A\n";
        assert_eq!(parse_proc_net_tcp(v6, true)[0].address, "::");
    }

    #[test]
    fn mountinfo_with_escapes() {
        let m = parse_mountinfo(
            "42 27 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw\n43 27 0:50 / /mnt/my\\040disk rw - tmpfs tmpfs rw\n",
        );
        assert_eq!(m[0].fs_root, "/var/lib/docker");
        assert_eq!(m[0].device, "254:0");
        assert_eq!(m[1].mount_point, "/mnt/my disk");
    }

    #[test]
    fn audit_rules_in_both_syntaxes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("etc/docker")).unwrap();
        let root = HostRoot::new(dir.path());
        let rules = parse_audit_rules(
            &root,
            "-w /usr/bin/dockerd -k docker\n-w /etc/docker -p wa\n-a always,exit -F arch=b64 -S all -F path=/usr/bin/runc -F perm=wa -F key=docker\n-a always,exit -F dir=/var/lib/docker -F perm=rwa\n",
            "/etc/audit/rules.d/docker.rules",
        );
        assert_eq!(rules.len(), 4);
        assert!(!rules[0].recursive);
        assert!(rules[1].recursive);
        assert_eq!(rules[2].path, "/usr/bin/runc");
        assert_eq!(rules[2].perms, "wa");
        assert!(rules[3].recursive);
        assert_eq!(rules[0].origin, "/etc/audit/rules.d/docker.rules:1");
    }
}
