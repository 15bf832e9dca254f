use super::host_file::{ExpectedOwner, check_owner, containerd_socket_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That containerd's socket is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Whoever reaches containerd's socket controls every container. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH061",
        name: "containerd-sock-not-root-owned",
        cis: ["3.23"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match containerd_socket_targets(ctx) {
        Ok(paths) => check_owner(ctx, &paths, "containerd's socket", ExpectedOwner::RootRoot),
        Err(outcomes) => outcomes,
    }
}
