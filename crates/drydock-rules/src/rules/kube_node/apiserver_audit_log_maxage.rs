use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server's `--audit-log-maxage` is at least 30 (unset means 0, no limit on
    /// rotation and none on deletion).
    ///
    /// ## Why it matters
    /// Audit records must be kept long enough, and in enough files, to investigate an incident.
    ///
    /// ## Remediation
    /// Set `--audit-log-maxage=30` or more.
    pub static RULE = {
        id: "KN038",
        name: "apiserver-audit-log-maxage",
        cis: [],
        kube_cis: ["1.2.17"],
        target: KubeComponent,
        severity: Low,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_at_least(ctx, APISERVER, "audit-log-maxage", 0, 30)
}
