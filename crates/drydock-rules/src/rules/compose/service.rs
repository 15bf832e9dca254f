//! Shared reading of compose services for the rules: findings placed on the offending node,
//! ports and volumes in their short and long syntaxes, nested settings.

use crate::project::ParsedCompose;
use crate::project::service_id;
use drydock_model::model::{Evidence, ObjectRef, Outcome, Target};
use drydock_parse::compose::Service;
use drydock_parse::yaml::{Node, Value};

/// The object a service finding is about.
pub fn object(compose: &ParsedCompose, service: &Service) -> ObjectRef {
    ObjectRef {
        kind: Target::ComposeService,
        id: service_id(compose, service),
        name: format!("{} ({})", service.name, compose.path_of(&service.key)),
    }
}

/// A failing outcome placed on a node (the file it came from, its line and column).
pub fn finding(
    compose: &ParsedCompose,
    service: &Service,
    node: &Node,
    message: impl Into<String>,
) -> Outcome {
    Outcome::fail(object(compose, service), message).at(
        compose.path_of(node),
        node.pos.line,
        node.pos.column,
    )
}

/// A failing outcome placed on the service's name.
pub fn on_service(
    compose: &ParsedCompose,
    service: &Service,
    message: impl Into<String>,
) -> Outcome {
    finding(compose, service, &service.key, message)
}

/// A setting by dotted path (`deploy.resources.limits.memory`).
pub fn at<'a>(service: &'a Service, path: &str) -> Option<&'a Node> {
    let mut node = &service.node;
    for part in path.split('.') {
        node = node.get(part)?;
    }
    (!node.is_null()).then_some(node)
}

/// The key node of a top-level setting, for placing findings on `key:` rather than its value.
pub fn key_of<'a>(service: &'a Service, key: &str) -> Option<&'a Node> {
    service.node.entry(key).map(|(k, _)| k)
}

/// Items of a list setting given as one scalar or a sequence.
pub fn list<'a>(service: &'a Service, key: &str) -> Vec<&'a Node> {
    match at(service, key) {
        Some(n) => match &n.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Scalar { .. } => vec![n],
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// One published port.
#[derive(Debug, Clone)]
pub struct Port<'a> {
    /// Host address (`None` = every address).
    pub host_ip: Option<String>,
    /// Host port or range (`None` = chosen by the engine).
    pub published: Option<String>,
    /// Container port (and protocol).
    pub target: String,
    /// Where it is written.
    pub node: &'a Node,
}

/// Parses `ports:` in short (`"127.0.0.1:8080:80/tcp"`, `"[::1]:80:80"`) and long syntax.
pub fn ports(service: &Service) -> Vec<Port<'_>> {
    let mut out = Vec::new();
    for node in list(service, "ports") {
        match &node.value {
            Value::Map(_) => out.push(Port {
                host_ip: node
                    .get("host_ip")
                    .and_then(Node::as_str)
                    .map(str::to_string),
                published: node
                    .get("published")
                    .and_then(Node::as_str)
                    .map(str::to_string),
                target: node
                    .get("target")
                    .and_then(Node::as_str)
                    .unwrap_or("")
                    .to_string(),
                node,
            }),
            Value::Scalar { text, .. } => {
                let (spec, _proto) = text.split_once('/').unwrap_or((text, "tcp"));
                let (host_ip, rest) = if let Some(stripped) = spec.strip_prefix('[') {
                    match stripped.split_once("]:") {
                        Some((ip, rest)) => (Some(ip.to_string()), rest.to_string()),
                        None => (None, spec.to_string()),
                    }
                } else {
                    let parts: Vec<&str> = spec.split(':').collect();
                    if parts.len() == 3 {
                        (
                            Some(parts[0].to_string()),
                            format!("{}:{}", parts[1], parts[2]),
                        )
                    } else {
                        (None, spec.to_string())
                    }
                };
                let (published, target) = match rest.rsplit_once(':') {
                    Some((p, t)) => (Some(p.to_string()).filter(|p| !p.is_empty()), t.to_string()),
                    None => (None, rest.clone()),
                };
                out.push(Port {
                    host_ip,
                    published,
                    target,
                    node,
                });
            }
            _ => {}
        }
    }
    out
}

/// One volume mount.
#[derive(Debug, Clone)]
pub struct Mount<'a> {
    /// Host path for binds (as written), or the volume name.
    pub source: String,
    /// Whether the source is a host path.
    pub bind: bool,
    /// Path in the container.
    pub target: String,
    /// Whether it is read-only.
    pub read_only: bool,
    /// Propagation, when set.
    pub propagation: Option<String>,
    /// Where it is written.
    pub node: &'a Node,
}

/// Parses `volumes:` in short (`/src:/dst:ro,rshared`) and long syntax.
pub fn mounts(service: &Service) -> Vec<Mount<'_>> {
    let mut out = Vec::new();
    for node in list(service, "volumes") {
        match &node.value {
            Value::Map(_) => {
                let kind = node.get("type").and_then(Node::as_str).unwrap_or("volume");
                out.push(Mount {
                    source: node
                        .get("source")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    bind: kind == "bind",
                    target: node
                        .get("target")
                        .and_then(Node::as_str)
                        .unwrap_or("")
                        .to_string(),
                    read_only: node
                        .get("read_only")
                        .and_then(Node::as_bool)
                        .unwrap_or(false),
                    propagation: node
                        .get("bind")
                        .and_then(|b| b.get("propagation"))
                        .and_then(Node::as_str)
                        .map(str::to_string),
                    node,
                })
            }
            Value::Scalar { text, .. } => {
                let parts: Vec<&str> = text.split(':').collect();
                let (source, target, mode) = match parts.as_slice() {
                    [t] => ("", *t, ""),
                    [s, t] => (*s, *t, ""),
                    [s, t, m, ..] => (*s, *t, *m),
                    [] => continue,
                };
                let bind =
                    source.starts_with('/') || source.starts_with('.') || source.starts_with('~');
                let modes: Vec<&str> = mode.split(',').collect();
                out.push(Mount {
                    source: source.to_string(),
                    bind,
                    target: target.to_string(),
                    read_only: modes.contains(&"ro"),
                    propagation: modes
                        .iter()
                        .find(|m| {
                            matches!(
                                **m,
                                "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"
                            )
                        })
                        .map(|m| m.to_string()),
                    node,
                })
            }
            _ => {}
        }
    }
    out
}

/// `security_opt` entries as text.
pub fn security_opts(service: &Service) -> Vec<(&str, &Node)> {
    list(service, "security_opt")
        .into_iter()
        .filter_map(|n| n.as_str().map(|s| (s, n)))
        .collect()
}

/// A finding for every `security_opt` entry that turns `option` off (`option=value` or the older
/// `option:value` spelling).
pub fn security_opt_findings(
    compose: &ParsedCompose,
    service: &Service,
    option: &str,
    value: &str,
    message: &str,
) -> Vec<Outcome> {
    security_opts(service)
        .into_iter()
        .filter(|(o, _)| {
            o.split_once(['=', ':'])
                .is_some_and(|(k, v)| k == option && v == value)
        })
        .map(|(o, n)| finding(compose, service, n, message).with(Evidence::new("security_opt", o)))
        .collect()
}

/// Environment entries as (name, value node, written text) in both forms.
pub fn environment(service: &Service) -> Vec<(String, &Node)> {
    match at(service, "environment") {
        Some(n) => match &n.value {
            Value::Map(entries) => entries
                .iter()
                .filter_map(|(k, v)| k.as_str().map(|k| (k.to_string(), v)))
                .collect(),
            Value::Seq(items) => items
                .iter()
                .filter_map(|i| {
                    i.as_str()
                        .map(|t| (t.split('=').next().unwrap_or(t).to_string(), i))
                })
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_parse::yaml::parse_single;

    fn service(text: &str) -> Service {
        let root = parse_single(text).root.unwrap();
        Service {
            name: "s".into(),
            key: root.clone(),
            node: root,
        }
    }

    #[test]
    fn port_syntaxes() {
        let s = service(
            "ports:\n  - \"80\"\n  - \"8080:80\"\n  - \"127.0.0.1:8081:80/tcp\"\n  - \"[::1]:8082:80\"\n  - \"127.0.0.1::80\"\n  - target: 80\n    published: \"9000\"\n    host_ip: 0.0.0.0\n",
        );
        let p = ports(&s);
        assert_eq!(p.len(), 6);
        assert_eq!(
            (p[0].host_ip.as_deref(), p[0].published.as_deref()),
            (None, None)
        );
        assert_eq!(p[1].published.as_deref(), Some("8080"));
        assert_eq!(p[2].host_ip.as_deref(), Some("127.0.0.1"));
        assert_eq!(p[3].host_ip.as_deref(), Some("::1"));
        assert_eq!(
            (p[4].host_ip.as_deref(), p[4].published.as_deref()),
            (Some("127.0.0.1"), None)
        );
        assert_eq!(p[5].published.as_deref(), Some("9000"));
    }

    #[test]
    fn volume_syntaxes() {
        let s = service(
            "volumes:\n  - /etc:/host-etc:ro\n  - data:/data\n  - ./src:/src:rw,rshared\n  - type: bind\n    source: /var/run/docker.sock\n    target: /sock\n",
        );
        let m = mounts(&s);
        assert!(m[0].bind && m[0].read_only);
        assert!(!m[1].bind);
        assert_eq!(m[2].propagation.as_deref(), Some("rshared"));
        assert!(m[3].bind && !m[3].read_only);
    }
}
