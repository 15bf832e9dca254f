use super::host_file::{check_mode, unit_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the docker.service unit file and its drop-ins has no permission bit outside `644`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Anyone who can write the unit can start dockerd with any flag at the next restart.
    ///
    /// ## Remediation
    /// `chmod 644 <path>` (or stricter).
    pub static RULE = {
        id: "DH040",
        name: "docker-service-file-too-permissive",
        cis: ["3.2"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match unit_targets(ctx, "docker.service") {
        Ok(paths) => check_mode(
            ctx,
            &paths,
            "the docker.service unit file and its drop-ins",
            0o644,
        ),
        Err(outcomes) => outcomes,
    }
}
