use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server names the public keys that verify service account tokens (`--service-
    /// account-key-file`).
    ///
    /// ## Why it matters
    /// An explicit key lets the signing key be rotated and keeps verification independent of the
    /// serving certificate.
    ///
    /// ## Remediation
    /// Set `--service-account-key-file` to the public key matching the controller manager's
    /// `--service-account-private-key-file`.
    pub static RULE = {
        id: "KN043",
        name: "apiserver-service-account-key-file",
        cis: [],
        kube_cis: ["1.2.22"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["service-account-key-file"])
}
