use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd does not use self-signed client certificates (`--auto-tls` is not `true`; its
    /// default is `false`).
    ///
    /// ## Why it matters
    /// Self-signed certificates cannot be verified, so clients cannot tell etcd from an impostor.
    ///
    /// ## Remediation
    /// Remove `--auto-tls=true`.
    pub static RULE = {
        id: "KN063",
        name: "etcd-auto-tls",
        cis: [],
        kube_cis: ["2.3"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_bool(ctx, "auto-tls", "ETCD_AUTO_TLS", false, false)
}
