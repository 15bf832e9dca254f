use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That `--use-service-account-credentials` is `true` (its default is `false`), so each
    /// controller acts with its own service account.
    ///
    /// ## Why it matters
    /// With one shared identity every controller holds the rights of all of them.
    ///
    /// ## Remediation
    /// Add `--use-service-account-credentials=true`.
    pub static RULE = {
        id: "KN054",
        name: "controller-manager-service-account-credentials",
        cis: [],
        kube_cis: ["1.3.3"],
        target: KubeComponent,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    bool_flag(
        ctx,
        CONTROLLER_MANAGER,
        "use-service-account-credentials",
        false,
        true,
    )
}
