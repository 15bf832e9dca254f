use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That `--tls-cipher-suites` of the API server lists only strong suites (AEAD suites with
    /// forward secrecy, and the TLS 1.3 ones).
    ///
    /// ## Why it matters
    /// An unset list leaves Go's defaults, which still offer CBC suites; a weak suite lets an
    /// attacker who can watch traffic attack it.
    ///
    /// ## Remediation
    /// Set `--tls-cipher-suites` to a list of strong suites, e.g. `TLS_ECDHE_ECDSA_WITH_AES_128_GCM
    /// _SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_EC
    /// DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CH
    /// ACHA20_POLY1305`.
    pub static RULE = {
        id: "KN050",
        name: "apiserver-tls-cipher-suites",
        cis: [],
        kube_cis: ["1.2.29"],
        target: KubeComponent,
        severity: Medium,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, APISERVER, |_, c| {
        let flag = c.flag("tls-cipher-suites");
        let source = flag.map_or_else(|| c.source(), |f| format!("{} in {}", f.text, c.source()));
        vec![ciphers_within(
            c.object(),
            flag.map(|f| f.value.as_str()),
            source,
            APISERVER_STRONG_CIPHERS,
        )]
    })
}
