//! The docker CLI's contexts (`docker context ls`): each a name, an endpoint and, for TLS
//! endpoints, its certificates, kept under `~/.docker/contexts` (or `$DOCKER_CONFIG/contexts`).

use std::path::{Path, PathBuf};

/// An engine to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The name people know it by: the context's, or the endpoint as given.
    pub name: String,
    /// `unix:///…`, `tcp://…`.
    pub host: String,
    /// TLS material (`ca.pem`, `cert.pem`, `key.pem`), when the context has some.
    pub tls_dir: Option<PathBuf>,
}

fn contexts_dir() -> PathBuf {
    std::env::var("DOCKER_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".docker")
        })
        .join("contexts")
}

/// Reads one context's `meta.json`: its name and its docker endpoint.
fn read_meta(dir: &Path) -> Result<Endpoint, String> {
    let meta = dir.join("meta.json");
    let text = std::fs::read_to_string(&meta).map_err(|e| format!("{}: {e}", meta.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{}:{}:{}: {e}", meta.display(), e.line(), e.column()))?;
    let name = value["Name"]
        .as_str()
        .ok_or_else(|| format!("{}: no Name", meta.display()))?
        .to_string();
    let host = value["Endpoints"]["docker"]["Host"]
        .as_str()
        .ok_or_else(|| format!("{}: context {name} has no docker endpoint", meta.display()))?
        .to_string();
    // The TLS material sits under tls/ in a directory named as the meta one.
    let tls = contexts_dir()
        .join("tls")
        .join(dir.file_name().unwrap_or_default())
        .join("docker");
    Ok(Endpoint {
        name,
        host,
        tls_dir: tls.join("ca.pem").is_file().then_some(tls),
    })
}

/// Every context the docker CLI knows, by name.
pub fn all() -> Result<Vec<Endpoint>, String> {
    let meta = contexts_dir().join("meta");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&meta) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        out.push(read_meta(&entry.path())?);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// One context by its name (`--context NAME`); `default` is the engine the CLI uses without one.
pub fn by_name(name: &str) -> Result<Endpoint, String> {
    if name == "default" {
        return Ok(Endpoint {
            name: "default".into(),
            host: std::env::var("DOCKER_HOST")
                .unwrap_or_else(|_| "unix:///var/run/docker.sock".into()),
            tls_dir: None,
        });
    }
    all()?.into_iter().find(|e| e.name == name).ok_or_else(|| {
        format!(
            "no docker context named {name} in {} (docker context ls lists them)",
            contexts_dir().display()
        )
    })
}
