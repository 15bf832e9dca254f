use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's `streamingConnectionIdleTimeout` is not zero (zero keeps idle exec and
    /// port-forward connections forever; the default is 4h).
    ///
    /// ## Why it matters
    /// Idle streaming connections that never close exhaust the node and keep sessions open for
    /// whoever hijacks them.
    ///
    /// ## Remediation
    /// Set `streamingConnectionIdleTimeout` to a duration such as `5m`.
    pub static RULE = {
        id: "KN087",
        name: "kubelet-streaming-idle-timeout",
        cis: [],
        kube_cis: ["4.2.5"],
        target: KubeComponent,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    kubelet_judge(
        ctx,
        "streaming-connection-idle-timeout",
        "a non-zero duration",
        |v| v.is_some_and(|d| !is_zero_duration(d)),
    )
}
