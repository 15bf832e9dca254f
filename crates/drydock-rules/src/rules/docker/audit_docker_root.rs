use super::audit_watch::check_watched;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::paths::docker_root_dir;

declare_rule! {
    /// ## What it checks
    /// That auditd has a watch on the Docker root directory that records writes and attribute changes.
    ///
    /// ## Why it matters
    /// It holds every image layer, container filesystem and volume. Without a watch, a change to it leaves no trace to investigate.
    ///
    /// ## Remediation
    /// Add `-w <path> -p wa -k docker` to a file in `/etc/audit/rules.d/`, then load it with
    /// `augenrules --load` (or restart auditd).
    pub static RULE = {
        id: "DH005",
        name: "docker-root-dir-not-audited",
        cis: ["1.1.5"],
        target: File,
        severity: Low,
        stride: [Repudiation, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let candidates: Vec<String> = vec![docker_root_dir(&ctx.facts.host, ctx.engine().ok())];
    check_watched(ctx, &candidates, "the Docker root directory")
}
