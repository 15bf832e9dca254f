use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `NamespaceLifecycle` admission plugin runs (on by default).
    ///
    /// ## Why it matters
    /// It refuses objects in namespaces that are being deleted or do not exist, and protects the
    /// system namespaces.
    ///
    /// ## Remediation
    /// Remove `NamespaceLifecycle` from `--disable-admission-plugins`.
    pub static RULE = {
        id: "KN034",
        name: "apiserver-namespace-lifecycle",
        cis: [],
        kube_cis: ["1.2.13"],
        target: KubeComponent,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "NamespaceLifecycle", true)
}
