use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::binary_candidates;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the containerd binary that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// containerd runs as root beneath every container. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH014",
        name: "containerd-binary-not-audited",
        cis: ["1.1.14"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = binary_candidates("containerd", None);
    check_watched(ctx, &candidates, "the containerd binary")
}
