use super::host_file::{check_mode, fixed_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That /etc/default/docker has no permission bit outside `644`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A writable file can add any flag to dockerd.
    ///
    /// ## Remediation
    /// `chmod 644 <path>` (or stricter).
    pub static RULE = {
        id: "DH058",
        name: "etc-default-docker-too-permissive",
        cis: ["3.20"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match fixed_targets(&["/etc/default/docker"]) {
        Ok(paths) => check_mode(ctx, &paths, "/etc/default/docker", 0o644),
        Err(outcomes) => outcomes,
    }
}
