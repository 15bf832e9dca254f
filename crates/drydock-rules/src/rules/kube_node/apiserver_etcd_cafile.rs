use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server verifies etcd's certificate (`--etcd-cafile`).
    ///
    /// ## Why it matters
    /// Without it the API server would talk to whatever answers at the etcd address.
    ///
    /// ## Remediation
    /// Set `--etcd-cafile` to etcd's CA.
    pub static RULE = {
        id: "KN047",
        name: "apiserver-etcd-cafile",
        cis: [],
        kube_cis: ["1.2.26"],
        target: KubeComponent,
        severity: High,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["etcd-cafile"])
}
