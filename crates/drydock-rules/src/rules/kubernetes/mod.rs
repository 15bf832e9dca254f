//! Rules on Kubernetes manifests: the Pod Security Standards and the manifest-checkable CIS
//! Kubernetes 1.12 policies. One file per rule.

pub mod rbac;
pub mod readonly_rootfs;
pub mod workload;

pub mod apparmor;
pub mod bind_escalate_impersonate;
pub mod capabilities_baseline;
pub mod capabilities_restricted;
pub mod cluster_admin_binding;
pub mod create_persistent_volumes;
pub mod create_pods;
pub mod csr_approval;
pub mod default_namespace;
pub mod default_service_account;
pub mod host_namespaces;
pub mod host_ports;
pub mod host_probes;
pub mod host_process;
pub mod hostpath_volumes;
pub mod image_floating;
pub mod image_known_vulnerabilities;
pub mod manifest_invalid;
pub mod namespace_network_policy;
pub mod no_resource_limits;
pub mod nodes_proxy;
pub mod privilege_escalation;
pub mod privileged;
pub mod proc_mount;
pub mod proc_mount_restricted;
pub mod run_as_non_root;
pub mod run_as_user;
pub mod seccomp_restricted;
pub mod seccomp_unconfined;
pub mod secret_literal_in_env;
pub mod secrets_access;
pub mod secrets_in_env;
pub mod selinux;
pub mod sysctls;
pub mod system_masters;
pub mod token_automount;
pub mod token_creation;
pub mod volume_types;
pub mod webhook_configs;
pub mod wildcards;

/// Every Kubernetes rule.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    vec![
        &apparmor::RULE,
        &bind_escalate_impersonate::RULE,
        &capabilities_baseline::RULE,
        &capabilities_restricted::RULE,
        &cluster_admin_binding::RULE,
        &create_persistent_volumes::RULE,
        &create_pods::RULE,
        &csr_approval::RULE,
        &default_namespace::RULE,
        &default_service_account::RULE,
        &host_namespaces::RULE,
        &host_ports::RULE,
        &host_probes::RULE,
        &host_process::RULE,
        &hostpath_volumes::RULE,
        &image_floating::RULE,
        &image_known_vulnerabilities::RULE,
        &manifest_invalid::RULE,
        &namespace_network_policy::RULE,
        &no_resource_limits::RULE,
        &nodes_proxy::RULE,
        &privilege_escalation::RULE,
        &privileged::RULE,
        &proc_mount::RULE,
        &proc_mount_restricted::RULE,
        &run_as_non_root::RULE,
        &run_as_user::RULE,
        &seccomp_restricted::RULE,
        &seccomp_unconfined::RULE,
        &secrets_access::RULE,
        &secrets_in_env::RULE,
        &secret_literal_in_env::RULE,
        &readonly_rootfs::RULE,
        &selinux::RULE,
        &sysctls::RULE,
        &system_masters::RULE,
        &token_automount::RULE,
        &token_creation::RULE,
        &volume_types::RULE,
        &webhook_configs::RULE,
        &wildcards::RULE,
    ]
}
