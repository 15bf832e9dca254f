use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd requires client certificates (`--client-cert-auth=true`; its default is `false`).
    ///
    /// ## Why it matters
    /// Otherwise anyone who reaches etcd's port reads and writes the whole cluster.
    ///
    /// ## Remediation
    /// Add `--client-cert-auth=true` with `--trusted-ca-file`.
    pub static RULE = {
        id: "KN062",
        name: "etcd-client-cert-auth",
        cis: [],
        kube_cis: ["2.2"],
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
        "client-cert-auth",
        "ETCD_CLIENT_CERT_AUTH",
        false,
        true,
    )
}
