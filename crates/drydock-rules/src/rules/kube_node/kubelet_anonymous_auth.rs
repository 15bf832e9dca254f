use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet refuses anonymous requests, from its effective setting: `--anonymous-auth`,
    /// else `authentication.anonymous.enabled` in the `--config-dir` drop-ins and the `--config`
    /// file, else the default — `true` without a configuration file, `false` with one.
    ///
    /// ## Why it matters
    /// An anonymous caller of the kubelet API can list pods and, with a permissive authorizer, run
    /// commands in them.
    ///
    /// ## Remediation
    /// Set `authentication.anonymous.enabled: false` in the kubelet's configuration file (and
    /// remove any `--anonymous-auth=true`).
    pub static RULE = {
        id: "KN083",
        name: "kubelet-anonymous-auth",
        cis: [],
        kube_cis: ["4.2.1"],
        target: KubeComponent,
        severity: Critical,
        stride: [Spoofing, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "anonymous-auth", "false", |v| v == Some("false"))
}
