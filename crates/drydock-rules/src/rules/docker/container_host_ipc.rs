use super::host_namespace::check_not_host;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That no container shares the host's IPC namespace (`HostConfig.IpcMode` is not `host`).
    ///
    /// ## Why it matters
    /// The container can read and write the host's shared memory segments and semaphores.
    ///
    /// ## Remediation
    /// Remove `--ipc host` (or `ipc: host` in compose).
    pub static RULE = {
        id: "DH091",
        name: "container-shares-host-ipc",
        cis: ["5.17"],
        target: Container,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_not_host(ctx, "HostConfig.IpcMode", "IPC", |c| &c.ipc_mode)
}
