use super::host_file::{ExpectedOwner, check_owner};
use crate::declare_rule;
use crate::model::Outcome;
use crate::rule::Context;

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
    #[allow(unused_imports)]
    use crate::paths::*;
    let paths: Vec<String> = match tls_setting(ctx, "tlskey") {
        Ok(Some(p)) => vec![p],
        Ok(None) => {
            return super::host_file::not_configured("tlskey", "the daemon names no tlskey file");
        }
        Err(o) => return o,
    };
    check_owner(
        ctx,
        &paths,
        "the daemon's TLS private key named by tlskey",
        ExpectedOwner::RootRoot,
    )
}
