use super::host_file::check_mode;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the Docker API socket has no permission bit outside `660`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Anyone who can write to the socket controls the daemon, and through it the host.
    ///
    /// ## Remediation
    /// `chmod 660 <path>` (or stricter).
    pub static RULE = {
        id: "DH054",
        name: "docker-sock-too-permissive",
        cis: ["3.16"],
        target: File,
        severity: Critical,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match Ok(drydock_settings::paths::docker_socket_paths(
        &ctx.facts.host,
    )) {
        Ok(paths) => check_mode(ctx, &paths, "the Docker API socket", 0o660),
        Err(outcomes) => outcomes,
    }
}
