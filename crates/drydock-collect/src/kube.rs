//! The Kubernetes node collector (`--kubernetes`): finds the components — running processes,
//! static pod manifests, systemd units — and reads the configuration files their flags name.
//! What to read comes from [`drydock_settings::kube_node`], which the rules use too.

use crate::host::{base_name, unit_assignments, unit_files};
use crate::root::{HostRoot, describe};
use drydock_model::facts::{ComponentSource, KubeComponent, KubeNodeFacts, Probe, ProcessFacts};
use drydock_parse::yaml::{Node, parse_stream};
use drydock_settings::kube_node::{self, COMPONENTS, KUBELET, MANIFEST_DIR};
use drydock_settings::kubelet::{expand_exec_words, parse_environment_file};
use std::io;

/// Most entries listed below one walked directory (PKI, CNI), so a huge tree cannot stall the
/// audit; beyond it the listing is reported as incomplete.
const MAX_TREE_ENTRIES: usize = 20_000;

/// Kubernetes processes found in `/proc` (with etcd's environment), or why it could not be
/// listed.
pub type KubeProcesses = Result<Vec<(ProcessFacts, Vec<(String, String)>)>, String>;

/// Collects the node's components and configuration files (file metadata is added later with
/// the rest of the host's).
pub fn collect_node(root: &HostRoot, processes: &KubeProcesses) -> KubeNodeFacts {
    let mut facts = KubeNodeFacts {
        searched: vec![
            "running processes".to_string(),
            format!("{MANIFEST_DIR}/*.yaml"),
            "systemd units <component>.service".to_string(),
        ],
        ..Default::default()
    };
    if let Err(reason) = processes {
        facts.processes_unlisted = Some(reason.clone());
    }
    for name in COMPONENTS {
        let manifest = kube_node::manifest_path(name).and_then(|path| {
            match read_static_pod(root, &path, name) {
                Ok(found) => found,
                Err(problem) => {
                    facts.problems.push(problem);
                    None
                }
            }
        });
        let process = processes
            .as_ref()
            .ok()
            .and_then(|list| list.iter().find(|(p, _)| base_name(&p.argv[0]) == name));
        let component = match (process, manifest) {
            (Some((process, env)), manifest) => Some(KubeComponent {
                name: name.to_string(),
                source: ComponentSource::Process {
                    pid: process.pid,
                    manifest: manifest.as_ref().map(|m| m.path.clone()),
                },
                args: process.argv[1..].to_vec(),
                env: env.clone(),
                mounts: manifest.map(|m| m.mounts).unwrap_or_default(),
            }),
            (None, Some(pod)) => Some(KubeComponent {
                name: name.to_string(),
                source: ComponentSource::StaticPod {
                    path: pod.path,
                    line: pod.line,
                },
                args: pod.args,
                env: pod.env,
                mounts: pod.mounts,
            }),
            (None, None) => read_unit_component(root, name, &mut facts.problems),
        };
        facts.components.extend(component);
    }
    facts.kubelet_unit_files = unit_files(root, "kubelet.service");
    for dir in kube_node::trees_to_list(&facts.components) {
        let listing = walk(root, &dir);
        facts.trees.insert(dir, listing);
    }
    let mut to_read = kube_node::files_to_read(&facts.components);
    if let Some(kubelet) = facts.components.iter().find(|c| c.name == KUBELET) {
        let args = drydock_settings::kubelet::KubeletArgs::parse(&kubelet.args);
        if let Some(dir) = args.last("config-dir")
            && let Ok(files) = kube_node::kubelet_dropins(&facts, &dir.value)
        {
            to_read.extend(files);
        }
    }
    for path in to_read {
        let probe = match root.read_to_string(&path) {
            Ok(text) => Probe::of(text),
            Err(e) => Probe::unavailable(describe(&e)),
        };
        facts.files.insert(path, probe);
    }
    facts
}

/// What a static pod manifest says about its component's container.
struct StaticPod {
    path: String,
    line: usize,
    args: Vec<String>,
    env: Vec<(String, String)>,
    mounts: Vec<(String, String)>,
}

/// Reads a static pod manifest: the container named like the component (else the first), its
/// `command` after the program and its `args`, its literal `env` values, and its `hostPath`
/// mounts. `Ok(None)`: no manifest.
fn read_static_pod(root: &HostRoot, path: &str, name: &str) -> Result<Option<StaticPod>, String> {
    let text = match root.read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{path}: {}", describe(&e))),
    };
    let docs = parse_stream(&text);
    let Some(doc) = docs
        .iter()
        .find(|d| d.root.is_some() || !d.errors.is_empty())
    else {
        return Err(format!("{path}: empty manifest"));
    };
    if let Some(e) = doc.errors.first() {
        return Err(format!(
            "{path} line {} column {}: {}",
            e.pos.line, e.pos.column, e.message
        ));
    }
    let root_node = doc
        .root
        .as_ref()
        .ok_or_else(|| format!("{path}: empty manifest"))?;
    let spec = root_node
        .get("spec")
        .ok_or_else(|| format!("{path}: no spec (not a pod manifest)"))?;
    let containers = spec.get("containers").map(Node::items).unwrap_or_default();
    let container = containers
        .iter()
        .find(|c| c.get("name").and_then(Node::as_str) == Some(name))
        .or_else(|| containers.first())
        .ok_or_else(|| format!("{path}: the pod has no container"))?;
    let words = |key: &str| -> Vec<String> {
        container
            .get(key)
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect()
    };
    let command = words("command");
    let mut args: Vec<String> = command.into_iter().skip(1).collect();
    args.extend(words("args"));
    let env = container
        .get("env")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|e| {
            Some((
                e.get("name")?.as_str()?.to_string(),
                e.get("value")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let volumes = spec.get("volumes").map(Node::items).unwrap_or_default();
    let mounts = container
        .get("volumeMounts")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| {
            let volume = m.get("name")?.as_str()?;
            let inside = m.get("mountPath")?.as_str()?;
            let host = volumes
                .iter()
                .find(|v| v.get("name").and_then(Node::as_str) == Some(volume))?
                .get("hostPath")?
                .get("path")?
                .as_str()?;
            Some((inside.to_string(), host.to_string()))
        })
        .collect();
    let line = container
        .get("command")
        .map_or(container.pos.line, |c| c.pos.line);
    Ok(Some(StaticPod {
        path: path.to_string(),
        line,
        args,
        env,
        mounts,
    }))
}

/// A component started by a systemd unit (`<name>.service` and its drop-ins): its `ExecStart`
/// with `Environment=` and `EnvironmentFile=` applied as systemd does.
fn read_unit_component(
    root: &HostRoot,
    name: &str,
    problems: &mut Vec<String>,
) -> Option<KubeComponent> {
    let files = unit_files(root, &format!("{name}.service"));
    if files.is_empty() {
        return None;
    }
    let mut exec: Option<Vec<String>> = None;
    let mut environment: Vec<(String, String)> = Vec::new();
    let mut environment_files: Vec<String> = Vec::new();
    for file in &files {
        let text = match root.read_to_string(file) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!("{file}: {}", describe(&e)));
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
                "Environment" => {
                    for word in shlex::split(&value).unwrap_or_default() {
                        if let Some((k, v)) = word.split_once('=') {
                            environment.push((k.to_string(), v.to_string()));
                        }
                    }
                }
                "EnvironmentFile" => {
                    let optional = value.starts_with('-');
                    let path = value.trim_start_matches('-').to_string();
                    match root.read_to_string(&path) {
                        Ok(text) => {
                            environment.extend(parse_environment_file(&text));
                            environment_files.push(path);
                        }
                        Err(e) if optional && e.kind() == io::ErrorKind::NotFound => {}
                        Err(e) => problems.push(format!(
                            "{path} (EnvironmentFile of {file}): {}",
                            describe(&e)
                        )),
                    }
                }
                _ => {}
            }
        }
    }
    let Some(words) = exec else {
        problems.push(format!("{}: no ExecStart", files[0]));
        return None;
    };
    let words = expand_exec_words(&words, &environment);
    Some(KubeComponent {
        name: name.to_string(),
        source: ComponentSource::Unit {
            files,
            environment_files,
        },
        args: words.into_iter().skip(1).collect(),
        env: environment
            .into_iter()
            .filter(|(k, _)| k.starts_with("ETCD_"))
            .collect(),
        mounts: Vec::new(),
    })
}

/// Every path below a directory (files and directories, not the directory itself), depth
/// first, symlinks not followed out of the root. An absent directory lists as empty.
fn walk(root: &HostRoot, dir: &str) -> Probe<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.trim_end_matches('/').to_string()];
    while let Some(current) = stack.pop() {
        let entries = match root.read_dir(&current) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound && current == dir => {
                return Probe::of(Vec::new());
            }
            // Not a directory: a file, already listed.
            Err(e) if current != dir && e.raw_os_error() == Some(20) => continue,
            Err(e) => return Probe::unavailable(format!("{current}: {}", describe(&e))),
        };
        for name in entries {
            let path = format!("{current}/{name}");
            if out.len() >= MAX_TREE_ENTRIES {
                return Probe::unavailable(format!(
                    "{dir} has more than {MAX_TREE_ENTRIES} entries"
                ));
            }
            let is_dir = matches!(
                root.stat(&path),
                drydock_model::facts::FileProbe::Present(s)
                    if s.kind == drydock_model::facts::FileKind::Directory
            );
            out.push(path.clone());
            if is_dir && (root.resolve(&path).is_ok_and(|r| r.host_path == path)) {
                stack.push(path);
            }
        }
    }
    out.sort();
    Probe::of(out)
}
