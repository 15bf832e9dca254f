use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd requires certificates from its peers (`--peer-client-cert-auth=true`; its default
    /// is `false`).
    ///
    /// ## Why it matters
    /// Otherwise any host can join the etcd cluster as a member and receive all data.
    ///
    /// ## Remediation
    /// Add `--peer-client-cert-auth=true` with `--peer-trusted-ca-file`.
    pub static RULE = {
        id: "KN065",
        name: "etcd-peer-client-cert-auth",
        cis: [],
        kube_cis: ["2.5"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_bool(
        ctx,
        "peer-client-cert-auth",
        "ETCD_PEER_CLIENT_CERT_AUTH",
        false,
        true,
    )
}
