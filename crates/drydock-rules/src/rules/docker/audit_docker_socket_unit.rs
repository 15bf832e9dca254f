use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::unit_path;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the docker.socket unit file that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// It decides where the API listens and who may connect. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH009",
        name: "docker-socket-unit-not-audited",
        cis: ["1.1.9"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = unit_path(&ctx.facts.host, "docker.socket")
        .into_iter()
        .collect();
    check_watched(ctx, &candidates, "the docker.socket unit file")
}
