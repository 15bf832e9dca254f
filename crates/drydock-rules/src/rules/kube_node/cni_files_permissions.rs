use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That every file below `/etc/cni/net.d` and `/var/lib/cni/networks` (CNI configuration and IP
    /// allocations) has no permission bit outside `600`.
    ///
    /// ## Why it matters
    /// The CNI configuration decides how every pod is wired to the network; a writable copy lets a
    /// local user re-route or isolate pods.
    ///
    /// ## Remediation
    /// `chmod 600` each file below `/etc/cni/net.d` and `/var/lib/cni/networks`.
    pub static RULE = {
        id: "KN009",
        name: "cni-files-permissions",
        cis: [],
        kube_cis: ["1.1.9"],
        target: File,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let files = tree_files(ctx, &CNI_DIRS, "CNI files", |p| is_regular_file(ctx, p));
    files_mode(ctx, files, "the CNI file", 0o600)
}
