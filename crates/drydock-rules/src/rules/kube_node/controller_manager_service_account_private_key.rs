use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the controller manager names the key that signs service account tokens (`--service-
    /// account-private-key-file`).
    ///
    /// ## Why it matters
    /// A named key can be rotated and matched with the API server's verification keys.
    ///
    /// ## Remediation
    /// Set `--service-account-private-key-file`.
    pub static RULE = {
        id: "KN055",
        name: "controller-manager-service-account-private-key",
        cis: [],
        kube_cis: ["1.3.4"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(
        ctx,
        CONTROLLER_MANAGER,
        &["service-account-private-key-file"],
    )
}
