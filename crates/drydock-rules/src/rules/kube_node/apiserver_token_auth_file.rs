use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server is not given a static token file (`--token-auth-file`).
    ///
    /// ## Why it matters
    /// Static tokens live in clear text on the control plane, never expire and can only be changed
    /// by restarting the API server.
    ///
    /// ## Remediation
    /// Remove `--token-auth-file` and authenticate users with certificates, OIDC or a webhook.
    pub static RULE = {
        id: "KN023",
        name: "apiserver-token-auth-file",
        cis: [],
        kube_cis: ["1.2.2"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_absent(ctx, APISERVER, "token-auth-file")
}
