use super::host_file::{check_mode, unit_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the docker.socket unit file and its drop-ins has no permission bit outside `644`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A writable socket unit can move the API to a TCP port or open the socket to everyone.
    ///
    /// ## Remediation
    /// `chmod 644 <path>` (or stricter).
    pub static RULE = {
        id: "DH042",
        name: "docker-socket-unit-too-permissive",
        cis: ["3.4"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match unit_targets(ctx, "docker.socket") {
        Ok(paths) => check_mode(
            ctx,
            &paths,
            "the docker.socket unit file and its drop-ins",
            0o644,
        ),
        Err(outcomes) => outcomes,
    }
}
