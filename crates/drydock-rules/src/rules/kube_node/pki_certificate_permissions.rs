use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That every certificate (`*.crt`) below `/etc/kubernetes/pki` has no permission bit outside
    /// `644`.
    ///
    /// ## Why it matters
    /// Certificates are public, but one that others can write can be swapped for an attacker's.
    ///
    /// ## Remediation
    /// `find /etc/kubernetes/pki -name '*.crt' -exec chmod 644 {} +`
    pub static RULE = {
        id: "KN020",
        name: "pki-certificate-permissions",
        cis: [],
        kube_cis: ["1.1.20"],
        target: File,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let files = tree_files(ctx, &[PKI_DIR], "certificates", |p| {
        p.ends_with(".crt") && is_regular_file(ctx, p)
    });
    files_mode(ctx, files, "the certificate", 0o644)
}
