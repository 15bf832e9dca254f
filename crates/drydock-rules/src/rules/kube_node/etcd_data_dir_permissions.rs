use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd's data directory (its `--data-dir` or `ETCD_DATA_DIR`) has no permission bit
    /// outside `700`.
    ///
    /// ## Why it matters
    /// The data directory holds every object of the cluster, Secrets included, unencrypted unless
    /// encryption at rest is configured.
    ///
    /// ## Remediation
    /// `chmod 700 <data-dir>` (kubeadm: `/var/lib/etcd`).
    pub static RULE = {
        id: "KN011",
        name: "etcd-data-dir-permissions",
        cis: [],
        kube_cis: ["1.1.11"],
        target: File,
        severity: High,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_data_dir_files(ctx, |paths| {
        files_mode(ctx, paths, "etcd's data directory", 0o700)
    })
}
