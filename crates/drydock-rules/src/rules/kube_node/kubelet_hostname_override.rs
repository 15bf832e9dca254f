use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the kubelet is not started with `--hostname-override` (a flag only; it has no
    /// configuration field).
    ///
    /// ## Why it matters
    /// An overridden name can break TLS between the API server and the kubelet, whose certificate
    /// names the real host.
    ///
    /// ## Remediation
    /// Remove `--hostname-override` from the kubelet's flags (unit, drop-ins, `kubeadm-flags.env`,
    /// `/etc/default/kubelet`).
    pub static RULE = {
        id: "KN089",
        name: "kubelet-hostname-override",
        cis: [],
        kube_cis: ["4.2.7"],
        target: KubeComponent,
        severity: Low,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flag_absent(ctx, KUBELET, "hostname-override")
}
