use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the kubelet's `tlsCipherSuites` lists only strong suites (AEAD with forward secrecy).
    ///
    /// ## Why it matters
    /// An unset list leaves Go's defaults, which still include CBC suites.
    ///
    /// ## Remediation
    /// Set `tlsCipherSuites` to strong suites only, e.g. `[TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    /// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    /// TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,
    /// TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]`.
    pub static RULE = {
        id: "KN094",
        name: "kubelet-tls-cipher-suites",
        cis: [],
        kube_cis: ["4.2.12"],
        target: KubeComponent,
        severity: Medium,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let (setting, kubelet) = match kubelet_setting(ctx, "tls-cipher-suites") {
        Ok(found) => found,
        Err(outcomes) => return outcomes,
    };
    vec![ciphers_within(
        kubelet.object(),
        setting.value.as_deref(),
        kubelet_source(kubelet, &setting.source),
        KUBELET_STRONG_CIPHERS,
    )]
}
