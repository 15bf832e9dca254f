use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server serves TLS with a named certificate and key (`--tls-cert-file` and
    /// `--tls-private-key-file`).
    ///
    /// ## Why it matters
    /// Without them the API server makes up a self-signed certificate that clients cannot verify.
    ///
    /// ## Remediation
    /// Set `--tls-cert-file` and `--tls-private-key-file`.
    pub static RULE = {
        id: "KN045",
        name: "apiserver-tls-certificate",
        cis: [],
        kube_cis: ["1.2.24"],
        target: KubeComponent,
        severity: High,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["tls-cert-file", "tls-private-key-file"])
}
