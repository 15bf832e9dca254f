use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That neither the pod nor any container sets `securityContext.windowsOptions.hostProcess:
    /// true`.
    ///
    /// ## Why it matters
    /// A HostProcess container runs directly on the Windows node with the node's privileges.
    ///
    /// ## Remediation
    /// Remove `hostProcess: true`.
    pub static RULE = {
        id: "KP01",
        name: "pss-host-process",
        title: "Windows HostProcess containers are allowed",
        cis: [],
        kube_cis: ["5.2.10"],
        pss: ("HostProcess", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        forbidden_security_settings(
            &RULE,
            w,
            "windowsOptions.hostProcess",
            |n| n.as_bool() == Some(true),
            |_| "runs as a Windows HostProcess".to_string(),
            "false or unset",
        )
    })
}
