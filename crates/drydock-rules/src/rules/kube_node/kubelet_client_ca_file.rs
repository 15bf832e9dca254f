use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet has a client CA (`authentication.x509.clientCAFile` or `--client-ca-file`).
    ///
    /// ## Why it matters
    /// Without it the kubelet cannot verify the API server's client certificate.
    ///
    /// ## Remediation
    /// Set `authentication.x509.clientCAFile` to the cluster CA.
    pub static RULE = {
        id: "KN085",
        name: "kubelet-client-ca-file",
        cis: [],
        kube_cis: ["4.2.3"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(ctx, "client-ca-file", "a CA file", |v| {
        v.is_some_and(|p| !p.is_empty())
    })
}
