//! Rules on compose services: one file per rule.

pub mod service;

pub mod admin_port;
pub mod apparmor_unconfined;
pub mod capabilities_added;
pub mod capabilities_not_dropped;
pub mod cgroup_parent;
pub mod default_bridge;
pub mod docker_socket;
pub mod file_invalid;
pub mod healthcheck_disabled;
pub mod host_devices;
pub mod host_ipc;
pub mod host_network;
pub mod host_pid;
pub mod host_userns;
pub mod host_uts;
pub mod image_floating;
pub mod new_privileges;
pub mod no_cpu_limit;
pub mod no_memory_limit;
pub mod no_pids_limit;
pub mod port_all_interfaces;
pub mod privileged;
pub mod privileged_port;
pub mod restart_unbounded;
pub mod runs_as_root;
pub mod seccomp_unconfined;
pub mod secret_in_environment;
pub mod selinux_disabled;
pub mod sensitive_mount;
pub mod shared_propagation;
pub mod shares_namespace;
pub mod ulimits_override;
pub mod writable_rootfs;

/// Every compose rule.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    vec![
        &admin_port::RULE,
        &apparmor_unconfined::RULE,
        &capabilities_added::RULE,
        &capabilities_not_dropped::RULE,
        &cgroup_parent::RULE,
        &default_bridge::RULE,
        &docker_socket::RULE,
        &file_invalid::RULE,
        &healthcheck_disabled::RULE,
        &host_devices::RULE,
        &host_ipc::RULE,
        &host_network::RULE,
        &host_pid::RULE,
        &host_userns::RULE,
        &host_uts::RULE,
        &image_floating::RULE,
        &new_privileges::RULE,
        &no_cpu_limit::RULE,
        &no_memory_limit::RULE,
        &no_pids_limit::RULE,
        &port_all_interfaces::RULE,
        &privileged::RULE,
        &privileged_port::RULE,
        &restart_unbounded::RULE,
        &runs_as_root::RULE,
        &seccomp_unconfined::RULE,
        &secret_in_environment::RULE,
        &selinux_disabled::RULE,
        &sensitive_mount::RULE,
        &shared_propagation::RULE,
        &shares_namespace::RULE,
        &ulimits_override::RULE,
        &writable_rootfs::RULE,
    ]
}
