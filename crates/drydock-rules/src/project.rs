//! Project files parsed once per evaluation, in parallel, with their inline ignores.

use drydock_model::facts::{ComposeSet, Probe, ProjectFacts, SourceKind};
use drydock_parse::compose::{self, ComposeError, ComposeFile, Project, Service};
use drydock_parse::dockerfile::{self, Dockerfile};
use drydock_parse::text::Text;
use drydock_parse::yaml::{self, Node};
use rayon::prelude::*;
use std::collections::HashMap;

/// An inline ignore: `# drydock-ignore: RULE[,RULE] reason` on the line above a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// Rule ids or names it names.
    pub rules: Vec<String>,
    /// The reason given (an ignore without one is not honoured).
    pub reason: String,
    /// Line of the comment.
    pub line: usize,
}

/// Ignores of one file, by the line they apply to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignores {
    /// Line → ignores applying to it.
    pub by_line: HashMap<usize, Vec<Ignore>>,
    /// Ignore comments without a reason (reported, not honoured).
    pub without_reason: Vec<usize>,
}

impl Ignores {
    /// Reads `# drydock-ignore:` comments; each applies to the next line that is neither blank
    /// nor a comment.
    pub fn scan(text: &str) -> Ignores {
        let mut out = Ignores::default();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(rest) = line.trim_start().strip_prefix('#') else {
                continue;
            };
            let Some(body) = rest.trim_start().strip_prefix("drydock-ignore:") else {
                continue;
            };
            let body = body.trim();
            let (rules, reason) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
            if reason.trim().is_empty() {
                out.without_reason.push(i + 1);
                continue;
            }
            let target = (i + 1..lines.len())
                .find(|&j| {
                    let t = lines[j].trim_start();
                    !t.is_empty() && !t.starts_with('#')
                })
                .map(|j| j + 1);
            if let Some(target) = target {
                out.by_line.entry(target).or_default().push(Ignore {
                    rules: rules
                        .split(',')
                        .map(|r| r.trim().to_string())
                        .filter(|r| !r.is_empty())
                        .collect(),
                    reason: reason.trim().to_string(),
                    line: i + 1,
                });
            }
        }
        out
    }

    /// The ignore covering a rule on a line, if any.
    pub fn find(&self, line: usize, rule_id: &str, rule_name: &str) -> Option<&Ignore> {
        self.by_line.get(&line)?.iter().find(|i| {
            i.rules
                .iter()
                .any(|r| r.eq_ignore_ascii_case(rule_id) || r == rule_name)
        })
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct ParsedDockerfile {
    /// Path.
    pub path: String,
    /// The parse (with its errors), or why the file could not be read.
    pub file: Result<Dockerfile, String>,
    /// Whether its context has a `.dockerignore`.
    pub dockerignore: bool,
}

/// A resolved compose project.
#[derive(Debug, Clone)]
pub struct ParsedCompose {
    /// Paths of the files, by file index.
    pub paths: Vec<String>,
    /// The resolved project.
    pub project: Project,
}

impl ParsedCompose {
    /// Path of a node's file.
    pub fn path_of(&self, node: &Node) -> &str {
        self.paths.get(node.file).map(String::as_str).unwrap_or("")
    }
}

/// A Kubernetes object from a manifest.
#[derive(Debug, Clone)]
pub struct KubeObject {
    /// File it came from.
    // Shared by every object of the file; the names are held in place when short (a List of a
    // hundred thousand pods had three allocations of its own for each).
    pub path: std::sync::Arc<str>,
    /// `kind`.
    pub kind: Text,
    /// `metadata.name`.
    pub name: Text,
    /// `metadata.namespace`, when written.
    pub namespace: Option<Text>,
    /// The object.
    pub node: Node,
    /// Where its pod spec is, for the kinds that carry one; found once here because every
    /// workload rule asks for it.
    pub pod_spec: Option<PodSpecAt>,
    /// The workload and its containers as the report names them, made once for every rule's
    /// findings on them.
    pub(crate) workload_refs: std::sync::OnceLock<crate::rules::kubernetes::workload::WorkloadRefs>,
}

/// Where a workload's pod spec and the pod's metadata sit in its object, as entry indices
/// from the root (`spec` → `template` → `spec` for a Deployment).
// Held in place (at most four steps to the template, then one to the spec or the metadata):
// two lists of indices were two allocations for every workload of a cluster.
#[derive(Debug, Clone)]
pub struct PodSpecAt {
    /// Entry indices to the pod template (none for a Pod): the first `depth` of them.
    template: [u32; 4],
    depth: u8,
    /// The entry of the pod spec in the template.
    spec: u32,
    /// The entry of the pod's metadata in the template, when written.
    meta: Option<u32>,
}

impl PodSpecAt {
    /// Finds the pod spec of an object of a kind, if that kind carries one.
    pub fn find(kind: &str, object: &Node) -> Option<PodSpecAt> {
        let path: &[&str] = match kind {
            "Pod" => &[],
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Job" => &["spec", "template"],
            "CronJob" => &["spec", "jobTemplate", "spec", "template"],
            "PodTemplate" => &["template"],
            _ => return None,
        };
        let entry = |node: &Node, key: &str| {
            node.entries()
                .iter()
                .position(|(k, _)| k.as_str() == Some(key))
                .and_then(|index| u32::try_from(index).ok())
        };
        let mut template = [0u32; 4];
        let mut node = object;
        for (step, key) in path.iter().enumerate() {
            let index = entry(node, key)?;
            template[step] = index;
            node = &node.entries()[index as usize].1;
        }
        Some(PodSpecAt {
            template,
            depth: path.len() as u8,
            spec: entry(node, "spec")?,
            meta: entry(node, "metadata"),
        })
    }

    /// The pod template in `root` (the object itself for a Pod).
    fn template_in<'a>(&self, root: &'a Node) -> &'a Node {
        self.template[..self.depth as usize]
            .iter()
            .fold(root, |node, &index| &node.entries()[index as usize].1)
    }

    /// The pod spec in `root`, the object this was found in.
    pub fn spec_in<'a>(&self, root: &'a Node) -> &'a Node {
        &self.template_in(root).entries()[self.spec as usize].1
    }

    /// The pod's metadata in `root`, the object this was found in, when written.
    pub fn meta_in<'a>(&self, root: &'a Node) -> Option<&'a Node> {
        self.meta
            .map(|index| &self.template_in(root).entries()[index as usize].1)
    }
}

impl KubeObject {
    /// A stable id: file, kind, namespace and name (and position, for unnamed objects).
    pub fn id(&self) -> String {
        format!(
            "{}#{}/{}/{}@{}",
            self.path,
            self.kind,
            self.namespace.as_deref().unwrap_or(""),
            self.name,
            self.node.pos.line
        )
    }

    /// The namespace it is in: `default` when none is written, as the API server places it.
    pub fn namespace_or_default(&self) -> &str {
        self.namespace.as_deref().unwrap_or("default")
    }

    /// `Kind namespace/name` for people.
    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// A YAML problem in a manifest.
#[derive(Debug, Clone)]
pub struct ManifestError {
    /// File.
    pub path: String,
    /// The problem.
    pub error: drydock_parse::yaml::YamlError,
}

fn parse_manifest(path: &str, text: &str) -> (Vec<KubeObject>, Vec<ManifestError>) {
    let mut objects = Vec::new();
    let mut errors = Vec::new();
    let shared_path: std::sync::Arc<str> = path.into();
    for doc in yaml::parse_stream(text) {
        errors.extend(doc.errors.into_iter().map(|error| ManifestError {
            path: path.to_string(),
            error,
        }));
        let Some(root) = doc.root else { continue };
        let mut pending = vec![root];
        while let Some(mut node) = pending.pop() {
            let Some(kind) = node.get("kind").and_then(Node::as_str).map(Text::new) else {
                // Not a Kubernetes object (values files, other YAML): passed over quietly.
                continue;
            };
            if kind == "List" || (kind.ends_with("List") && node.get("items").is_some()) {
                // The items are moved out, not copied: a List of 100,000 pods held twice was
                // the largest part of the audit's memory.
                if let Some(items) = node.take_items("items") {
                    pending.extend(items.into_iter().rev());
                }
                continue;
            }
            let meta = node.get("metadata");
            let pod_spec = PodSpecAt::find(&kind, &node);
            objects.push(KubeObject {
                pod_spec,
                path: std::sync::Arc::clone(&shared_path),
                name: Text::new(
                    meta.and_then(|m| m.get("name"))
                        .and_then(Node::as_str)
                        .unwrap_or(""),
                ),
                namespace: meta
                    .and_then(|m| m.get("namespace"))
                    .and_then(Node::as_str)
                    .map(Text::new),
                kind,
                node,
                workload_refs: std::sync::OnceLock::new(),
            });
        }
    }
    (objects, errors)
}

/// Every project file, parsed.
#[derive(Debug, Clone, Default)]
pub struct ParsedProject {
    /// Kubernetes objects from manifests.
    pub kube: Vec<KubeObject>,
    /// YAML problems in manifests (the other documents were still read).
    pub kube_errors: Vec<ManifestError>,
    /// Dockerfiles.
    pub dockerfiles: Vec<ParsedDockerfile>,
    /// Compose projects.
    pub composes: Vec<ParsedCompose>,
    /// Inline ignores by path.
    pub ignores: HashMap<String, Ignores>,
    /// Compose services that build each Dockerfile (normalised path → (compose, service)).
    pub builders: HashMap<String, Vec<(usize, usize)>>,
    /// Where each compose service's name is written (service id → path and line), for
    /// service-wide ignores.
    pub service_keys: HashMap<String, (String, usize)>,
}

/// Normalises a path lexically (`./a/../b` → `b`), so paths from walking and from compose
/// `build:` settings compare equal.
pub fn normalise_path(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// The Dockerfile a service's `build:` uses, relative to the compose file's directory.
fn built_dockerfile(compose_path: &str, build: &Node) -> Option<String> {
    let (context, dockerfile) = match &build.value {
        drydock_parse::yaml::Value::Scalar { text, .. } => {
            (text.to_string(), "Dockerfile".to_string())
        }
        drydock_parse::yaml::Value::Map(_) => (
            build
                .get("context")
                .and_then(Node::as_str)
                .unwrap_or(".")
                .to_string(),
            build
                .get("dockerfile")
                .and_then(Node::as_str)
                .unwrap_or("Dockerfile")
                .to_string(),
        ),
        _ => return None,
    };
    if context.contains("://") || context.starts_with("git@") {
        return None;
    }
    let dir = compose_path.rsplit_once('/').map_or(".", |(d, _)| d);
    let base = if context.starts_with('/') {
        context
    } else {
        format!("{dir}/{context}")
    };
    Some(normalise_path(&if dockerfile.starts_with('/') {
        dockerfile
    } else {
        format!("{base}/{dockerfile}")
    }))
}

impl ParsedProject {
    /// The compose services that build a Dockerfile.
    pub fn services_building(&self, dockerfile_path: &str) -> Vec<(&ParsedCompose, &Service)> {
        self.builders
            .get(&normalise_path(dockerfile_path))
            .map(|list| {
                list.iter()
                    .map(|(c, s)| (&self.composes[*c], &self.composes[*c].project.services[*s]))
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn parse_compose_set(
    set: &ComposeSet,
    by_path: &HashMap<&str, &drydock_model::facts::SourceFile>,
) -> ParsedCompose {
    let mut paths: Vec<String> = set.files.clone();
    let mut files = Vec::new();
    let mut errors: Vec<ComposeError> = Vec::new();
    for (index, path) in set.files.iter().enumerate() {
        let text = by_path.get(path.as_str()).map(|f| &f.content);
        match text {
            Some(Probe::Known { value }) => {
                let doc = yaml::parse_single(value);
                errors.extend(compose::yaml_errors(index, &doc.errors));
                if let Some(mut root) = doc.root {
                    root.set_file(index);
                    files.push(ComposeFile { root });
                }
            }
            Some(Probe::Unavailable { reason }) => errors.push(ComposeError {
                file: index,
                pos: Default::default(),
                message: format!("could not be read: {reason}"),
            }),
            None => {}
        }
    }
    let vars = |name: &str| set.variables.get(name).cloned();
    let extra: std::cell::RefCell<Vec<String>> = Default::default();
    let load = |_from: usize, path: &str| -> Result<Node, String> {
        let found = set.extends_files.iter().find(|(p, _)| p == path);
        match found {
            Some((_, Probe::Known { value })) => {
                let doc = yaml::parse_single(value);
                let mut root = doc.root.ok_or_else(|| {
                    format!(
                        "{path}: {}",
                        doc.errors
                            .first()
                            .map_or("empty file".to_string(), |e| format!(
                                "line {}: {}",
                                e.pos.line, e.message
                            ))
                    )
                })?;
                let mut extra = extra.borrow_mut();
                extra.push(path.to_string());
                root.set_file(set.files.len() + extra.len() - 1);
                Ok(root)
            }
            Some((_, Probe::Unavailable { reason })) => {
                Err(format!("{path} could not be read: {reason}"))
            }
            None => Err(format!("{path} was not collected")),
        }
    };
    let mut project = compose::resolve(&files, &vars, &load);
    paths.extend(extra.into_inner());
    errors.append(&mut project.errors);
    project.errors = errors;
    ParsedCompose { paths, project }
}

impl ParsedProject {
    /// Parses every file of the project, in parallel.
    pub fn parse(facts: &ProjectFacts) -> ParsedProject {
        let dockerfiles: Vec<ParsedDockerfile> = facts
            .files
            .par_iter()
            .filter(|f| f.kind == SourceKind::Dockerfile)
            .map(|f| ParsedDockerfile {
                path: f.path.clone(),
                file: match &f.content {
                    Probe::Known { value } => Ok(dockerfile::parse(value)),
                    Probe::Unavailable { reason } => Err(reason.clone()),
                },
                dockerignore: f.dockerignore,
            })
            .collect();
        let by_path: HashMap<&str, &drydock_model::facts::SourceFile> =
            facts.files.iter().map(|f| (f.path.as_str(), f)).collect();
        let composes: Vec<ParsedCompose> = facts
            .compose_sets
            .par_iter()
            .map(|set| parse_compose_set(set, &by_path))
            .collect();
        let manifests: Vec<(Vec<KubeObject>, Vec<ManifestError>)> = facts
            .files
            .par_iter()
            .filter(|f| f.kind == SourceKind::Kubernetes)
            .filter_map(|f| f.content.known().map(|t| parse_manifest(&f.path, t)))
            .collect();
        // Sized once: grown by doubling, a cluster's objects took room for nearly twice their
        // number.
        let mut kube = Vec::with_capacity(manifests.iter().map(|(o, _)| o.len()).sum());
        let mut kube_errors = Vec::new();
        for (objects, errors) in manifests {
            kube.extend(objects);
            kube_errors.extend(errors);
        }
        let ignores = facts
            .files
            .par_iter()
            .filter_map(|f| match &f.content {
                Probe::Known { value } if value.contains("drydock-ignore") => {
                    Some((f.path.clone(), Ignores::scan(value)))
                }
                _ => None,
            })
            .collect();
        let mut builders: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut service_keys = HashMap::new();
        for (ci, c) in composes.iter().enumerate() {
            for (si, service) in c.project.services.iter().enumerate() {
                service_keys.insert(
                    service_id(c, service),
                    (c.path_of(&service.key).to_string(), service.key.pos.line),
                );
                if let Some(build) = service.node.get("build")
                    && let Some(path) = built_dockerfile(c.path_of(build), build)
                {
                    builders.entry(path).or_default().push((ci, si));
                }
            }
        }
        ParsedProject {
            kube,
            kube_errors,
            dockerfiles,
            composes,
            ignores,
            builders,
            service_keys,
        }
    }
}

/// The stable id of a compose service: its first file and its name.
pub fn service_id(compose: &ParsedCompose, service: &drydock_parse::compose::Service) -> String {
    format!(
        "{}#{}",
        compose.paths.first().map(String::as_str).unwrap_or(""),
        service.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalise_path("./app/../api/Dockerfile"), "api/Dockerfile");
        assert_eq!(normalise_path("../x/./y"), "../x/y");
        assert_eq!(normalise_path("/a/b/../c"), "/a/c");
    }

    #[test]
    fn ignores_apply_to_the_next_code_line_and_need_a_reason() {
        let text = "FROM x\n# drydock-ignore: DF001,dockerfile-expose-ssh reason here\n\nUSER root\n# drydock-ignore: DF002\nRUN a\n";
        let ig = Ignores::scan(text);
        assert!(ig.find(4, "DF001", "x").is_some());
        assert!(ig.find(4, "DF999", "dockerfile-expose-ssh").is_some());
        assert!(ig.find(6, "DF002", "y").is_none());
        assert_eq!(ig.without_reason, vec![5]);
    }
}
