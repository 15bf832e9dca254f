//! Compose files as users write them, resolved to what `docker compose` would run: variable
//! interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR:+alt}`,
//! `$VAR`, `$$`), `x-` extensions ignored, `extends` (same file or another), and several files
//! merged in order like `docker compose -f a.yml -f b.yml`. Every node keeps the file and
//! position it came from, so findings point at the line to change.

use crate::yaml::{Node, Pos, Value, YamlError};
use std::collections::BTreeMap;

/// A problem met while resolving a compose project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeError {
    /// File index.
    pub file: usize,
    /// Position.
    pub pos: Pos,
    /// What.
    pub message: String,
}

/// One service after merging, extends and interpolation.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Service name.
    pub name: String,
    /// Its definition.
    pub node: Node,
    /// Where its name is written (file index and position), for service-level findings.
    pub key: Node,
}

/// A resolved project.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    /// Services by name, in order of first appearance.
    pub services: Vec<Service>,
    /// Top-level `networks`.
    pub networks: Option<Node>,
    /// Problems met.
    pub errors: Vec<ComposeError>,
}

/// Interpolates variables in every scalar value (not in keys), as compose does.
pub fn interpolate(
    node: &mut Node,
    vars: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<ComposeError>,
) {
    match &mut node.value {
        Value::Scalar { text, .. } => {
            if text.contains('$') {
                match interpolate_text(text, vars) {
                    Ok(t) => {
                        node.raw = Some(Box::new(std::mem::replace(text, t.into()).into()));
                    }
                    Err(message) => errors.push(ComposeError {
                        file: node.file,
                        pos: node.pos,
                        message,
                    }),
                }
            }
        }
        Value::Seq(items) => items.iter_mut().for_each(|n| interpolate(n, vars, errors)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, v)| interpolate(v, vars, errors)),
        Value::Null => {}
    }
}

/// Interpolates one string.
pub fn interpolate_text(
    text: &str,
    vars: &dyn Fn(&str) -> Option<String>,
) -> Result<String, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('{') => {
                // Find the matching brace (defaults may contain nested ${...}).
                let mut depth = 0;
                let mut j = i + 1;
                let mut close = None;
                while j < chars.len() {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(close) = close else {
                    return Err(format!("unclosed `${{` in `{text}`"));
                };
                let inner: String = chars[i + 2..close].iter().collect();
                out.push_str(&substitute(&inner, vars)?);
                i = close + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == '_' => {
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                out.push_str(&vars(&name).unwrap_or_default());
                i = j;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    Ok(out)
}

fn substitute(inner: &str, vars: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_end);
    if name.is_empty() {
        return Err(format!("invalid interpolation `${{{inner}}}`"));
    }
    let value = vars(name);
    let word = |w: &str| interpolate_text(w, vars);
    if rest.is_empty() {
        return Ok(value.unwrap_or_default());
    }
    if let Some(w) = rest.strip_prefix(":-") {
        return match value.filter(|v| !v.is_empty()) {
            Some(v) => Ok(v),
            None => word(w),
        };
    }
    if let Some(w) = rest.strip_prefix('-') {
        return match value {
            Some(v) => Ok(v),
            None => word(w),
        };
    }
    if let Some(w) = rest.strip_prefix(":+") {
        return if value.is_some_and(|v| !v.is_empty()) {
            word(w)
        } else {
            Ok(String::new())
        };
    }
    if let Some(w) = rest.strip_prefix('+') {
        return if value.is_some() {
            word(w)
        } else {
            Ok(String::new())
        };
    }
    if let Some(w) = rest.strip_prefix(":?") {
        return match value.filter(|v| !v.is_empty()) {
            Some(v) => Ok(v),
            None => Err(format!("required variable {name} is missing or empty: {w}")),
        };
    }
    if let Some(w) = rest.strip_prefix('?') {
        return value.ok_or_else(|| format!("required variable {name} is missing: {w}"));
    }
    Err(format!("invalid interpolation `${{{inner}}}`"))
}

/// Keys whose sequences add up across files instead of replacing each other.
const APPENDED: &[&str] = &[
    "ports",
    "expose",
    "volumes",
    "cap_add",
    "cap_drop",
    "security_opt",
    "devices",
    "dns",
    "dns_search",
    "extra_hosts",
    "external_links",
    "links",
    "tmpfs",
    "volumes_from",
    "secrets",
    "configs",
    "env_file",
    "group_add",
    "profiles",
    "depends_on",
];
/// Keys whose list or mapping forms are both mappings of names to values.
const MAPPED: &[&str] = &[
    "environment",
    "labels",
    "sysctls",
    "extra_hosts",
    "annotations",
];

/// Turns `["A=1", "B"]` into `{A: 1, B: null}`, keeping positions.
fn as_mapping(node: &Node) -> Node {
    match &node.value {
        Value::Seq(items) => {
            let entries = items
                .iter()
                .map(|item| {
                    let text = item.as_str().unwrap_or_default();
                    let (k, v) = match text.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (text.to_string(), None),
                    };
                    let key = Node {
                        value: Value::Scalar {
                            text: k.into(),
                            plain: true,
                        },
                        pos: item.pos,
                        file: item.file,
                        raw: None,
                    };
                    let value = match v {
                        Some(v) => Node {
                            value: Value::Scalar {
                                text: v.into(),
                                plain: false,
                            },
                            pos: item.pos,
                            file: item.file,
                            raw: None,
                        },
                        None => Node {
                            value: Value::Null,
                            pos: item.pos,
                            file: item.file,
                            raw: None,
                        },
                    };
                    (key, value)
                })
                .collect();
            Node {
                value: Value::Map(entries),
                pos: node.pos,
                file: node.file,
                raw: None,
            }
        }
        _ => node.clone(),
    }
}

/// Merges `overlay` onto `base` with compose's rules for a service.
pub fn merge_service(base: &Node, overlay: &Node) -> Node {
    let mut entries: Vec<(Node, Node)> = base.entries().to_vec();
    for (k, v) in overlay.entries() {
        let key = k.as_str().unwrap_or_default();
        match entries.iter().position(|(e, _)| e.as_str() == Some(key)) {
            None => entries.push((k.clone(), v.clone())),
            Some(i) => {
                let old = &entries[i].1;
                let merged = if MAPPED.contains(&key) {
                    merge_maps(&as_mapping(old), &as_mapping(v))
                } else if APPENDED.contains(&key) {
                    match (&old.value, &v.value) {
                        (Value::Seq(a), Value::Seq(b)) => {
                            let mut all = a.clone();
                            for item in b {
                                if !all.iter().any(|x| x.to_json() == item.to_json()) {
                                    all.push(item.clone());
                                }
                            }
                            Node {
                                value: Value::Seq(all),
                                pos: v.pos,
                                file: v.file,
                                raw: None,
                            }
                        }
                        _ => merge_maps(old, v),
                    }
                } else if matches!(old.value, Value::Map(_)) && matches!(v.value, Value::Map(_)) {
                    merge_maps(old, v)
                } else {
                    v.clone()
                };
                entries[i] = (k.clone(), merged);
            }
        }
    }
    Node {
        value: Value::Map(entries),
        pos: overlay.pos,
        file: overlay.file,
        raw: None,
    }
}

fn merge_maps(base: &Node, overlay: &Node) -> Node {
    match (&base.value, &overlay.value) {
        (Value::Map(_), Value::Map(_)) => {
            let mut entries: Vec<(Node, Node)> = base.entries().to_vec();
            for (k, v) in overlay.entries() {
                match entries.iter().position(|(e, _)| e.as_str() == k.as_str()) {
                    Some(i) => {
                        let merged = merge_maps(&entries[i].1, v);
                        entries[i] = (k.clone(), merged);
                    }
                    None => entries.push((k.clone(), v.clone())),
                }
            }
            Node {
                value: Value::Map(entries),
                pos: overlay.pos,
                file: overlay.file,
                raw: None,
            }
        }
        _ => overlay.clone(),
    }
}

/// One parsed compose file handed to [`resolve`].
pub struct ComposeFile {
    /// Its root node (file index already set on every node).
    pub root: Node,
}

/// Resolves files (merged in order) into a project. `load` returns another compose file's
/// root for `extends: {file: …}` (relative to the file index given), or an error text.
pub fn resolve(
    files: &[ComposeFile],
    vars: &dyn Fn(&str) -> Option<String>,
    load: &dyn Fn(usize, &str) -> Result<Node, String>,
) -> Project {
    let mut project = Project::default();
    let mut merged: Vec<(String, Node, Node)> = Vec::new();
    for file in files {
        let mut root = file.root.clone();
        interpolate(&mut root, vars, &mut project.errors);
        if let Some(networks) = root.get("networks") {
            project.networks = Some(networks.clone());
        }
        let Some(services) = root.get("services") else {
            continue;
        };
        if !matches!(services.value, Value::Map(_)) && !services.is_null() {
            project.errors.push(ComposeError {
                file: services.file,
                pos: services.pos,
                message: "`services` must be a mapping".into(),
            });
            continue;
        }
        for (k, v) in services.entries() {
            let Some(name) = k.as_str() else { continue };
            if name.starts_with("x-") {
                continue;
            }
            match merged.iter().position(|(n, _, _)| n == name) {
                Some(i) => merged[i].1 = merge_service(&merged[i].1, v),
                None => merged.push((name.to_string(), v.clone(), k.clone())),
            }
        }
    }
    let all: Vec<(String, Node)> = merged
        .iter()
        .map(|(n, v, _)| (n.clone(), v.clone()))
        .collect();
    for (name, node, key) in merged {
        let node = resolve_extends(&name, &node, &all, vars, load, &mut project.errors, 0);
        project.services.push(Service { name, node, key });
    }
    project
}

fn resolve_extends(
    name: &str,
    node: &Node,
    services: &[(String, Node)],
    vars: &dyn Fn(&str) -> Option<String>,
    load: &dyn Fn(usize, &str) -> Result<Node, String>,
    errors: &mut Vec<ComposeError>,
    depth: usize,
) -> Node {
    let Some(extends) = node.get("extends") else {
        return node.clone();
    };
    if depth > 16 {
        errors.push(ComposeError {
            file: extends.file,
            pos: extends.pos,
            message: format!("extends of `{name}` nests too deeply (a cycle?)"),
        });
        return node.clone();
    }
    let (base_name, base_file) = match &extends.value {
        Value::Scalar { text, .. } => (text.to_string(), None),
        Value::Map(_) => (
            extends
                .get("service")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string(),
            extends
                .get("file")
                .and_then(Node::as_str)
                .map(str::to_string),
        ),
        _ => (String::new(), None),
    };
    let base = match base_file {
        None => services
            .iter()
            .find(|(n, _)| *n == base_name)
            .map(|(_, n)| n.clone()),
        Some(file) => match load(node.file, &file) {
            Ok(mut root) => {
                interpolate(&mut root, vars, errors);
                root.get("services")
                    .and_then(|s| s.get(&base_name))
                    .cloned()
            }
            Err(message) => {
                errors.push(ComposeError {
                    file: extends.file,
                    pos: extends.pos,
                    message,
                });
                None
            }
        },
    };
    let Some(base) = base else {
        errors.push(ComposeError {
            file: extends.file,
            pos: extends.pos,
            message: format!("`{name}` extends `{base_name}`, which is not defined"),
        });
        return node.clone();
    };
    let base = resolve_extends(&base_name, &base, services, vars, load, errors, depth + 1);
    let mut own = node.clone();
    if let Value::Map(entries) = &mut own.value {
        entries.retain(|(k, _)| k.as_str() != Some("extends"));
    }
    merge_service(&base, &own)
}

/// Reads a compose `.env` file (`KEY=value`, quotes removed, comments skipped).
pub fn parse_env_file(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            if l.is_empty() || l.starts_with('#') {
                return None;
            }
            let l = l.strip_prefix("export ").unwrap_or(l);
            let (k, v) = l.split_once('=')?;
            let v = v.trim();
            let v = if v.len() >= 2
                && ((v.starts_with('"') && v.ends_with('"'))
                    || (v.starts_with('\'') && v.ends_with('\'')))
            {
                &v[1..v.len() - 1]
            } else {
                v.split(" #").next().unwrap_or(v).trim()
            };
            // A line with no name before `=` sets nothing Compose could refer to.
            let k = k.trim();
            (!k.is_empty()).then(|| (k.to_string(), v.to_string()))
        })
        .collect()
}

/// Converts YAML errors of a compose file.
pub fn yaml_errors(file: usize, errors: &[YamlError]) -> Vec<ComposeError> {
    errors
        .iter()
        .map(|e| ComposeError {
            file,
            pos: e.pos,
            message: e.message.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_single;

    fn vars(name: &str) -> Option<String> {
        match name {
            "TAG" => Some("1.2".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn interpolation_forms() {
        assert_eq!(interpolate_text("img:${TAG}", &vars).unwrap(), "img:1.2");
        assert_eq!(
            interpolate_text("${MISSING:-80}:80", &vars).unwrap(),
            "80:80"
        );
        assert_eq!(interpolate_text("${EMPTY:-x}", &vars).unwrap(), "x");
        assert_eq!(interpolate_text("${EMPTY-x}", &vars).unwrap(), "");
        assert_eq!(
            interpolate_text("$$HOME and $TAG", &vars).unwrap(),
            "$HOME and 1.2"
        );
        assert_eq!(
            interpolate_text("${MISSING:-${TAG}}", &vars).unwrap(),
            "1.2"
        );
        assert!(
            interpolate_text("${MISSING:?set it}", &vars)
                .unwrap_err()
                .contains("set it")
        );
        assert_eq!(interpolate_text("${TAG:+yes}", &vars).unwrap(), "yes");
    }

    fn file(text: &str, index: usize) -> ComposeFile {
        let mut root = parse_single(text).root.unwrap();
        root.set_file(index);
        ComposeFile { root }
    }

    #[test]
    fn override_files_merge_and_extends_resolve() {
        let base = file(
            "services:\n  web:\n    image: app:${TAG}\n    ports: [\"80:80\"]\n    environment:\n      A: \"1\"\n  worker:\n    extends: web\n    command: work\n",
            0,
        );
        let over = file(
            "services:\n  web:\n    ports: [\"443:443\"]\n    environment: [\"B=2\"]\n    read_only: true\n",
            1,
        );
        let project = resolve(&[base, over], &vars, &|_, _| Err("no files".into()));
        assert!(project.errors.is_empty(), "{:?}", project.errors);
        let web = &project.services[0].node;
        assert_eq!(web.get("image").unwrap().as_str(), Some("app:1.2"));
        assert_eq!(web.get("ports").unwrap().items().len(), 2);
        let env = web.get("environment").unwrap();
        assert!(env.get("A").is_some() && env.get("B").is_some());
        assert_eq!(web.get("read_only").unwrap().file, 1);
        let worker = &project.services[1].node;
        assert_eq!(worker.get("image").unwrap().as_str(), Some("app:1.2"));
        assert_eq!(worker.get("command").unwrap().as_str(), Some("work"));
    }

    #[test]
    fn extends_from_another_file() {
        let main = file(
            "services:\n  api:\n    extends:\n      file: common.yml\n      service: base\n    image: api\n",
            0,
        );
        let load = |_: usize, path: &str| -> Result<Node, String> {
            assert_eq!(path, "common.yml");
            let mut n = parse_single("services:\n  base:\n    privileged: true\n")
                .root
                .unwrap();
            n.set_file(5);
            Ok(n)
        };
        let project = resolve(&[main], &vars, &load);
        let api = &project.services[0].node;
        assert_eq!(api.get("privileged").unwrap().as_bool(), Some(true));
        assert_eq!(api.get("privileged").unwrap().file, 5);
    }

    #[test]
    fn env_files() {
        let env = parse_env_file("# c\nA=1\nB=\"two words\"\nexport C=3 # note\n");
        assert_eq!(env["B"], "two words");
        assert_eq!(env["C"], "3");
    }
}
