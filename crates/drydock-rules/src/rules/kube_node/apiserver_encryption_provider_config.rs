use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That the API server is given an encryption configuration (`--encryption-provider-config`) so
    /// Secrets are encrypted in etcd.
    ///
    /// ## Why it matters
    /// Without it Secrets sit in etcd and its backups in clear text.
    ///
    /// ## Remediation
    /// Write an EncryptionConfiguration and pass it with `--encryption-provider-config`.
    pub static RULE = {
        id: "KN048",
        name: "apiserver-encryption-provider-config",
        cis: [],
        kube_cis: ["1.2.27"],
        target: KubeComponent,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    flags_set(ctx, APISERVER, &["encryption-provider-config"])
}
