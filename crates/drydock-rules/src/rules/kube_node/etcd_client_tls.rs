use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd serves clients over TLS (`--cert-file` and `--key-file`, or `ETCD_CERT_FILE` and
    /// `ETCD_KEY_FILE`, or its `--config-file`).
    ///
    /// ## Why it matters
    /// Without TLS, everything the API server stores and reads crosses the network in clear text.
    ///
    /// ## Remediation
    /// Set `--cert-file` and `--key-file`.
    pub static RULE = {
        id: "KN061",
        name: "etcd-client-tls",
        cis: [],
        kube_cis: ["2.1"],
        target: KubeComponent,
        severity: High,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_set(
        ctx,
        &[
            ("cert-file", "ETCD_CERT_FILE"),
            ("key-file", "ETCD_KEY_FILE"),
        ],
    )
}
