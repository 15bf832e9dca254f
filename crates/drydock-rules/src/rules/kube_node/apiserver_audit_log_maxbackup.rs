use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server's `--audit-log-maxbackup` is at least 10 (unset means 0, no limit on
    /// rotation and none on deletion).
    ///
    /// ## Why it matters
    /// Audit records must be kept long enough, and in enough files, to investigate an incident.
    ///
    /// ## Remediation
    /// Set `--audit-log-maxbackup=10` or more.
    pub static RULE = {
        id: "KN039",
        name: "apiserver-audit-log-maxbackup",
        cis: [],
        kube_cis: ["1.2.18"],
        target: KubeComponent,
        severity: Low,
        stride: [Repudiation],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_at_least(ctx, APISERVER, "audit-log-maxbackup", 0, 10)
}
