use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `ServiceAccount` admission plugin runs (on by default, so it fails only when
    /// disabled).
    ///
    /// ## Why it matters
    /// It gives each pod a service account and keeps pods from naming accounts that do not exist.
    ///
    /// ## Remediation
    /// Remove `ServiceAccount` from `--disable-admission-plugins`.
    pub static RULE = {
        id: "KN033",
        name: "apiserver-service-account-plugin",
        cis: [],
        kube_cis: ["1.2.12"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "ServiceAccount", true)
}
