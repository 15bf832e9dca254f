use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::containerd_socket_paths;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on containerd's socket that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// Whoever reaches it controls every container containerd runs. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH008",
        name: "containerd-socket-not-audited",
        cis: ["1.1.8"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = containerd_socket_paths(&ctx.facts.host);
    check_watched(ctx, &candidates, "containerd's socket")
}
