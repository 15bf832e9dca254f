//! Shared judgement of auditd watches on Docker's files (CIS 1.1.3 – 1.1.18).
//!
//! The rules loaded in the kernel are the truth; the rules files say what will be loaded at the
//! next start. A watch on a directory covers everything below it. A watch counts when it
//! records writes or attribute changes (no `-p`, or `-p` with `w` or `a`).

use crate::rule::Context;
use drydock_model::facts::{AuditRule, FileProbe, Probe};
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_settings::paths::first_present;

fn covers(rule: &AuditRule, paths: &[&str]) -> bool {
    let perms_ok = rule.perms.is_empty() || rule.perms.contains('w') || rule.perms.contains('a');
    perms_ok
        && paths.iter().any(|p| {
            *p == rule.path
                || (rule.recursive
                    && p.strip_prefix(rule.path.trim_end_matches('/'))
                        .is_some_and(|rest| rest.starts_with('/')))
        })
}

/// Judges whether the first existing candidate path is watched by auditd.
pub fn check_watched(ctx: &Context, candidates: &[String], what: &str) -> Vec<Outcome> {
    let host = &ctx.facts.host;
    let Some((path, probe)) = first_present(&host.files, candidates) else {
        return vec![Outcome::unknown(
            ObjectRef::file(candidates.first().map_or(what, |c| c.as_str())),
            format!("{what} was not collected"),
        )];
    };
    let object = ObjectRef::file(path);
    let resolved = match probe {
        FileProbe::Absent => {
            return vec![Outcome::not_applicable(
                object,
                format!("{what} does not exist on this host"),
            )];
        }
        FileProbe::Unreadable { .. } => None,
        FileProbe::Present(stat) => stat.resolved.clone(),
    };
    let mut names = vec![path];
    if let Some(r) = resolved.as_deref() {
        names.push(r);
    }
    let find = |rules: &Probe<Vec<AuditRule>>| {
        rules
            .known()
            .map(|rs| rs.iter().find(|r| covers(r, &names)).cloned())
    };
    let loaded = find(&host.audit.loaded);
    let persistent = find(&host.audit.persistent);
    let evidence_of = |rule: &AuditRule| {
        Evidence::new(
            "audit rule",
            format!(
                "watch {}{}{}",
                rule.path,
                if rule.recursive { " (recursive)" } else { "" },
                if rule.perms.is_empty() {
                    String::new()
                } else {
                    format!(" -p {}", rule.perms)
                }
            ),
        )
        .source(rule.origin.clone())
    };
    let expected = Evidence::new("audit rule", "none").expected(format!("-w {path} -k docker"));
    match (loaded, persistent) {
        (Some(Some(rule)), _) => vec![Outcome::pass(object, format!("{what} is watched by auditd")).with(evidence_of(&rule))],
        (Some(None), Some(Some(rule))) => vec![Outcome::fail(
            object,
            format!("a rule for {what} is in the rules files but is not loaded"),
        )
        .with(evidence_of(&rule))
        .with(Evidence::new("loaded rules", "no watch").source("auditctl -l"))],
        (Some(None), _) => vec![Outcome::fail(object, format!("{what} is not watched by auditd")).with(expected.source("auditctl -l"))],
        (None, Some(Some(rule))) => vec![Outcome::pass(
            object,
            format!("{what} is watched by the persistent audit rules (loaded rules could not be read)"),
        )
        .with(evidence_of(&rule))
        .with(Evidence::new(
            "loaded rules",
            host.audit.loaded.reason().unwrap_or("unknown").to_string(),
        ))],
        (None, Some(None)) => vec![Outcome::fail(
            object,
            format!("no audit rule watches {what}"),
        )
        .with(expected.source("/etc/audit/rules.d, /etc/audit/audit.rules"))],
        (None, None) if host.audit.installed == Some(false) => vec![Outcome::fail(
            object,
            format!("auditd is not installed, so nothing records changes to {what}"),
        )
        .with(Evidence::new("auditd", "not installed").expected("installed, with a watch on the path"))],
        (None, None) => vec![Outcome::unknown(
            object,
            format!(
                "audit rules could not be read: {}; {}",
                host.audit.loaded.reason().unwrap_or("unknown"),
                host.audit.persistent.reason().unwrap_or("unknown")
            ),
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(path: &str, recursive: bool, perms: &str) -> AuditRule {
        AuditRule {
            path: path.into(),
            recursive,
            perms: perms.into(),
            origin: "test".into(),
        }
    }

    #[test]
    fn directory_watches_cover_their_tree_only() {
        assert!(covers(
            &rule("/etc/docker", true, ""),
            &["/etc/docker/daemon.json"]
        ));
        assert!(!covers(&rule("/etc/docker", true, ""), &["/etc/dockerfoo"]));
        assert!(!covers(
            &rule("/etc/docker", false, ""),
            &["/etc/docker/daemon.json"]
        ));
        assert!(covers(
            &rule("/usr/bin/dockerd", false, "wa"),
            &["/usr/bin/dockerd"]
        ));
        assert!(!covers(
            &rule("/usr/bin/dockerd", false, "r"),
            &["/usr/bin/dockerd"]
        ));
    }
}
