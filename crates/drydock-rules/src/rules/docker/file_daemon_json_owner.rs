use super::host_file::{ExpectedOwner, check_owner};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon configuration file is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The file sets most of dockerd's security-relevant behaviour. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH055",
        name: "daemon-json-not-root-owned",
        cis: ["3.17"],
        target: File,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match Ok(vec![ctx.facts.host.daemon_config.path.clone()]) {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the daemon configuration file",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
