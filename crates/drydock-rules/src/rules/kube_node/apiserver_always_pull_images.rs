use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `AlwaysPullImages` admission plugin runs (off by default).
    ///
    /// ## Why it matters
    /// Without it, a pod of one tenant can run a private image another tenant's credentials pulled
    /// onto the node.
    ///
    /// ## Remediation
    /// Add `AlwaysPullImages` to `--enable-admission-plugins` (registry availability then matters
    /// at every pod start).
    pub static RULE = {
        id: "KN032",
        name: "apiserver-always-pull-images",
        cis: [],
        kube_cis: ["1.2.11"],
        target: KubeComponent,
        severity: Medium,
        stride: [InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "AlwaysPullImages", true)
}
