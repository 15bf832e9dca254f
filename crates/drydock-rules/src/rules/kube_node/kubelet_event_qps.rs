use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Shows the kubelet's effective `eventRecordQPS` (default 50; 0 means no limit) for a person
    /// to judge.
    ///
    /// ## Why it matters
    /// Too low a limit drops events an investigation needs; none at all lets a noisy node flood the
    /// API server.
    ///
    /// ## Remediation
    /// Set `eventRecordQPS` to a rate that captures the node's events.
    pub static RULE = {
        id: "KN090",
        name: "kubelet-event-qps",
        cis: [],
        kube_cis: ["4.2.8"],
        target: KubeComponent,
        severity: Info,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let (setting, kubelet) = match kubelet_setting(ctx, "event-qps") {
        Ok(found) => found,
        Err(outcomes) => return outcomes,
    };
    let shown = setting.value.clone().unwrap_or_else(|| "not set".into());
    vec![Outcome::manual(kubelet.object(), format!("the kubelet records events at {shown} per second; confirm the rate captures what you need"))
        .with(kubelet_evidence(kubelet, "event-qps", &setting, "a rate that suits the node"))]
}
