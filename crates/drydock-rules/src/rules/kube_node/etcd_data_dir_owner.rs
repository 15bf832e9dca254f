use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That etcd's data directory is owned by the `etcd` user and group, judged by the names the
    /// node's `/etc/passwd` and `/etc/group` give the ids. kubeadm creates it `root:root`, which
    /// fails by design of the benchmark.
    ///
    /// ## Why it matters
    /// A dedicated owner keeps the cluster's data away from other services that run as root-
    /// equivalent accounts, and from any account but etcd's.
    ///
    /// ## Remediation
    /// Create an `etcd` user and group, then `chown etcd:etcd <data-dir>` and run etcd as that
    /// user.
    pub static RULE = {
        id: "KN012",
        name: "etcd-data-dir-owner",
        cis: [],
        kube_cis: ["1.1.12"],
        target: File,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    etcd_data_dir_files(ctx, |paths| {
        files_owner_etcd(ctx, paths, "etcd's data directory")
    })
}
