//! Shared judgement of host file ownership and permission bits (CIS section 3).
//!
//! Modes are compared as bits: a file passes "644 or more restrictive" when it has no
//! permission bit outside 0644 — so 0606 fails (others may write) and 0600 passes. Setuid,
//! setgid and sticky bits count as bits outside the allowed set.

use crate::rule::Context;
use drydock_model::facts::{FileKind, FileProbe, FileStat};
use drydock_model::model::{Evidence, ObjectRef, Outcome};

/// Who should own a file.
#[derive(Debug, Clone, Copy)]
pub enum ExpectedOwner {
    /// `root:root`.
    RootRoot,
    /// `root:docker`.
    RootDocker,
    /// `etcd:etcd` (the etcd data directory), judged by the names the host gives the ids.
    EtcdEtcd,
}

/// Formats a mode as four octal digits.
pub fn octal(mode: u32) -> String {
    format!("{:04o}", mode & 0o7777)
}

/// Names the permission bits a mode has beyond `allowed`.
pub fn excess_bits(mode: u32, allowed: u32) -> Vec<&'static str> {
    const NAMES: [(u32, &str); 12] = [
        (0o4000, "setuid"),
        (0o2000, "setgid"),
        (0o1000, "sticky"),
        (0o400, "owner read"),
        (0o200, "owner write"),
        (0o100, "owner execute"),
        (0o040, "group read"),
        (0o020, "group write"),
        (0o010, "group execute"),
        (0o004, "others read"),
        (0o002, "others write"),
        (0o001, "others execute"),
    ];
    let excess = mode & 0o7777 & !allowed;
    NAMES
        .iter()
        .filter(|(bit, _)| excess & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}

fn who(stat: &FileStat) -> String {
    format!(
        "{}:{} ({}:{})",
        stat.user.as_deref().unwrap_or("?"),
        stat.group.as_deref().unwrap_or("?"),
        stat.uid,
        stat.gid
    )
}

fn with_resolution(outcome: Outcome, stat: &FileStat) -> Outcome {
    match &stat.resolved {
        Some(target) => outcome.with(Evidence::new("resolved path", target.clone())),
        None => outcome,
    }
}

/// Looks a path up in the facts, turning absence and errors into outcomes.
fn probe<'a>(ctx: &'a Context, path: &str, what: &str) -> Result<&'a FileStat, Box<Outcome>> {
    let outcome = match ctx.facts.host.files.get(path) {
        Some(FileProbe::Present(stat)) => return Ok(stat),
        Some(FileProbe::Absent) => Outcome::not_applicable(
            ObjectRef::file(path),
            format!("{what} does not exist on this host"),
        ),
        Some(FileProbe::Unreadable { reason }) => Outcome::unknown(
            ObjectRef::file(path),
            format!("{what} could not be examined: {reason}"),
        ),
        None => Outcome::unknown(ObjectRef::file(path), format!("{what} was not collected")),
    };
    Err(Box::new(outcome))
}

/// Checks that each path is owned as expected.
pub fn check_owner(
    ctx: &Context,
    paths: &[String],
    what: &str,
    expected: ExpectedOwner,
) -> Vec<Outcome> {
    paths
        .iter()
        .map(|path| {
            let stat = match probe(ctx, path, what) {
                Ok(stat) => stat,
                Err(outcome) => return *outcome,
            };
            let object = ObjectRef::file(path);
            let (owner_ok, expected_text) = match expected {
                ExpectedOwner::RootRoot => (stat.uid == 0 && stat.gid == 0, "root:root (0:0)".to_string()),
                // etcd's ids differ per host: judged by the names the host gives them.
                ExpectedOwner::EtcdEtcd => (
                    stat.user.as_deref() == Some("etcd") && stat.group.as_deref() == Some("etcd"),
                    "etcd:etcd".to_string(),
                ),
                ExpectedOwner::RootDocker => {
                    let docker_gid = ctx
                        .facts
                        .host
                        .docker_group
                        .known()
                        .and_then(|g| g.gid);
                    match docker_gid {
                        Some(gid) => (stat.uid == 0 && stat.gid == gid, format!("root:docker (0:{gid})")),
                        None => {
                            return with_resolution(
                                Outcome::unknown(
                                    object,
                                    "the docker group's gid is not known, so the group owner cannot be judged",
                                )
                                .with(Evidence::new("owner", who(stat)).expected("root:docker")),
                                stat,
                            );
                        }
                    }
                }
            };
            let evidence = Evidence::new("owner", who(stat)).expected(expected_text);
            let outcome = if owner_ok {
                Outcome::pass(object, format!("{what} is owned as expected"))
            } else {
                Outcome::fail(object, format!("{what} has the wrong owner"))
            };
            with_resolution(outcome.with(evidence), stat)
        })
        .collect()
}

/// Checks that each path has no permission bit outside `allowed`.
pub fn check_mode(ctx: &Context, paths: &[String], what: &str, allowed: u32) -> Vec<Outcome> {
    paths
        .iter()
        .map(|path| {
            let stat = match probe(ctx, path, what) {
                Ok(stat) => stat,
                Err(outcome) => return *outcome,
            };
            let object = ObjectRef::file(path);
            let evidence = Evidence::new("mode", octal(stat.mode))
                .expected(format!("{} or more restrictive", octal(allowed)));
            let excess = excess_bits(stat.mode, allowed);
            let outcome = if excess.is_empty() {
                Outcome::pass(object, format!("{what} permissions are restrictive enough"))
            } else {
                Outcome::fail(
                    object,
                    format!("{what} permissions are too open: {}", excess.join(", ")),
                )
            };
            let outcome = outcome.with(evidence);
            let outcome = if stat.kind == FileKind::File || stat.kind == FileKind::Directory {
                outcome
            } else {
                outcome.with(Evidence::new(
                    "kind",
                    format!("{:?}", stat.kind).to_lowercase(),
                ))
            };
            with_resolution(outcome, stat)
        })
        .collect()
}

/// An outcome for a file that is not configured at all (e.g. no TLS certificate named).
pub fn not_configured(what: &str, why: &str) -> Vec<Outcome> {
    vec![Outcome::not_applicable(
        ObjectRef::file(what),
        why.to_string(),
    )]
}

/// What a section-3 rule looks at: the paths to judge, or the outcome that stands instead
/// (nothing to judge, or the list itself unknown).
pub type Targets = Result<Vec<String>, Vec<Outcome>>;

/// A unit file and its drop-ins.
pub fn unit_targets(ctx: &Context, unit: &str) -> Targets {
    let paths = unit_files(ctx, unit);
    if paths.is_empty() {
        return Err(not_configured(
            unit,
            &format!("no {unit} unit file was found"),
        ));
    }
    Ok(paths)
}

/// Every file under `/etc/docker/certs.d`.
pub fn registry_cert_targets(ctx: &Context) -> Targets {
    match &ctx.facts.host.registry_certs {
        drydock_model::facts::Probe::Known { value } if value.is_empty() => Err(not_configured(
            "/etc/docker/certs.d",
            "no registry certificate files under /etc/docker/certs.d",
        )),
        drydock_model::facts::Probe::Known { value } => Ok(value.clone()),
        drydock_model::facts::Probe::Unavailable { reason } => Err(vec![Outcome::unknown(
            ObjectRef::file("/etc/docker/certs.d"),
            format!("/etc/docker/certs.d could not be listed: {reason}"),
        )]),
    }
}

/// The TLS file a daemon setting names.
pub fn tls_targets(ctx: &Context, key: &str) -> Targets {
    match tls_setting(ctx, key)? {
        Some(path) => Ok(vec![path]),
        None => Err(not_configured(
            key,
            &format!("the daemon names no {key} file"),
        )),
    }
}

/// containerd's socket, where it exists.
pub fn containerd_socket_targets(ctx: &Context) -> Targets {
    let candidates = drydock_settings::paths::containerd_socket_paths(&ctx.facts.host);
    match drydock_settings::paths::first_present(&ctx.facts.host.files, &candidates) {
        Some((path, _)) => Ok(vec![path.to_string()]),
        None => Err(not_configured(
            "containerd.sock",
            "containerd's socket was not collected",
        )),
    }
}

/// Paths that are always the same.
pub fn fixed_targets(paths: &[&str]) -> Targets {
    Ok(paths.iter().map(|p| p.to_string()).collect())
}

/// Host paths of a unit file and its drop-ins, as the rules see them.
fn unit_files(ctx: &Context, unit: &str) -> Vec<String> {
    ctx.facts
        .host
        .units
        .iter()
        .filter(|u| u.name == unit)
        .flat_map(|u| u.path.iter().chain(u.drop_ins.iter()).cloned())
        .collect()
}

/// The TLS file named by a daemon setting; an unknown outcome when the setting cannot be read.
fn tls_setting(
    ctx: &Context,
    key: &str,
) -> Result<Option<String>, Vec<drydock_model::model::Outcome>> {
    ctx.daemon.lookup(key).as_string().map_err(|reason| {
        vec![drydock_model::model::Outcome::unknown(
            drydock_model::model::ObjectRef::file(key),
            format!("which {key} file the daemon uses is unknown: {reason}"),
        )]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_compared_as_bits_not_numbers() {
        // 606 is numerically below 644 but lets others write.
        assert_eq!(excess_bits(0o606, 0o644), vec!["others write"]);
        assert!(excess_bits(0o600, 0o644).is_empty());
        // 700 is numerically above 644 yet only adds owner execute.
        assert_eq!(excess_bits(0o700, 0o644), vec!["owner execute"]);
        assert_eq!(excess_bits(0o4644, 0o644), vec!["setuid"]);
        assert!(excess_bits(0o000, 0o400).is_empty());
        assert_eq!(excess_bits(0o440, 0o400), vec!["group read"]);
    }
}
