use super::host_namespace::check_not_host;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That no container shares the host's PID namespace (`HostConfig.PidMode` is not `host`).
    ///
    /// ## Why it matters
    /// The container sees every host process and, as root, can signal or trace them and read their environment.
    ///
    /// ## Remediation
    /// Remove `--pid host` (or `pid: host` in compose).
    pub static RULE = {
        id: "DH090",
        name: "container-shares-host-pid",
        cis: ["5.16"],
        target: Container,
        severity: High,
        stride: [InformationDisclosure, ElevationOfPrivilege, DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_not_host(ctx, "HostConfig.PidMode", "PID", |c| &c.pid_mode)
}
