use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// Shows the API server's `--request-timeout` (default `1m0s`) for a person to judge.
    ///
    /// ## Why it matters
    /// Too long a timeout lets slow clients hold connections; too short a one breaks large list and
    /// watch requests.
    ///
    /// ## Remediation
    /// Set `--request-timeout` to what your largest legitimate requests need.
    pub static RULE = {
        id: "KN041",
        name: "apiserver-request-timeout",
        cis: [],
        kube_cis: ["1.2.20"],
        target: KubeComponent,
        severity: Info,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_for_review(
        ctx,
        APISERVER,
        "request-timeout",
        "1m0s",
        "confirm it suits the cluster",
    )
}
