use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the scheduler's `--bind-address` is `127.0.0.1`. Its default is `0.0.0.0`, so a missing
    /// flag fails.
    ///
    /// ## Why it matters
    /// Its health and metrics port should not be reachable from the network.
    ///
    /// ## Remediation
    /// Add `--bind-address=127.0.0.1`.
    pub static RULE = {
        id: "KN060",
        name: "scheduler-bind-address",
        cis: [],
        kube_cis: ["1.4.2"],
        target: KubeComponent,
        severity: Medium,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_equals(ctx, SCHEDULER, "bind-address", "0.0.0.0", "127.0.0.1")
}
