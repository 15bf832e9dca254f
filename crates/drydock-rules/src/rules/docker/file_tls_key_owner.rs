use super::host_file::{ExpectedOwner, check_owner, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon's TLS private key named by tlskey is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The key proves the daemon's identity. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH051",
        name: "tls-server-key-not-root-owned",
        cis: ["3.13"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlskey") {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the daemon's TLS private key named by tlskey",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
