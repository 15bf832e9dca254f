use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::daemon::feature_gate;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the `RotateKubeletServerCertificate` feature gate of the controller manager is not
    /// turned off (it is on by default).
    ///
    /// ## Why it matters
    /// Kubelet serving certificates that are not rotated stay valid after a node is compromised.
    ///
    /// ## Remediation
    /// Remove `RotateKubeletServerCertificate=false` from `--feature-gates`.
    pub static RULE = {
        id: "KN057",
        name: "controller-manager-rotate-kubelet-server-certificate",
        cis: [],
        kube_cis: ["1.3.6"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, CONTROLLER_MANAGER, |_, c| {
        let flag = c.flag("feature-gates");
        let value = flag.and_then(|f| feature_gate(&f.value, "RotateKubeletServerCertificate"));
        let evidence = Evidence::new(
            "RotateKubeletServerCertificate",
            value
                .clone()
                .unwrap_or_else(|| "not set (on by default)".into()),
        )
        .expected("not false")
        .source(flag.map_or_else(|| c.source(), |f| format!("{} in {}", f.text, c.source())));
        let outcome = match value.as_deref().map(parse_go_bool) {
            Some(Some(false)) => Outcome::fail(
                c.object(),
                "the RotateKubeletServerCertificate feature gate is off",
            ),
            Some(None) => Outcome::unknown(
                c.object(),
                "the RotateKubeletServerCertificate feature gate has a value that is not a boolean",
            ),
            _ => Outcome::pass(
                c.object(),
                "the RotateKubeletServerCertificate feature gate is on",
            ),
        };
        vec![outcome.with(evidence)]
    })
}
