use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// Host directories whose contents, written from a container, change the host itself. `/run`
/// and `/var/run` are added to the benchmark's list because they hold the runtime sockets.
pub const SENSITIVE_DIRS: &[&str] = &[
    "/", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sys", "/usr", "/run", "/var/run",
];

/// The sensitive directory a host path is, or lies under. The Docker socket itself is left to
/// the socket control (5.32), so one mount is not reported twice.
pub fn sensitive_root(source: &str) -> Option<&'static str> {
    let path = source.trim_end_matches('/');
    if path.ends_with("docker.sock") {
        return None;
    }
    let path = if path.is_empty() { "/" } else { path };
    SENSITIVE_DIRS.iter().copied().find(|dir| {
        if *dir == "/" {
            path == "/"
        } else {
            path == *dir
                || path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    })
}

declare_rule! {
    /// ## What it checks
    /// That no container mounts a sensitive host directory — `/`, `/boot`, `/dev`, `/etc`,
    /// `/lib`, `/lib64`, `/proc`, `/sys`, `/usr`, `/run`, `/var/run` — or anything below one
    /// (`/etc/ssl`, `/var/run/docker.sock`'s directory), read-only or read-write: CIS 5.6 asks
    /// that they not be mounted at all. The message says which mounts are read-write, the worse
    /// case.
    ///
    /// ## Why it matters
    /// A writable mount of a host system directory lets the container change the host:
    /// add a user in `/etc`, replace a library in `/usr/lib`, write to devices. A read-only one
    /// still hands it the host's secrets: `/etc/shadow`, TLS and SSH keys, every file under `/`.
    ///
    /// ## Remediation
    /// Mount only the files the application needs, read-only (`:ro`), or use volumes.
    pub static RULE = {
        id: "DH080",
        name: "container-mounts-sensitive-host-dir",
        cis: ["5.6"],
        target: Container,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let mut writable = Vec::new();
        let mut readonly = Vec::new();
        for m in c.mounts.iter().filter(|m| m.kind == "bind") {
            if let Some(dir) = sensitive_root(&m.source) {
                let e = Evidence::new(
                    "mount",
                    format!(
                        "{} -> {} ({})",
                        m.source,
                        m.destination,
                        if m.rw { "rw" } else { "ro" }
                    ),
                )
                .expected(format!("no mount of {dir}"));
                if m.rw {
                    writable.push(e)
                } else {
                    readonly.push(e)
                }
            }
        }
        if !writable.is_empty() {
            Outcome::fail(
                object,
                "mounts a sensitive host directory read-write: it can change the host",
            )
            .with_all(writable)
            .with_all(readonly)
        } else if !readonly.is_empty() {
            Outcome::fail(
                object,
                "mounts a sensitive host directory read-only: it can read the host's secrets",
            )
            .with_all(readonly)
        } else {
            Outcome::pass(object, "mounts no sensitive host directory")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::sensitive_root;

    #[test]
    fn subpaths_count_and_lookalikes_do_not() {
        assert_eq!(sensitive_root("/etc/ssl"), Some("/etc"));
        assert_eq!(sensitive_root("/"), Some("/"));
        assert_eq!(sensitive_root("/var/run/docker.sock"), None);
        assert_eq!(sensitive_root("/var/run/secrets"), Some("/var/run"));
        assert_eq!(sensitive_root("/lib64"), Some("/lib64"));
        assert_eq!(sensitive_root("/etcetera"), None);
        assert_eq!(sensitive_root("/home/app"), None);
    }
}
