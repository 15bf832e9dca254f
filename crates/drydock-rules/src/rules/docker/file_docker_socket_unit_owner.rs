use super::host_file::{ExpectedOwner, check_owner, unit_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the docker.socket unit file and its drop-ins is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The socket unit decides where the API listens and who may connect. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH041",
        name: "docker-socket-unit-not-root-owned",
        cis: ["3.3"],
        target: File,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match unit_targets(ctx, "docker.socket") {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the docker.socket unit file and its drop-ins",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
