use super::host_file::check_mode;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon configuration file has no permission bit outside `644`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A writable configuration lets others weaken the daemon at its next restart.
    ///
    /// ## Remediation
    /// `chmod 644 <path>` (or stricter).
    pub static RULE = {
        id: "DH056",
        name: "daemon-json-too-permissive",
        cis: ["3.18"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match Ok(vec![ctx.facts.host.daemon_config.path.clone()]) {
        Ok(paths) => check_mode(ctx, &paths, "the daemon configuration file", 0o644),
        Err(outcomes) => outcomes,
    }
}
