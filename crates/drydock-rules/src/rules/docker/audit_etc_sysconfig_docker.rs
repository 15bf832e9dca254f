use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on /etc/sysconfig/docker that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// It can add flags to dockerd on Red Hat-style hosts. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH013",
        name: "etc-sysconfig-docker-not-audited",
        cis: ["1.1.13"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = vec!["/etc/sysconfig/docker".to_string()];
    check_watched(ctx, &candidates, "/etc/sysconfig/docker")
}
