use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::binary_candidates;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the dockerd binary that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// dockerd runs as root and serves every container; a replaced binary owns the host. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH003",
        name: "dockerd-not-audited",
        cis: ["1.1.3"],
        target: File,
        severity: Medium,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = binary_candidates(
        "dockerd",
        ctx.facts
            .host
            .dockerd
            .known()
            .and_then(|p| p.exe.as_deref()),
    );
    check_watched(ctx, &candidates, "the dockerd binary")
}
