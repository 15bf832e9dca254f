use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Shows whether the API server accepts client certificates (`--client-ca-file`), which people
    /// should not use to log in.
    ///
    /// ## Why it matters
    /// Client certificates cannot be revoked, so a leaked one works until it expires.
    ///
    /// ## Remediation
    /// Authenticate people with OIDC or a webhook; keep certificates for components.
    pub static RULE = {
        id: "KN068",
        name: "client-certificate-users",
        cis: [],
        kube_cis: ["3.1.1"],
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
        &["client-ca-file"],
        "review who logs in with client certificates; people should use OIDC or a webhook",
    )
}
