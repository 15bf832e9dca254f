use super::host_file::{check_mode, containerd_socket_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That containerd's socket has no permission bit outside `660`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Whoever can write to containerd's socket controls every container.
    ///
    /// ## Remediation
    /// `chmod 660 <path>` (or stricter).
    pub static RULE = {
        id: "DH062",
        name: "containerd-sock-too-permissive",
        cis: ["3.24"],
        target: File,
        severity: High,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match containerd_socket_targets(ctx) {
        Ok(paths) => check_mode(ctx, &paths, "containerd's socket", 0o660),
        Err(outcomes) => outcomes,
    }
}
