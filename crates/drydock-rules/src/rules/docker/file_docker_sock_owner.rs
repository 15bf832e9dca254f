use super::host_file::{ExpectedOwner, check_owner};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the Docker API socket is owned by `root:docker`.
    ///
    /// ## Why it matters
    /// Access to the socket is root on the host; only root and the docker group may hold it. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:docker <path>`.
    pub static RULE = {
        id: "DH053",
        name: "docker-sock-wrong-owner",
        cis: ["3.15"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match Ok(drydock_settings::paths::docker_socket_paths(
        &ctx.facts.host,
    )) {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the Docker API socket",
            ExpectedOwner::RootDocker,
        ),
        Err(outcomes) => outcomes,
    }
}
