use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That `/etc/kubernetes/pki` and everything below it (the etcd subdirectory included) is owned
    /// by `root:root`.
    ///
    /// ## Why it matters
    /// The PKI directory holds the cluster's certificate authorities and their keys; whoever
    /// controls them can mint any identity.
    ///
    /// ## Remediation
    /// `chown -R root:root /etc/kubernetes/pki/`
    pub static RULE = {
        id: "KN019",
        name: "pki-owner",
        cis: [],
        kube_cis: ["1.1.19"],
        target: File,
        severity: High,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let files = tree_files(ctx, &[PKI_DIR], "PKI files", |_| true).map(|mut paths| {
        paths.insert(0, PKI_DIR.to_string());
        paths
    });
    files_owner(ctx, files, "the PKI file")
}
