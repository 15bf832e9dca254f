use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That `--service-account-extend-token-expiration` is `false` (its default is `true`).
    ///
    /// ## Why it matters
    /// When true, projected service account tokens stay valid for up to a year, so a stolen token
    /// keeps working long after the pod is gone.
    ///
    /// ## Remediation
    /// Add `--service-account-extend-token-expiration=false`.
    pub static RULE = {
        id: "KN051",
        name: "apiserver-extend-token-expiration",
        cis: [],
        kube_cis: ["1.2.30"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    bool_flag(
        ctx,
        APISERVER,
        "service-account-extend-token-expiration",
        true,
        false,
    )
}
