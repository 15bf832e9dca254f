//! The CIS Docker Benchmark 1.6.0 rules: one file per rule.

mod audit_watch;
mod daemon_setting;
pub(crate) mod host_file;
mod host_namespace;
mod swarm_scope;

pub mod audit_containerd_binary;
pub mod audit_containerd_config;
pub mod audit_containerd_shim;
pub mod audit_containerd_shim_runc_v1;
pub mod audit_containerd_shim_runc_v2;
pub mod audit_containerd_sock;
pub mod audit_daemon_json;
pub mod audit_docker_root;
pub mod audit_docker_service;
pub mod audit_docker_socket_unit;
pub mod audit_dockerd;
pub mod audit_etc_default_docker;
pub mod audit_etc_docker;
pub mod audit_etc_sysconfig_docker;
pub mod audit_run_containerd;
pub mod audit_runc;
pub mod container_apparmor;
pub mod container_capabilities;
pub mod container_cgroup_parent;
pub mod container_cpu_priority;
pub mod container_default_bridge;
pub mod container_devices;
pub mod container_docker_socket;
pub mod container_exec_privileged;
pub mod container_exec_root;
pub mod container_healthcheck;
pub mod container_host_ipc;
pub mod container_host_network;
pub mod container_host_pid;
pub mod container_host_userns;
pub mod container_host_uts;
pub mod container_image_freshness;
pub mod container_memory_limit;
pub mod container_mount_propagation;
pub mod container_net_raw;
pub mod container_no_new_privileges;
pub mod container_open_ports;
pub mod container_pids_limit;
pub mod container_port_interface;
pub mod container_privileged;
pub mod container_privileged_ports;
pub mod container_readonly_rootfs;
pub mod container_restart_policy;
pub mod container_seccomp;
pub mod container_selinux;
pub mod container_sensitive_mounts;
pub mod container_sprawl;
pub mod container_sshd;
pub mod container_ulimits;
pub mod container_user;
pub mod content_trust;
pub mod daemon_aufs;
pub mod daemon_authz_plugin;
pub mod daemon_base_device_size;
pub mod daemon_cgroup_parent;
pub mod daemon_default_ulimit;
pub mod daemon_experimental;
pub mod daemon_icc;
pub mod daemon_insecure_registries;
pub mod daemon_iptables;
pub mod daemon_live_restore;
pub mod daemon_log_level;
pub mod daemon_no_new_privileges;
pub mod daemon_remote_logging;
pub mod daemon_rootless;
pub mod daemon_seccomp_profile;
pub mod daemon_tls;
pub mod daemon_userland_proxy;
pub mod daemon_userns;
pub mod docker_group;
pub mod docker_version;
pub mod file_containerd_sock_mode;
pub mod file_containerd_sock_owner;
pub mod file_daemon_json_mode;
pub mod file_daemon_json_owner;
pub mod file_docker_service_mode;
pub mod file_docker_service_owner;
pub mod file_docker_sock_mode;
pub mod file_docker_sock_owner;
pub mod file_docker_socket_unit_mode;
pub mod file_docker_socket_unit_owner;
pub mod file_etc_default_docker_mode;
pub mod file_etc_default_docker_owner;
pub mod file_etc_docker_mode;
pub mod file_etc_docker_owner;
pub mod file_etc_sysconfig_docker_mode;
pub mod file_etc_sysconfig_docker_owner;
pub mod file_registry_cert_mode;
pub mod file_registry_cert_owner;
pub mod file_tls_ca_mode;
pub mod file_tls_ca_owner;
pub mod file_tls_cert_mode;
pub mod file_tls_cert_owner;
pub mod file_tls_key_mode;
pub mod file_tls_key_owner;
pub mod host_hardened;
pub mod host_partition;
pub mod image_add_instruction;
pub mod image_healthcheck;
pub mod image_minimal_packages;
pub mod image_rebuilt;
pub mod image_secrets;
pub mod image_setuid;
pub mod image_sprawl;
pub mod image_trusted_base;
pub mod image_unverified_packages;
pub mod image_update_alone;
pub mod signed_artifacts;
pub mod swarm_autolock;
pub mod swarm_ca_rotation;
pub mod swarm_listen_interface;
pub mod swarm_managers;
pub mod swarm_mode;
pub mod swarm_node_cert_rotation;
pub mod swarm_overlay_encryption;
pub mod swarm_plane_separation;
pub mod swarm_secrets;
pub mod swarm_unlock_key_rotation;

/// Every Docker host rule, in CIS order.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    let mut all = vec![
        &audit_containerd_binary::RULE,
        &audit_containerd_config::RULE,
        &audit_containerd_shim::RULE,
        &audit_containerd_shim_runc_v1::RULE,
        &audit_containerd_shim_runc_v2::RULE,
        &audit_containerd_sock::RULE,
        &audit_daemon_json::RULE,
        &audit_docker_root::RULE,
        &audit_docker_service::RULE,
        &audit_docker_socket_unit::RULE,
        &audit_dockerd::RULE,
        &audit_etc_default_docker::RULE,
        &audit_etc_docker::RULE,
        &audit_etc_sysconfig_docker::RULE,
        &audit_run_containerd::RULE,
        &audit_runc::RULE,
        &container_apparmor::RULE,
        &container_capabilities::RULE,
        &container_net_raw::RULE,
        &container_cgroup_parent::RULE,
        &container_cpu_priority::RULE,
        &container_default_bridge::RULE,
        &container_devices::RULE,
        &container_docker_socket::RULE,
        &container_exec_privileged::RULE,
        &container_exec_root::RULE,
        &container_healthcheck::RULE,
        &container_host_ipc::RULE,
        &container_host_network::RULE,
        &container_host_pid::RULE,
        &container_host_userns::RULE,
        &container_host_uts::RULE,
        &container_image_freshness::RULE,
        &container_memory_limit::RULE,
        &container_mount_propagation::RULE,
        &container_no_new_privileges::RULE,
        &container_open_ports::RULE,
        &container_pids_limit::RULE,
        &container_port_interface::RULE,
        &container_privileged::RULE,
        &container_privileged_ports::RULE,
        &container_readonly_rootfs::RULE,
        &container_restart_policy::RULE,
        &container_seccomp::RULE,
        &container_selinux::RULE,
        &container_sensitive_mounts::RULE,
        &container_sprawl::RULE,
        &container_sshd::RULE,
        &container_ulimits::RULE,
        &container_user::RULE,
        &content_trust::RULE,
        &daemon_aufs::RULE,
        &daemon_authz_plugin::RULE,
        &daemon_base_device_size::RULE,
        &daemon_cgroup_parent::RULE,
        &daemon_default_ulimit::RULE,
        &daemon_experimental::RULE,
        &daemon_icc::RULE,
        &daemon_insecure_registries::RULE,
        &daemon_iptables::RULE,
        &daemon_live_restore::RULE,
        &daemon_log_level::RULE,
        &daemon_no_new_privileges::RULE,
        &daemon_remote_logging::RULE,
        &daemon_rootless::RULE,
        &daemon_seccomp_profile::RULE,
        &daemon_tls::RULE,
        &daemon_userland_proxy::RULE,
        &daemon_userns::RULE,
        &docker_group::RULE,
        &docker_version::RULE,
        &file_containerd_sock_mode::RULE,
        &file_containerd_sock_owner::RULE,
        &file_daemon_json_mode::RULE,
        &file_daemon_json_owner::RULE,
        &file_docker_service_mode::RULE,
        &file_docker_service_owner::RULE,
        &file_docker_sock_mode::RULE,
        &file_docker_sock_owner::RULE,
        &file_docker_socket_unit_mode::RULE,
        &file_docker_socket_unit_owner::RULE,
        &file_etc_default_docker_mode::RULE,
        &file_etc_default_docker_owner::RULE,
        &file_etc_docker_mode::RULE,
        &file_etc_docker_owner::RULE,
        &file_etc_sysconfig_docker_mode::RULE,
        &file_etc_sysconfig_docker_owner::RULE,
        &file_registry_cert_mode::RULE,
        &file_registry_cert_owner::RULE,
        &file_tls_ca_mode::RULE,
        &file_tls_ca_owner::RULE,
        &file_tls_cert_mode::RULE,
        &file_tls_cert_owner::RULE,
        &file_tls_key_mode::RULE,
        &file_tls_key_owner::RULE,
        &host_hardened::RULE,
        &host_partition::RULE,
        &image_add_instruction::RULE,
        &image_healthcheck::RULE,
        &image_minimal_packages::RULE,
        &image_rebuilt::RULE,
        &image_secrets::RULE,
        &image_setuid::RULE,
        &image_sprawl::RULE,
        &image_trusted_base::RULE,
        &image_unverified_packages::RULE,
        &image_update_alone::RULE,
        &signed_artifacts::RULE,
        &swarm_autolock::RULE,
        &swarm_ca_rotation::RULE,
        &swarm_listen_interface::RULE,
        &swarm_managers::RULE,
        &swarm_mode::RULE,
        &swarm_node_cert_rotation::RULE,
        &swarm_overlay_encryption::RULE,
        &swarm_plane_separation::RULE,
        &swarm_secrets::RULE,
        &swarm_unlock_key_rotation::RULE,
    ];
    all.sort_by_key(|r| r.id);
    all
}
