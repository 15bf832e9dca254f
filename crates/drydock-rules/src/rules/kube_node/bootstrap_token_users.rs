use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Shows whether bootstrap tokens are accepted (`--enable-bootstrap-token-auth`); people should
    /// not use them.
    ///
    /// ## Why it matters
    /// Bootstrap tokens are meant for joining nodes and are easily shared.
    ///
    /// ## Remediation
    /// Keep bootstrap tokens short-lived and for node joins only.
    pub static RULE = {
        id: "KN070",
        name: "bootstrap-token-users",
        cis: [],
        kube_cis: ["3.1.3"],
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
        &["enable-bootstrap-token-auth"],
        "review that bootstrap tokens are used to join nodes only",
    )
}
