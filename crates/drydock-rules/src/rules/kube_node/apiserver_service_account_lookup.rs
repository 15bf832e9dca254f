use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That `--service-account-lookup` is `true` (its default), so the API server checks that a
    /// token's service account still exists.
    ///
    /// ## Why it matters
    /// Without the lookup, tokens of deleted service accounts keep working until they expire.
    ///
    /// ## Remediation
    /// Remove `--service-account-lookup=false`.
    pub static RULE = {
        id: "KN042",
        name: "apiserver-service-account-lookup",
        cis: [],
        kube_cis: ["1.2.21"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    bool_flag(ctx, APISERVER, "service-account-lookup", true, true)
}
