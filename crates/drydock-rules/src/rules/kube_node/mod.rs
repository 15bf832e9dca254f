//! The CIS Kubernetes Benchmark 1.12 node rules (sections 1–4: control-plane files and flags,
//! etcd, control-plane configuration, worker node): one file per rule, in CIS order.

pub mod check;

pub mod admin_kubeconfig_owner;
pub mod admin_kubeconfig_permissions;
pub mod apiserver_always_admit;
pub mod apiserver_always_pull_images;
pub mod apiserver_anonymous_auth;
pub mod apiserver_audit_log_maxage;
pub mod apiserver_audit_log_maxbackup;
pub mod apiserver_audit_log_maxsize;
pub mod apiserver_audit_log_path;
pub mod apiserver_audit_policy;
pub mod apiserver_authorization_always_allow;
pub mod apiserver_authorization_node;
pub mod apiserver_authorization_rbac;
pub mod apiserver_client_ca_file;
pub mod apiserver_deny_service_external_ips;
pub mod apiserver_encryption_provider_config;
pub mod apiserver_encryption_providers;
pub mod apiserver_etcd_cafile;
pub mod apiserver_etcd_client_certificate;
pub mod apiserver_event_rate_limit;
pub mod apiserver_extend_token_expiration;
pub mod apiserver_kubelet_certificate_authority;
pub mod apiserver_kubelet_client_certificate;
pub mod apiserver_manifest_owner;
pub mod apiserver_manifest_permissions;
pub mod apiserver_namespace_lifecycle;
pub mod apiserver_node_restriction;
pub mod apiserver_profiling;
pub mod apiserver_request_timeout;
pub mod apiserver_service_account_key_file;
pub mod apiserver_service_account_lookup;
pub mod apiserver_service_account_plugin;
pub mod apiserver_tls_certificate;
pub mod apiserver_tls_cipher_suites;
pub mod apiserver_token_auth_file;
pub mod audit_policy_coverage;
pub mod bootstrap_token_users;
pub mod client_certificate_users;
pub mod cni_files_owner;
pub mod cni_files_permissions;
pub mod controller_manager_bind_address;
pub mod controller_manager_kubeconfig_owner;
pub mod controller_manager_kubeconfig_permissions;
pub mod controller_manager_manifest_owner;
pub mod controller_manager_manifest_permissions;
pub mod controller_manager_profiling;
pub mod controller_manager_root_ca_file;
pub mod controller_manager_rotate_kubelet_server_certificate;
pub mod controller_manager_service_account_credentials;
pub mod controller_manager_service_account_private_key;
pub mod controller_manager_terminated_pod_gc;
pub mod etcd_auto_tls;
pub mod etcd_client_cert_auth;
pub mod etcd_client_tls;
pub mod etcd_data_dir_owner;
pub mod etcd_data_dir_permissions;
pub mod etcd_manifest_owner;
pub mod etcd_manifest_permissions;
pub mod etcd_peer_auto_tls;
pub mod etcd_peer_client_cert_auth;
pub mod etcd_peer_tls;
pub mod etcd_unique_ca;
pub mod kube_proxy_kubeconfig_owner;
pub mod kube_proxy_kubeconfig_permissions;
pub mod kube_proxy_metrics_bind_address;
pub mod kubelet_anonymous_auth;
pub mod kubelet_authorization_mode;
pub mod kubelet_client_ca_file;
pub mod kubelet_client_ca_owner;
pub mod kubelet_client_ca_permissions;
pub mod kubelet_config_owner;
pub mod kubelet_config_permissions;
pub mod kubelet_event_qps;
pub mod kubelet_hostname_override;
pub mod kubelet_iptables_util_chains;
pub mod kubelet_kubeconfig_owner;
pub mod kubelet_kubeconfig_permissions;
pub mod kubelet_pod_pids_limit;
pub mod kubelet_read_only_port;
pub mod kubelet_rotate_certificates;
pub mod kubelet_rotate_server_certificate;
pub mod kubelet_seccomp_default;
pub mod kubelet_streaming_idle_timeout;
pub mod kubelet_tls_certificate;
pub mod kubelet_tls_cipher_suites;
pub mod kubelet_unit_owner;
pub mod kubelet_unit_permissions;
pub mod pki_certificate_permissions;
pub mod pki_key_permissions;
pub mod pki_owner;
pub mod scheduler_bind_address;
pub mod scheduler_kubeconfig_owner;
pub mod scheduler_kubeconfig_permissions;
pub mod scheduler_manifest_owner;
pub mod scheduler_manifest_permissions;
pub mod scheduler_profiling;
pub mod service_account_token_users;

/// Every node rule, in CIS order.
pub fn rules() -> Vec<&'static crate::rule::Rule> {
    vec![
        &apiserver_manifest_permissions::RULE,
        &apiserver_manifest_owner::RULE,
        &controller_manager_manifest_permissions::RULE,
        &controller_manager_manifest_owner::RULE,
        &scheduler_manifest_permissions::RULE,
        &scheduler_manifest_owner::RULE,
        &etcd_manifest_permissions::RULE,
        &etcd_manifest_owner::RULE,
        &cni_files_permissions::RULE,
        &cni_files_owner::RULE,
        &etcd_data_dir_permissions::RULE,
        &etcd_data_dir_owner::RULE,
        &admin_kubeconfig_permissions::RULE,
        &admin_kubeconfig_owner::RULE,
        &scheduler_kubeconfig_permissions::RULE,
        &scheduler_kubeconfig_owner::RULE,
        &controller_manager_kubeconfig_permissions::RULE,
        &controller_manager_kubeconfig_owner::RULE,
        &pki_owner::RULE,
        &pki_certificate_permissions::RULE,
        &pki_key_permissions::RULE,
        &apiserver_anonymous_auth::RULE,
        &apiserver_token_auth_file::RULE,
        &apiserver_deny_service_external_ips::RULE,
        &apiserver_kubelet_client_certificate::RULE,
        &apiserver_kubelet_certificate_authority::RULE,
        &apiserver_authorization_always_allow::RULE,
        &apiserver_authorization_node::RULE,
        &apiserver_authorization_rbac::RULE,
        &apiserver_event_rate_limit::RULE,
        &apiserver_always_admit::RULE,
        &apiserver_always_pull_images::RULE,
        &apiserver_service_account_plugin::RULE,
        &apiserver_namespace_lifecycle::RULE,
        &apiserver_node_restriction::RULE,
        &apiserver_profiling::RULE,
        &apiserver_audit_log_path::RULE,
        &apiserver_audit_log_maxage::RULE,
        &apiserver_audit_log_maxbackup::RULE,
        &apiserver_audit_log_maxsize::RULE,
        &apiserver_request_timeout::RULE,
        &apiserver_service_account_lookup::RULE,
        &apiserver_service_account_key_file::RULE,
        &apiserver_etcd_client_certificate::RULE,
        &apiserver_tls_certificate::RULE,
        &apiserver_client_ca_file::RULE,
        &apiserver_etcd_cafile::RULE,
        &apiserver_encryption_provider_config::RULE,
        &apiserver_encryption_providers::RULE,
        &apiserver_tls_cipher_suites::RULE,
        &apiserver_extend_token_expiration::RULE,
        &controller_manager_terminated_pod_gc::RULE,
        &controller_manager_profiling::RULE,
        &controller_manager_service_account_credentials::RULE,
        &controller_manager_service_account_private_key::RULE,
        &controller_manager_root_ca_file::RULE,
        &controller_manager_rotate_kubelet_server_certificate::RULE,
        &controller_manager_bind_address::RULE,
        &scheduler_profiling::RULE,
        &scheduler_bind_address::RULE,
        &etcd_client_tls::RULE,
        &etcd_client_cert_auth::RULE,
        &etcd_auto_tls::RULE,
        &etcd_peer_tls::RULE,
        &etcd_peer_client_cert_auth::RULE,
        &etcd_peer_auto_tls::RULE,
        &etcd_unique_ca::RULE,
        &client_certificate_users::RULE,
        &service_account_token_users::RULE,
        &bootstrap_token_users::RULE,
        &apiserver_audit_policy::RULE,
        &audit_policy_coverage::RULE,
        &kubelet_unit_permissions::RULE,
        &kubelet_unit_owner::RULE,
        &kube_proxy_kubeconfig_permissions::RULE,
        &kube_proxy_kubeconfig_owner::RULE,
        &kubelet_kubeconfig_permissions::RULE,
        &kubelet_kubeconfig_owner::RULE,
        &kubelet_client_ca_permissions::RULE,
        &kubelet_client_ca_owner::RULE,
        &kubelet_config_permissions::RULE,
        &kubelet_config_owner::RULE,
        &kubelet_anonymous_auth::RULE,
        &kubelet_authorization_mode::RULE,
        &kubelet_client_ca_file::RULE,
        &kubelet_read_only_port::RULE,
        &kubelet_streaming_idle_timeout::RULE,
        &kubelet_iptables_util_chains::RULE,
        &kubelet_hostname_override::RULE,
        &kubelet_event_qps::RULE,
        &kubelet_tls_certificate::RULE,
        &kubelet_rotate_certificates::RULE,
        &kubelet_rotate_server_certificate::RULE,
        &kubelet_tls_cipher_suites::RULE,
        &kubelet_pod_pids_limit::RULE,
        &kubelet_seccomp_default::RULE,
        &kube_proxy_metrics_bind_address::RULE,
    ]
}
