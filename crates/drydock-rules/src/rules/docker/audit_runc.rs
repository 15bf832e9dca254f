use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::binary_candidates;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the runc binary that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// runc creates every container's namespaces and cgroups as root. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH018",
        name: "runc-not-audited",
        cis: ["1.1.18"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = binary_candidates("runc", None);
    check_watched(ctx, &candidates, "the runc binary")
}
