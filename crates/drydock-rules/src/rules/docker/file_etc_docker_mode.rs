use super::host_file::{check_mode, fixed_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That /etc/docker has no permission bit outside `755`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A group- or world-writable /etc/docker lets others replace the configuration or keys.
    ///
    /// ## Remediation
    /// `chmod 755 <path>` (or stricter).
    pub static RULE = {
        id: "DH044",
        name: "etc-docker-too-permissive",
        cis: ["3.6"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match fixed_targets(&["/etc/docker"]) {
        Ok(paths) => check_mode(ctx, &paths, "/etc/docker", 0o755),
        Err(outcomes) => outcomes,
    }
}
