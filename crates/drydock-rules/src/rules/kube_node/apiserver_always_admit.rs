use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `AlwaysAdmit` admission plugin does not run.
    ///
    /// ## Why it matters
    /// It admits every request, bypassing the checks of the other plugins.
    ///
    /// ## Remediation
    /// Remove `AlwaysAdmit` from `--enable-admission-plugins`.
    pub static RULE = {
        id: "KN031",
        name: "apiserver-always-admit",
        cis: [],
        kube_cis: ["1.2.10"],
        target: KubeComponent,
        severity: High,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "AlwaysAdmit", false)
}
