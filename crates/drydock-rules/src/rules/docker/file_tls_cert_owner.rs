use super::host_file::{ExpectedOwner, check_owner, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon's TLS certificate named by tlscert is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The certificate proves the daemon's identity to clients. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH049",
        name: "tls-server-cert-not-root-owned",
        cis: ["3.11"],
        target: File,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlscert") {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the daemon's TLS certificate named by tlscert",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
