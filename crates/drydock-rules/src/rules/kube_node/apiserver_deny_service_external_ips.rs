use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the `DenyServiceExternalIPs` admission plugin runs (it is off by default).
    ///
    /// ## Why it matters
    /// Anyone who may create a Service can otherwise claim an external IP and intercept traffic
    /// meant for it (CVE-2020-8554).
    ///
    /// ## Remediation
    /// Add `DenyServiceExternalIPs` to `--enable-admission-plugins`.
    pub static RULE = {
        id: "KN024",
        name: "apiserver-deny-service-external-ips",
        cis: [],
        kube_cis: ["1.2.3"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    admission_plugin(ctx, "DenyServiceExternalIPs", true)
}
