//! Node filesystems for the `--kubernetes` tests: the fixture trees under
//! `tests/fixtures/node/`, laid over each other in a temporary root with the modes and owners
//! a real install leaves (git keeps neither).

use std::fs;
use std::os::unix::fs::{PermissionsExt, chown};
use std::path::Path;

use super::repo_root;

pub fn fixture(name: &str) -> std::path::PathBuf {
    repo_root()
        .join("crates/drydock/tests/fixtures/node")
        .join(name)
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Modes and owners as kubeadm and the kubelet package leave them.
pub const KUBEADM_MODES: &[(&str, u32, u32, u32)] = &[
    ("etc/kubernetes/manifests/kube-apiserver.yaml", 0o600, 0, 0),
    (
        "etc/kubernetes/manifests/kube-controller-manager.yaml",
        0o600,
        0,
        0,
    ),
    ("etc/kubernetes/manifests/kube-scheduler.yaml", 0o600, 0, 0),
    ("etc/kubernetes/manifests/etcd.yaml", 0o600, 0, 0),
    ("etc/kubernetes/admin.conf", 0o600, 0, 0),
    ("etc/kubernetes/super-admin.conf", 0o600, 0, 0),
    ("etc/kubernetes/scheduler.conf", 0o600, 0, 0),
    ("etc/kubernetes/controller-manager.conf", 0o600, 0, 0),
    ("etc/kubernetes/kubelet.conf", 0o600, 0, 0),
    ("etc/kubernetes/pki", 0o755, 0, 0),
    ("var/lib/etcd", 0o700, 0, 0),
    ("usr/lib/systemd/system/kubelet.service", 0o644, 0, 0),
    (
        "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        0o644,
        0,
        0,
    ),
    ("var/lib/kubelet/config.yaml", 0o644, 0, 0),
    ("etc/cni/net.d/10-flannel.conflist", 0o644, 0, 0),
];

/// What a careful operator changes on top of kubeadm.
pub const HARDENED_MODES: &[(&str, u32, u32, u32)] = &[
    ("var/lib/etcd", 0o700, 998, 998),
    ("usr/lib/systemd/system/kubelet.service", 0o600, 0, 0),
    (
        "usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        0o600,
        0,
        0,
    ),
    ("var/lib/kubelet/config.yaml", 0o600, 0, 0),
    ("etc/cni/net.d/10-flannel.conflist", 0o600, 0, 0),
];

/// Loosened modes: numerically small but with the wrong bits, a foreign owner, a world-readable
/// key.
pub const INSECURE_MODES: &[(&str, u32, u32, u32)] = &[
    (
        "etc/kubernetes/manifests/kube-apiserver.yaml",
        0o606,
        1000,
        0,
    ),
    ("etc/kubernetes/admin.conf", 0o640, 0, 0),
    ("etc/kubernetes/pki/sa.key", 0o604, 0, 0),
    ("etc/kubernetes/pki/ca.crt", 0o664, 1000, 0),
    ("var/lib/etcd", 0o750, 0, 0),
];

pub fn build_root(trees: &[&str], modes: &[&[(&str, u32, u32, u32)]]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for tree in trees {
        copy_tree(&fixture(tree), dir.path());
    }
    if trees.contains(&"kubeadm") {
        // Keys are 0600 and certificates 0644, as kubeadm writes them.
        set_pki_modes(&dir.path().join("etc/kubernetes/pki"));
    }
    for list in modes {
        for (path, mode, uid, gid) in *list {
            let p = dir.path().join(path);
            fs::set_permissions(&p, fs::Permissions::from_mode(*mode)).unwrap();
            chown(&p, Some(*uid), Some(*gid)).unwrap();
        }
    }
    dir
}

pub fn set_pki_modes(dir: &Path) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            set_pki_modes(&path);
        } else {
            let key = path.extension().is_some_and(|e| e == "key");
            let mode = if key { 0o600 } else { 0o644 };
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        }
    }
}

/// A worker as its operator left it: a world-readable kube-proxy kubeconfig owned by a user.
pub const WORKER_MODES: &[(&str, u32, u32, u32)] = &[
    ("etc/kube-proxy/kubeconfig", 0o644, 1000, 1000),
    ("etc/kubelet/kubelet-config.yaml", 0o600, 0, 0),
    ("etc/systemd/system/kubelet.service", 0o600, 0, 0),
];

/// Every file with the wrong owner, manifests and kubeconfigs readable by others.
pub const CARELESS_MODES: &[(&str, u32, u32, u32)] = &[
    (
        "etc/kubernetes/manifests/kube-controller-manager.yaml",
        0o644,
        1000,
        0,
    ),
    (
        "etc/kubernetes/manifests/kube-scheduler.yaml",
        0o644,
        0,
        1000,
    ),
    ("etc/kubernetes/manifests/etcd.yaml", 0o640, 1000, 1000),
    ("etc/kubernetes/admin.conf", 0o600, 1000, 0),
    ("etc/kubernetes/scheduler.conf", 0o640, 1000, 0),
    ("etc/kubernetes/controller-manager.conf", 0o604, 0, 1000),
    ("etc/kubernetes/kubelet.conf", 0o600, 1000, 0),
    ("etc/kubernetes/pki/ca.crt", 0o644, 1000, 0),
    ("etc/cni/net.d/10-flannel.conflist", 0o600, 0, 1000),
    ("usr/lib/systemd/system/kubelet.service", 0o600, 1000, 0),
    ("var/lib/kubelet/config.yaml", 0o600, 0, 1000),
];

/// The modes of a named install (`kubeadm`, `hardened`, `insecure`, `worker`, `careless`).
pub fn modes_named(name: &str) -> &'static [(&'static str, u32, u32, u32)] {
    match name {
        "kubeadm" => KUBEADM_MODES,
        "hardened" => HARDENED_MODES,
        "insecure" => INSECURE_MODES,
        "worker" => WORKER_MODES,
        "careless" => CARELESS_MODES,
        other => panic!("no modes named {other}"),
    }
}

/// `drydock audit --kubernetes` of a node root alone (no Docker host, no files), as JSON.
pub fn audit_node_command(root: &Path) -> std::process::Command {
    let mut cmd = super::drydock();
    cmd.args([
        "audit",
        "--kubernetes",
        "--no-docker",
        "--no-files",
        "--format",
        "json",
        "-q",
        "--root",
    ])
    .arg(root);
    cmd
}
