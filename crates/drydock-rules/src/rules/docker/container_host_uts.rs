use super::host_namespace::check_not_host;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That no container shares the host's UTS namespace (`HostConfig.UTSMode` is not `host`).
    ///
    /// ## Why it matters
    /// The container can change the host's hostname and domain name.
    ///
    /// ## Remediation
    /// Remove `--uts host` (or `uts: host` in compose).
    pub static RULE = {
        id: "DH095",
        name: "container-shares-host-uts",
        cis: ["5.21"],
        target: Container,
        severity: Low,
        stride: [Tampering, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_not_host(ctx, "HostConfig.UTSMode", "UTS", |c| &c.uts_mode)
}
