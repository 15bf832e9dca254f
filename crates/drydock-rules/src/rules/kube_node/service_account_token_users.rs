use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Shows how service account tokens are verified (`--service-account-key-file`, `--service-
    /// account-issuer`); people should not log in with them.
    ///
    /// ## Why it matters
    /// Service account tokens are meant for workloads; shared by people they leave no trace of who
    /// acted.
    ///
    /// ## Remediation
    /// Give people their own identities through OIDC or a webhook.
    pub static RULE = {
        id: "KN069",
        name: "service-account-token-users",
        cis: [],
        kube_cis: ["3.1.2"],
        target: KubeComponent,
        severity: Info,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_for_review(
        ctx,
        APISERVER,
        &["service-account-key-file", "service-account-issuer"],
        "review that no person logs in with a service account token",
    )
}
