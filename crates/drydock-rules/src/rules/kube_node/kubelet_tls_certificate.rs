use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet serves with a named certificate and key (`tlsCertFile` and
    /// `tlsPrivateKeyFile`, or the flags).
    ///
    /// ## Why it matters
    /// Without them the kubelet serves a self-signed certificate nobody can verify (unless
    /// `serverTLSBootstrap` gets it a signed one).
    ///
    /// ## Remediation
    /// Set `tlsCertFile` and `tlsPrivateKeyFile`, or enable `serverTLSBootstrap` and approve the
    /// node's serving certificate requests.
    pub static RULE = {
        id: "KN091",
        name: "kubelet-tls-certificate",
        cis: [],
        kube_cis: ["4.2.9"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let (cert, kubelet) = match kubelet_setting(ctx, "tls-cert-file") {
        Ok(found) => found,
        Err(outcomes) => return outcomes,
    };
    let key = match kubelet_setting(ctx, "tls-private-key-file") {
        Ok((key, _)) => key,
        Err(outcomes) => return outcomes,
    };
    let set = |s: &drydock_settings::kubelet::EffectiveSetting| {
        s.value.as_deref().is_some_and(|v| !v.is_empty())
    };
    let evidence = [
        kubelet_evidence(kubelet, "tls-cert-file", &cert, "a certificate file"),
        kubelet_evidence(kubelet, "tls-private-key-file", &key, "a key file"),
    ];
    let outcome = if set(&cert) && set(&key) {
        Outcome::pass(
            kubelet.object(),
            "the kubelet serves with a named certificate and key",
        )
    } else {
        Outcome::fail(
            kubelet.object(),
            "the kubelet names no serving certificate and key",
        )
    };
    vec![outcome.with_all(evidence)]
}
