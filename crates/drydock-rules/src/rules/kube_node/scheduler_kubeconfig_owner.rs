use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the scheduler's kubeconfig is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can read or replace the component's credentials.
    ///
    /// ## Remediation
    /// `chown root:root /etc/kubernetes/scheduler.conf`
    pub static RULE = {
        id: "KN016",
        name: "scheduler-kubeconfig-owner",
        cis: [],
        kube_cis: ["1.1.16"],
        target: File,
        severity: Medium,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths = vec![SCHEDULER_CONF.to_string()];
    files_owner(
        ctx,
        present_files(ctx, &paths, "the scheduler's kubeconfig"),
        "the scheduler's kubeconfig",
    )
}
