use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `EventRateLimit` admission plugin runs (off by default).
    ///
    /// ## Why it matters
    /// A flood of events can otherwise overwhelm the API server and etcd.
    ///
    /// ## Remediation
    /// Add `EventRateLimit` to `--enable-admission-plugins` and give it a configuration with
    /// `--admission-control-config-file`.
    pub static RULE = {
        id: "KN030",
        name: "apiserver-event-rate-limit",
        cis: [],
        kube_cis: ["1.2.9"],
        target: KubeComponent,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "EventRateLimit", true)
}
