use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd does not use self-signed peer certificates (`--peer-auto-tls` is not `true`).
    ///
    /// ## Why it matters
    /// Self-signed peer certificates cannot be verified.
    ///
    /// ## Remediation
    /// Remove `--peer-auto-tls=true`.
    pub static RULE = {
        id: "KN066",
        name: "etcd-peer-auto-tls",
        cis: [],
        kube_cis: ["2.6"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_bool(ctx, "peer-auto-tls", "ETCD_PEER_AUTO_TLS", false, false)
}
