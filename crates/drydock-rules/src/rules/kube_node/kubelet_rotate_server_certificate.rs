use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's `RotateKubeletServerCertificate` feature gate is not turned off
    /// (`--feature-gates` per gate over `featureGates` in its files; on by default).
    ///
    /// ## Why it matters
    /// Serving certificates that are never rotated stay valid after a compromise.
    ///
    /// ## Remediation
    /// Remove `RotateKubeletServerCertificate: false` from `featureGates` and the flag.
    pub static RULE = {
        id: "KN093",
        name: "kubelet-rotate-server-certificate",
        cis: [],
        kube_cis: ["4.2.11"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let Some(node) = ctx.node() else {
        return Vec::new();
    };
    let Some(kubelet) = node.component(KUBELET) else {
        return vec![Outcome::not_applicable(
            ObjectRef::kube_component(KUBELET),
            node.absence(KUBELET),
        )];
    };
    let config = match &node.kubelet {
        Some(Ok(config)) => config,
        Some(Err(problem)) => {
            return vec![Outcome::unknown(
                kubelet.object(),
                format!("the kubelet's configuration could not be read: {problem}"),
            )];
        }
        None => return Vec::new(),
    };
    match config.feature_gate("RotateKubeletServerCertificate") {
        Err(problem) => vec![Outcome::unknown(
            kubelet.object(),
            format!("the kubelet would refuse its configuration: {problem}"),
        )],
        Ok(None) => vec![
            Outcome::pass(
                kubelet.object(),
                "the RotateKubeletServerCertificate feature gate is on by default",
            )
            .with(
                Evidence::new("RotateKubeletServerCertificate", "not set (on by default)")
                    .expected("not false"),
            ),
        ],
        Ok(Some(setting)) => {
            let value = setting.value.clone().unwrap_or_default();
            let evidence = Evidence::new("RotateKubeletServerCertificate", value.clone())
                .expected("not false")
                .source(kubelet_source(kubelet, &setting.source));
            let outcome = match parse_go_bool(&value) {
                Some(false) => Outcome::fail(
                    kubelet.object(),
                    "the RotateKubeletServerCertificate feature gate is off",
                ),
                Some(true) => Outcome::pass(
                    kubelet.object(),
                    "the RotateKubeletServerCertificate feature gate is on",
                ),
                None => Outcome::unknown(
                    kubelet.object(),
                    format!(
                        "the RotateKubeletServerCertificate feature gate is `{value}`, not a boolean"
                    ),
                ),
            };
            vec![outcome.with(evidence)]
        }
    }
}
