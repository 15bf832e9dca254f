use super::host_file::{ExpectedOwner, check_owner, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the TLS CA certificate named by tlscacert is owned by `root:root`.
    ///
    /// ## Why it matters
    /// The CA decides which clients may drive the daemon over TCP. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH047",
        name: "tls-ca-cert-not-root-owned",
        cis: ["3.9"],
        target: File,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlscacert") {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "the TLS CA certificate named by tlscacert",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
