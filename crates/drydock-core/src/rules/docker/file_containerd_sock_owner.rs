use super::host_file::{ExpectedOwner, check_owner};
use crate::declare_rule;
use crate::model::Outcome;
use crate::rule::Context;

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
    #[allow(unused_imports)]
    use crate::paths::*;
    let paths: Vec<String> = first_present(
        &ctx.facts.host.files,
        &containerd_socket_paths(&ctx.facts.host),
    )
    .map(|(p, _)| vec![p.to_string()])
    .unwrap_or_default();
    if paths.is_empty() {
        return super::host_file::not_configured(
            "containerd.sock",
            "containerd socket was not collected",
        );
    }
    check_owner(ctx, &paths, "containerd's socket", ExpectedOwner::RootRoot)
}
