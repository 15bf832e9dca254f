use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::binary_candidates;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the containerd-shim-runc-v1 binary that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// A shim process parents each container. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH016",
        name: "containerd-shim-runc-v1-not-audited",
        cis: ["1.1.16"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = binary_candidates("containerd-shim-runc-v1", None);
    check_watched(ctx, &candidates, "the containerd-shim-runc-v1 binary")
}
