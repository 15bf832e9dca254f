use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet applies the runtime's default seccomp profile to pods that name none
    /// (`seccompDefault: true`). The value is read, so `seccompDefault: false` fails (kube-bench
    /// passes it for being present).
    ///
    /// ## Why it matters
    /// Without it, pods run without any system call filter unless each one asks for it.
    ///
    /// ## Remediation
    /// Set `seccompDefault: true`.
    pub static RULE = {
        id: "KN096",
        name: "kubelet-seccomp-default",
        cis: [],
        kube_cis: ["4.2.14"],
        target: KubeComponent,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "seccomp-default", "true", |v| v == Some("true"))
}
