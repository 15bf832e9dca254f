use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the scheduler's kubeconfig (`/etc/kubernetes/scheduler.conf`) has no permission bit
    /// outside `600`.
    ///
    /// ## Why it matters
    /// It holds a client certificate and key with the component's broad rights over the cluster.
    ///
    /// ## Remediation
    /// `chmod 600 /etc/kubernetes/scheduler.conf`
    pub static RULE = {
        id: "KN015",
        name: "scheduler-kubeconfig-permissions",
        cis: [],
        kube_cis: ["1.1.15"],
        target: File,
        severity: High,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let paths = vec![SCHEDULER_CONF.to_string()];
    files_mode(
        ctx,
        present_files(ctx, &paths, "the scheduler's kubeconfig"),
        "the scheduler's kubeconfig",
        0o600,
    )
}
