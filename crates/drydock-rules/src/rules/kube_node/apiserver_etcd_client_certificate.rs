use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server authenticates to etcd with a client certificate (`--etcd-certfile` and
    /// `--etcd-keyfile`).
    ///
    /// ## Why it matters
    /// etcd holds all cluster state; it should accept only the API server, proven by certificate.
    ///
    /// ## Remediation
    /// Set `--etcd-certfile` and `--etcd-keyfile`.
    pub static RULE = {
        id: "KN044",
        name: "apiserver-etcd-client-certificate",
        cis: [],
        kube_cis: ["1.2.23"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["etcd-certfile", "etcd-keyfile"])
}
