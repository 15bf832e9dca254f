use super::host_file::{ExpectedOwner, check_owner, fixed_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That /etc/docker is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The directory holds the daemon configuration and TLS material. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH043",
        name: "etc-docker-not-root-owned",
        cis: ["3.5"],
        target: File,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match fixed_targets(&["/etc/docker"]) {
        Ok(paths) => check_owner(ctx, &paths, "/etc/docker", ExpectedOwner::RootRoot),
        Err(outcomes) => outcomes,
    }
}
