use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That every file below `/etc/cni/net.d` and `/var/lib/cni/networks` is owned by `root:root`.
    ///
    /// ## Why it matters
    /// Another owner can change the pod network's configuration without root.
    ///
    /// ## Remediation
    /// `chown root:root` each file below `/etc/cni/net.d` and `/var/lib/cni/networks`.
    pub static RULE = {
        id: "KN010",
        name: "cni-files-owner",
        cis: [],
        kube_cis: ["1.1.10"],
        target: File,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let files = tree_files(ctx, &CNI_DIRS, "CNI files", |p| is_regular_file(ctx, p));
    files_owner(ctx, files, "the CNI file")
}
