use super::host_file::{ExpectedOwner, check_owner, registry_cert_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That each file under /etc/docker/certs.d is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Registry certificates decide which registries the daemon trusts. An owner other than root can rewrite it without any privilege.
    ///
    /// ## Remediation
    /// `chown root:root <path>`.
    pub static RULE = {
        id: "DH045",
        name: "registry-cert-not-root-owned",
        cis: ["3.7"],
        target: File,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match registry_cert_targets(ctx) {
        Ok(paths) => check_owner(
            ctx,
            &paths,
            "each file under /etc/docker/certs.d",
            ExpectedOwner::RootRoot,
        ),
        Err(outcomes) => outcomes,
    }
}
