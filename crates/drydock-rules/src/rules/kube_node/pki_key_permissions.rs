use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That every private key (`*.key`) below `/etc/kubernetes/pki` has no permission bit outside
    /// `600`.
    ///
    /// ## Why it matters
    /// A readable CA or service-account signing key lets its reader impersonate any user, node or
    /// service account.
    ///
    /// ## Remediation
    /// `find /etc/kubernetes/pki -name '*.key' -exec chmod 600 {} +`
    pub static RULE = {
        id: "KN021",
        name: "pki-key-permissions",
        cis: [],
        kube_cis: ["1.1.21"],
        target: File,
        severity: Critical,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let files = tree_files(ctx, &[PKI_DIR], "private keys", |p| {
        p.ends_with(".key") && is_regular_file(ctx, p)
    });
    files_mode(ctx, files, "the private key", 0o600)
}
