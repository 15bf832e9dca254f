use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server names the CA that signs client certificates (`--client-ca-file`).
    ///
    /// ## Why it matters
    /// Without it no client certificate can be verified, and kubelets and components fall back to
    /// weaker authentication.
    ///
    /// ## Remediation
    /// Set `--client-ca-file`.
    pub static RULE = {
        id: "KN046",
        name: "apiserver-client-ca-file",
        cis: [],
        kube_cis: ["1.2.25"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["client-ca-file"])
}
