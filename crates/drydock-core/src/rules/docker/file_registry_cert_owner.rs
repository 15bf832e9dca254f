use super::host_file::{ExpectedOwner, check_owner};
use crate::declare_rule;
use crate::model::Outcome;
use crate::rule::Context;

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
    #[allow(unused_imports)]
    use crate::paths::*;
    let paths: Vec<String> = match &ctx.facts.host.registry_certs {
        crate::facts::Probe::Known { value } => value.clone(),
        crate::facts::Probe::Unavailable { reason } => {
            return vec![Outcome::unknown(
                crate::model::ObjectRef::file("/etc/docker/certs.d"),
                format!("/etc/docker/certs.d could not be listed: {reason}"),
            )];
        }
    };
    if paths.is_empty() {
        return super::host_file::not_configured(
            "/etc/docker/certs.d",
            "no registry certificate files under /etc/docker/certs.d",
        );
    }
    check_owner(
        ctx,
        &paths,
        "each file under /etc/docker/certs.d",
        ExpectedOwner::RootRoot,
    )
}
