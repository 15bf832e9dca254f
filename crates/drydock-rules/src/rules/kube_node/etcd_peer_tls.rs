use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd members talk to each other over TLS (`--peer-cert-file` and `--peer-key-file`).
    ///
    /// ## Why it matters
    /// Replication traffic carries every object of the cluster.
    ///
    /// ## Remediation
    /// Set `--peer-cert-file` and `--peer-key-file`.
    pub static RULE = {
        id: "KN064",
        name: "etcd-peer-tls",
        cis: [],
        kube_cis: ["2.4"],
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
            ("peer-cert-file", "ETCD_PEER_CERT_FILE"),
            ("peer-key-file", "ETCD_PEER_KEY_FILE"),
        ],
    )
}
