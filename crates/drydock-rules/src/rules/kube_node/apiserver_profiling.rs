use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server's `--profiling` is `false` (the default is `true`).
    ///
    /// ## Why it matters
    /// Profiling endpoints expose internals and can be used to slow the server down.
    ///
    /// ## Remediation
    /// Add `--profiling=false`.
    pub static RULE = {
        id: "KN036",
        name: "apiserver-profiling",
        cis: [],
        kube_cis: ["1.2.15"],
        target: KubeComponent,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    bool_flag(ctx, APISERVER, "profiling", true, false)
}
