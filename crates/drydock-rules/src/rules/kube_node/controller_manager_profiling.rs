use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the controller manager's `--profiling` is `false` (the default is `true`).
    ///
    /// ## Why it matters
    /// Profiling endpoints expose internals and can be used to slow the component down.
    ///
    /// ## Remediation
    /// Add `--profiling=false`.
    pub static RULE = {
        id: "KN053",
        name: "controller-manager-profiling",
        cis: [],
        kube_cis: ["1.3.2"],
        target: KubeComponent,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    bool_flag(ctx, CONTROLLER_MANAGER, "profiling", true, false)
}
