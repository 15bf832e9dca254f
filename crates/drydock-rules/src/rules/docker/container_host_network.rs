use super::host_namespace::check_not_host;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That no container shares the host's network namespace (`HostConfig.NetworkMode` is not `host`).
    ///
    /// ## Why it matters
    /// The container sees every host interface and can bind to or sniff host ports, including services on localhost.
    ///
    /// ## Remediation
    /// Remove `--network host` (or `network_mode: host` in compose).
    pub static RULE = {
        id: "DH084",
        name: "container-shares-host-network",
        cis: ["5.10"],
        target: Container,
        severity: High,
        stride: [InformationDisclosure, Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_not_host(ctx, "HostConfig.NetworkMode", "network", |c| {
        &c.network_mode
    })
}
