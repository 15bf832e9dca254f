use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on /run/containerd that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// containerd keeps its runtime state and socket here. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH004",
        name: "containerd-state-dir-not-audited",
        cis: ["1.1.4"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = vec!["/run/containerd".to_string()];
    check_watched(ctx, &candidates, "/run/containerd")
}
