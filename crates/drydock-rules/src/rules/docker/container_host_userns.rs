use super::host_namespace::check_not_host;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That no container shares the host's user namespace (`HostConfig.UsernsMode` is not `host`).
    ///
    /// ## Why it matters
    /// Where the daemon remaps users, this opts the container out: root in it is root on the host again.
    ///
    /// ## Remediation
    /// Remove `--userns host` (or `userns_mode: host` in compose).
    pub static RULE = {
        id: "DH105",
        name: "container-shares-host-userns",
        cis: ["5.31"],
        target: Container,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_not_host(ctx, "HostConfig.UsernsMode", "user", |c| &c.userns_mode)
}
