//! A Kubernetes node's effective settings, computed from the facts the node collector read: each
//! component's command line parsed with pflag's grammar (flags matched by exact name, the last
//! occurrence winning), etcd's `ETCD_*` environment and `--config-file`, the kubelet's
//! defaults ⊕ `--config` file ⊕ `--config-dir` drop-ins ⊕ flags ([`crate::kubelet`]), the
//! structured authentication and authorization files of the API server, and the paths of every
//! file the CIS 1.x and 4.1.x controls look at. Pure: the same functions tell the collector what
//! to read and tell the rules where to look, so the two cannot disagree.

use crate::daemon::{FlagKind, FlagUse, parse_go_bool, parse_pflag_line, split_list};
use crate::kubelet::{KubeletArgs, KubeletConfig, KubeletConfigFile};
use drydock_model::facts::{KubeComponent, KubeNodeFacts, Probe};
use drydock_model::model::ObjectRef;
use drydock_parse::yaml::{Node, parse_single};
use std::collections::BTreeSet;

/// The API server.
pub const APISERVER: &str = "kube-apiserver";
/// The controller manager.
pub const CONTROLLER_MANAGER: &str = "kube-controller-manager";
/// The scheduler.
pub const SCHEDULER: &str = "kube-scheduler";
/// etcd.
pub const ETCD: &str = "etcd";
/// The kubelet.
pub const KUBELET: &str = "kubelet";
/// kube-proxy.
pub const KUBE_PROXY: &str = "kube-proxy";
/// Every component drydock looks for, in report order.
pub const COMPONENTS: [&str; 6] = [
    APISERVER,
    CONTROLLER_MANAGER,
    SCHEDULER,
    ETCD,
    KUBELET,
    KUBE_PROXY,
];

/// Where kubeadm (and most installers) keep static pod manifests.
pub const MANIFEST_DIR: &str = "/etc/kubernetes/manifests";
/// The PKI directory of a kubeadm control plane.
pub const PKI_DIR: &str = "/etc/kubernetes/pki";
/// Directories holding CNI configuration and state (CIS 1.1.9, 1.1.10).
pub const CNI_DIRS: [&str; 2] = ["/etc/cni/net.d", "/var/lib/cni/networks"];
/// kubeadm's kubeconfig files for people and control-plane components.
pub const ADMIN_CONFS: [&str; 2] = [
    "/etc/kubernetes/admin.conf",
    "/etc/kubernetes/super-admin.conf",
];
/// The scheduler's kubeconfig.
pub const SCHEDULER_CONF: &str = "/etc/kubernetes/scheduler.conf";
/// The controller manager's kubeconfig.
pub const CONTROLLER_MANAGER_CONF: &str = "/etc/kubernetes/controller-manager.conf";
/// Environment files the kubelet's unit reads on kubeadm and distribution packages.
pub const KUBELET_ENV_FILES: [&str; 3] = [
    "/var/lib/kubelet/kubeadm-flags.env",
    "/etc/default/kubelet",
    "/etc/sysconfig/kubelet",
];

/// The static pod manifest of a control-plane component.
pub fn manifest_path(component: &str) -> Option<String> {
    matches!(component, APISERVER | CONTROLLER_MANAGER | SCHEDULER | ETCD)
        .then(|| format!("{MANIFEST_DIR}/{component}.yaml"))
}

/// Boolean flags of each component: they take a value only after `=`, so the parser must know
/// them to read `--profiling false` as pflag does (a bare `--profiling` and a stray word).
fn bool_flags(component: &str) -> &'static [&'static str] {
    match component {
        APISERVER => &[
            "anonymous-auth",
            "profiling",
            "contention-profiling",
            "service-account-lookup",
            "service-account-extend-token-expiration",
            "enable-bootstrap-token-auth",
            "allow-privileged",
            "enable-aggregator-routing",
            "enable-garbage-collector",
            "enable-priority-and-fairness",
            "audit-log-compress",
            "enable-logs-handler",
            "logtostderr",
        ],
        CONTROLLER_MANAGER => &[
            "profiling",
            "contention-profiling",
            "use-service-account-credentials",
            "leader-elect",
            "allocate-node-cidrs",
            "configure-cloud-routes",
            "enable-garbage-collector",
        ],
        SCHEDULER => &["profiling", "contention-profiling", "leader-elect"],
        ETCD => &[
            "client-cert-auth",
            "peer-client-cert-auth",
            "auto-tls",
            "peer-auto-tls",
            "debug",
            "enable-pprof",
            "strict-reconfig-check",
            "force-new-cluster",
        ],
        KUBE_PROXY => &["profiling", "masquerade-all", "cleanup"],
        _ => &[],
    }
}

/// One component with its command line parsed.
#[derive(Debug, Clone)]
pub struct Component<'a> {
    /// What was collected.
    pub facts: &'a KubeComponent,
    /// Flag occurrences in order.
    pub flags: Vec<FlagUse>,
    /// Words that are not flags or their values.
    pub stray: Vec<String>,
}

/// An effective setting of a component other than the kubelet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The value.
    pub value: String,
    /// Where it was set (`--profiling=false`, `ETCD_CERT_FILE`, a file and line).
    pub source: String,
}

impl<'a> Component<'a> {
    fn new(facts: &'a KubeComponent) -> Self {
        let bools = bool_flags(&facts.name);
        // etcd parses with Go's `flag` package, which takes `-name` as well as `--name`.
        let args: Vec<String> = if facts.name == ETCD {
            facts
                .args
                .iter()
                .map(|a| match a.strip_prefix('-') {
                    Some(rest) if !rest.starts_with('-') && rest.len() > 1 => format!("--{rest}"),
                    _ => a.clone(),
                })
                .collect()
        } else {
            facts.args.clone()
        };
        let (flags, stray) = parse_pflag_line(
            &args,
            |name| bools.contains(&name).then_some(FlagKind::Bool),
            |_| None,
        );
        Component {
            facts,
            flags,
            stray,
        }
    }

    /// The component's name.
    pub fn name(&self) -> &str {
        &self.facts.name
    }

    /// The object results about this component are reported on.
    pub fn object(&self) -> ObjectRef {
        ObjectRef::kube_component(&self.facts.name)
    }

    /// Where its command line was read, in words.
    pub fn source(&self) -> String {
        self.facts.source.describe()
    }

    /// The last occurrence of a flag, matched by its exact name.
    pub fn flag(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().rev().find(|f| f.name == name)
    }

    /// A flag's value, or an environment variable's (etcd reads `ETCD_*` when the flag is not
    /// given: the flag wins).
    pub fn setting(&self, flag: &str, env: Option<&str>) -> Option<Setting> {
        if let Some(f) = self.flag(flag) {
            return Some(Setting {
                value: f.value.clone(),
                source: f.text.clone(),
            });
        }
        let env = env?;
        self.facts
            .env
            .iter()
            .rev()
            .find(|(k, _)| k == env)
            .map(|(k, v)| Setting {
                value: v.clone(),
                source: format!("{k}={v}"),
            })
    }

    /// A comma-separated flag as its items (trimmed, empty items dropped).
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        self.flag(name).map(|f| split_list(&f.value))
    }

    /// The host path of a path the component names: a static pod sees the host through its
    /// `hostPath` mounts, so `/etc/kubernetes/pki/x` inside may be elsewhere outside.
    pub fn host_path(&self, path: &str) -> String {
        let best = self
            .facts
            .mounts
            .iter()
            .filter(|(inside, _)| {
                let inside = inside.trim_end_matches('/');
                path == inside || path.starts_with(&format!("{inside}/"))
            })
            .max_by_key(|(inside, _)| inside.len());
        match best {
            Some((inside, outside)) => format!(
                "{}{}",
                outside.trim_end_matches('/'),
                &path[inside.trim_end_matches('/').len()..]
            ),
            None => path.to_string(),
        }
    }
}

/// Admission plugins the API server enables when neither flag names them (Kubernetes 1.30+).
pub const DEFAULT_ADMISSION_PLUGINS: &[&str] = &[
    "CertificateApproval",
    "CertificateSigning",
    "CertificateSubjectRestriction",
    "ClusterTrustBundleAttest",
    "DefaultIngressClass",
    "DefaultStorageClass",
    "DefaultTolerationSeconds",
    "LimitRanger",
    "MutatingAdmissionWebhook",
    "NamespaceLifecycle",
    "PersistentVolumeClaimResize",
    "PodSecurity",
    "Priority",
    "ResourceQuota",
    "RuntimeClass",
    "ServiceAccount",
    "StorageObjectInUseProtection",
    "TaintNodesByCondition",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook",
];

/// The admission plugins the API server runs: the defaults, plus `--enable-admission-plugins`,
/// minus `--disable-admission-plugins`.
pub fn admission_plugins(apiserver: &Component) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = DEFAULT_ADMISSION_PLUGINS
        .iter()
        .map(|s| s.to_string())
        .collect();
    set.extend(
        apiserver
            .list("enable-admission-plugins")
            .unwrap_or_default(),
    );
    for p in apiserver
        .list("disable-admission-plugins")
        .unwrap_or_default()
    {
        set.remove(&p);
    }
    set
}

/// A YAML configuration file the node collector read, parsed.
#[derive(Debug, Clone)]
pub enum ConfigFile {
    /// Parsed; the root mapping.
    Parsed(Node),
    /// Could not be read or parsed: why, naming the file (and line).
    Problem(String),
}

/// Reads and parses one of the collected configuration files.
pub fn config_file(facts: &KubeNodeFacts, path: &str) -> ConfigFile {
    match facts.files.get(path) {
        None => ConfigFile::Problem(format!("{path} was not collected")),
        Some(Probe::Unavailable { reason }) => {
            ConfigFile::Problem(format!("{path} could not be read: {reason}"))
        }
        Some(Probe::Known { value }) => {
            let doc = parse_single(value);
            match (doc.root, doc.errors.first()) {
                (_, Some(e)) => ConfigFile::Problem(format!(
                    "{path} line {} column {}: {}",
                    e.pos.line, e.pos.column, e.message
                )),
                (Some(root), None) if root.entries().is_empty() && !root.is_null() => {
                    ConfigFile::Problem(format!("{path} is not a YAML or JSON mapping"))
                }
                (Some(root), None) => ConfigFile::Parsed(root),
                (None, None) => ConfigFile::Parsed(Node::null(Default::default())),
            }
        }
    }
}

/// The authorization modes of the API server and where they were read: the `type`s of the
/// `--authorization-config` file's authorizers when that flag is given (the two flags exclude
/// each other), else `--authorization-mode`, else its default `AlwaysAllow`.
pub fn authorization_modes(
    node: &KubeNodeFacts,
    apiserver: &Component,
) -> Result<(Vec<String>, String), String> {
    if let Some(flag) = apiserver.flag("authorization-config") {
        let path = apiserver.host_path(&flag.value);
        return match config_file(node, &path) {
            ConfigFile::Problem(p) => Err(p),
            ConfigFile::Parsed(root) => {
                let modes: Vec<String> = root
                    .get("authorizers")
                    .map(|a| a.items().iter())
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.get("type").and_then(Node::as_str).map(str::to_string))
                    .collect();
                Ok((modes, format!("{} (authorizers in {path})", flag.text)))
            }
        };
    }
    match apiserver.flag("authorization-mode") {
        Some(flag) => Ok((split_list(&flag.value), flag.text.clone())),
        None => Ok((
            vec!["AlwaysAllow".to_string()],
            "default (no --authorization-mode or --authorization-config)".to_string(),
        )),
    }
}

/// Whether the API server answers anonymous requests, and where that was decided: the
/// `anonymous.enabled` of the `--authentication-config` file when it has one (then the flag may
/// not be given), else `--anonymous-auth`, else the default `true`.
pub fn apiserver_anonymous(
    node: &KubeNodeFacts,
    apiserver: &Component,
) -> Result<(bool, String), String> {
    if let Some(flag) = apiserver.flag("authentication-config") {
        let path = apiserver.host_path(&flag.value);
        match config_file(node, &path) {
            ConfigFile::Problem(p) => return Err(p),
            ConfigFile::Parsed(root) => {
                if let Some(enabled) = root.get("anonymous").and_then(|a| a.get("enabled")) {
                    let value = enabled.as_bool().ok_or_else(|| {
                        format!(
                            "{path} line {}: anonymous.enabled is not a boolean",
                            enabled.pos.line
                        )
                    })?;
                    return Ok((value, format!("{path} line {}", enabled.pos.line)));
                }
            }
        }
    }
    match apiserver.flag("anonymous-auth") {
        Some(flag) => parse_go_bool(&flag.value)
            .map(|b| (b, flag.text.clone()))
            .ok_or_else(|| format!("{}: `{}` is not a boolean", flag.text, flag.value)),
        None => Ok((true, "default (--anonymous-auth not given)".to_string())),
    }
}

/// etcd's settings from its `--config-file`: when that flag is given, etcd reads only the file
/// and ignores its other flags and `ETCD_*` variables. Keys are the flag names; TLS settings sit
/// under `client-transport-security` and `peer-transport-security`.
pub fn etcd_config_value(root: &Node, flag: &str) -> Option<(String, usize)> {
    let (section, key) = match flag {
        "cert-file" | "key-file" | "client-cert-auth" | "auto-tls" | "trusted-ca-file" => {
            ("client-transport-security", flag)
        }
        "peer-cert-file"
        | "peer-key-file"
        | "peer-client-cert-auth"
        | "peer-auto-tls"
        | "peer-trusted-ca-file" => ("peer-transport-security", &flag["peer-".len()..]),
        _ => ("", flag),
    };
    let node = if section.is_empty() {
        root.get(key)
    } else {
        root.get(section).and_then(|s| s.get(key))
    }?;
    node.as_str().map(|v| (v.to_string(), node.pos.line))
}

/// A Kubernetes node's components, parsed.
#[derive(Debug)]
pub struct NodeView<'a> {
    /// What was collected.
    pub facts: &'a KubeNodeFacts,
    components: Vec<Component<'a>>,
    /// The kubelet's effective configuration, or why it cannot be known.
    pub kubelet: Option<Result<KubeletConfig, String>>,
}

impl<'a> NodeView<'a> {
    /// Parses what the collector read.
    pub fn new(facts: &'a KubeNodeFacts) -> Self {
        let components: Vec<Component> = facts.components.iter().map(Component::new).collect();
        let kubelet = components
            .iter()
            .find(|c| c.name() == KUBELET)
            .map(|c| kubelet_config(facts, c));
        NodeView {
            facts,
            components,
            kubelet,
        }
    }

    /// A component, when it was found.
    pub fn component(&self, name: &str) -> Option<&Component<'a>> {
        self.components.iter().find(|c| c.name() == name)
    }

    /// Why a component is not there, in words: where drydock looked.
    pub fn absence(&self, name: &str) -> String {
        let mut places = self.facts.searched.join(", ");
        if places.is_empty() {
            places = "nowhere".to_string();
        }
        let processes = match &self.facts.processes_unlisted {
            Some(reason) => format!("; running processes could not be listed ({reason})"),
            None => String::new(),
        };
        format!("no {name} was found on this node (looked in {places}{processes})")
    }
}

fn kubelet_config(facts: &KubeNodeFacts, kubelet: &Component) -> Result<KubeletConfig, String> {
    let args = KubeletArgs::parse(&kubelet.facts.args);
    let read = |path: &str| -> Result<KubeletConfigFile, String> {
        match config_file(facts, path) {
            ConfigFile::Parsed(root) => {
                // The kubelet decodes its files by type: without these it refuses to start,
                // so nothing in the file is in force.
                let api = root.get("apiVersion").and_then(|n| n.as_str());
                let kind = root.get("kind").and_then(|n| n.as_str());
                if kind != Some("KubeletConfiguration")
                    || !api.is_some_and(|a| a.starts_with("kubelet.config.k8s.io/"))
                {
                    return Err(format!(
                        "{path} is not a kubelet configuration the kubelet accepts: it needs apiVersion kubelet.config.k8s.io/… and kind KubeletConfiguration (found {} and {})",
                        api.unwrap_or("no apiVersion"),
                        kind.unwrap_or("no kind")
                    ));
                }
                Ok(KubeletConfigFile {
                    path: path.to_string(),
                    root,
                })
            }
            ConfigFile::Problem(p) => Err(p),
        }
    };
    let file = match args.last("config") {
        Some(flag) => Some(read(&flag.value)?),
        None => None,
    };
    let mut dropins = Vec::new();
    if let Some(dir) = args.last("config-dir") {
        for path in kubelet_dropins(facts, &dir.value)? {
            dropins.push(read(&path)?);
        }
    }
    Ok(KubeletConfig {
        args,
        file,
        dropins,
    })
}

/// The drop-ins of the kubelet's `--config-dir`: its `*.conf` files in name order.
pub fn kubelet_dropins(facts: &KubeNodeFacts, dir: &str) -> Result<Vec<String>, String> {
    match facts.trees.get(dir) {
        None => Err(format!("{dir} was not listed")),
        Some(Probe::Unavailable { reason }) => Err(format!("{dir} could not be listed: {reason}")),
        Some(Probe::Known { value }) => {
            let mut files: Vec<String> = value
                .iter()
                .filter(|p| {
                    p.ends_with(".conf")
                        && p.rsplit_once('/')
                            .is_some_and(|(d, _)| d == dir.trim_end_matches('/'))
                })
                .cloned()
                .collect();
            files.sort();
            Ok(files)
        }
    }
}

/// The configuration files to read once the components are known: what their flags name.
/// (The kubelet's drop-ins are added by the collector after listing `--config-dir`.)
pub fn files_to_read(components: &[KubeComponent]) -> Vec<String> {
    let mut out = Vec::new();
    for facts in components {
        let c = Component::new(facts);
        let named: &[&str] = match c.name() {
            APISERVER => &[
                "authorization-config",
                "authentication-config",
                "encryption-provider-config",
                "audit-policy-file",
            ],
            KUBELET => &["config"],
            KUBE_PROXY => &["config"],
            ETCD => &["config-file"],
            _ => &[],
        };
        for flag in named {
            if let Some(f) = c.flag(flag).filter(|f| !f.value.is_empty()) {
                out.push(c.host_path(&f.value));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Directories to list: the kubelet's `--config-dir`, the PKI and CNI directories.
pub fn trees_to_list(components: &[KubeComponent]) -> Vec<String> {
    let mut out: Vec<String> = vec![PKI_DIR.to_string()];
    out.extend(CNI_DIRS.iter().map(|d| d.to_string()));
    for facts in components.iter().filter(|c| c.name == KUBELET) {
        let args = KubeletArgs::parse(&facts.args);
        if let Some(dir) = args.last("config-dir") {
            out.push(dir.value.clone());
        }
    }
    out
}

/// The kubelet's `--kubeconfig`, when given.
pub fn kubelet_kubeconfig(view: &NodeView) -> Option<String> {
    let kubelet = view.component(KUBELET)?;
    kubelet.flag("kubeconfig").map(|f| f.value.clone())
}

/// kube-proxy's kubeconfig: `--kubeconfig`, else `clientConnection.kubeconfig` of its
/// `--config` file.
pub fn kube_proxy_kubeconfig(view: &NodeView) -> Option<String> {
    let proxy = view.component(KUBE_PROXY)?;
    if let Some(f) = proxy.flag("kubeconfig") {
        return Some(proxy.host_path(&f.value));
    }
    let config = proxy.flag("config")?;
    match config_file(view.facts, &proxy.host_path(&config.value)) {
        ConfigFile::Parsed(root) => root
            .get("clientConnection")
            .and_then(|c| c.get("kubeconfig"))
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
            .map(|p| proxy.host_path(p)),
        ConfigFile::Problem(_) => None,
    }
}

/// etcd's data directory: `--data-dir` (or `ETCD_DATA_DIR`), else etcd's default
/// `<name>.etcd` relative to its working directory, which a file check cannot locate.
pub fn etcd_data_dir(view: &NodeView) -> Option<String> {
    let etcd = view.component(ETCD)?;
    etcd.setting("data-dir", Some("ETCD_DATA_DIR"))
        .map(|s| etcd.host_path(&s.value))
}

/// Every path whose metadata the node rules judge.
pub fn paths_to_stat(facts: &KubeNodeFacts) -> Vec<String> {
    let view = NodeView::new(facts);
    let mut out: Vec<String> = Vec::new();
    for name in [APISERVER, CONTROLLER_MANAGER, SCHEDULER, ETCD] {
        out.extend(manifest_path(name));
    }
    out.extend(ADMIN_CONFS.iter().map(|s| s.to_string()));
    out.push(SCHEDULER_CONF.to_string());
    out.push(CONTROLLER_MANAGER_CONF.to_string());
    out.push(PKI_DIR.to_string());
    for dir in [PKI_DIR].iter().chain(CNI_DIRS.iter()) {
        if let Some(Probe::Known { value }) = facts.trees.get(*dir) {
            out.extend(value.iter().cloned());
        }
    }
    out.extend(etcd_data_dir(&view));
    out.extend(facts.kubelet_unit_files.iter().cloned());
    out.extend(kubelet_kubeconfig(&view));
    out.extend(kube_proxy_kubeconfig(&view));
    if let Some(Ok(config)) = &view.kubelet {
        out.extend(config.file.as_ref().map(|f| f.path.clone()));
        if let Ok(setting) = config.lookup(crate::kubelet::setting_named("client-ca-file"))
            && let Some(path) = setting.value
        {
            out.push(path);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where a kubelet unit file may be, highest priority first.
pub fn kubelet_unit_candidates() -> Vec<String> {
    [
        "/etc/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
    ]
    .iter()
    .map(|d| format!("{d}/kubelet.service"))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::daemon::feature_gate;
    use drydock_model::facts::ComponentSource;

    fn component(name: &str, args: &[&str]) -> KubeComponent {
        KubeComponent {
            name: name.to_string(),
            source: ComponentSource::StaticPod {
                path: "/etc/kubernetes/manifests/x.yaml".into(),
                line: 1,
            },
            args: args.iter().map(|s| s.to_string()).collect(),
            env: vec![("ETCD_CERT_FILE".into(), "/env.crt".into())],
            mounts: vec![
                ("/etc/kubernetes/pki".into(), "/srv/pki".into()),
                ("/etc/kubernetes".into(), "/etc/kubernetes".into()),
            ],
        }
    }

    #[test]
    fn flags_are_matched_by_exact_name() {
        let facts = component(APISERVER, &["--contention-profiling=false"]);
        let c = Component::new(&facts);
        assert!(c.flag("profiling").is_none());
        assert_eq!(c.flag("contention-profiling").unwrap().value, "false");
    }

    #[test]
    fn a_boolean_takes_its_value_only_after_equals() {
        let facts = component(APISERVER, &["--profiling", "false"]);
        let c = Component::new(&facts);
        assert_eq!(c.flag("profiling").unwrap().value, "true");
        assert_eq!(c.stray, vec!["false"]);
    }

    #[test]
    fn etcd_takes_single_dash_flags_and_the_flag_wins_over_the_environment() {
        let facts = component(ETCD, &["-key-file=/k.key"]);
        let c = Component::new(&facts);
        assert_eq!(
            c.setting("key-file", Some("ETCD_KEY_FILE")).unwrap().value,
            "/k.key"
        );
        assert_eq!(
            c.setting("cert-file", Some("ETCD_CERT_FILE"))
                .unwrap()
                .source,
            "ETCD_CERT_FILE=/env.crt"
        );
        let facts = component(ETCD, &["--cert-file=/flag.crt"]);
        let c = Component::new(&facts);
        assert_eq!(
            c.setting("cert-file", Some("ETCD_CERT_FILE"))
                .unwrap()
                .value,
            "/flag.crt"
        );
    }

    #[test]
    fn host_paths_follow_the_longest_mount() {
        let facts = component(APISERVER, &[]);
        let c = Component::new(&facts);
        assert_eq!(c.host_path("/etc/kubernetes/pki/ca.crt"), "/srv/pki/ca.crt");
        assert_eq!(
            c.host_path("/etc/kubernetes/enc.yaml"),
            "/etc/kubernetes/enc.yaml"
        );
        assert_eq!(c.host_path("/etc/kubernetes-x/a"), "/etc/kubernetes-x/a");
        assert_eq!(c.host_path("/opt/a"), "/opt/a");
    }

    #[test]
    fn admission_plugins_are_defaults_plus_enabled_minus_disabled() {
        let facts = component(
            APISERVER,
            &[
                "--enable-admission-plugins=NodeRestriction, AlwaysAdmit",
                "--disable-admission-plugins=ServiceAccount",
            ],
        );
        let set = admission_plugins(&Component::new(&facts));
        assert!(set.contains("NodeRestriction") && set.contains("AlwaysAdmit"));
        assert!(set.contains("NamespaceLifecycle"));
        assert!(!set.contains("ServiceAccount"));
    }

    #[test]
    fn feature_gates_last_assignment_wins() {
        assert_eq!(
            feature_gate(
                "A=true,RotateKubeletServerCertificate=false, RotateKubeletServerCertificate=true",
                "RotateKubeletServerCertificate"
            ),
            Some("true".into())
        );
        assert_eq!(feature_gate("A=true", "B"), None);
    }

    #[test]
    fn structured_authorization_config_decides_the_modes() {
        let apiserver = component(
            APISERVER,
            &["--authorization-config=/etc/kubernetes/authz.yaml"],
        );
        let mut node = KubeNodeFacts::default();
        node.files.insert(
            "/etc/kubernetes/authz.yaml".into(),
            Probe::of("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers:\n- type: Node\n  name: node\n- type: RBAC\n  name: rbac\n".into()),
        );
        let (modes, _) = authorization_modes(&node, &Component::new(&apiserver)).unwrap();
        assert_eq!(modes, vec!["Node", "RBAC"]);
        let plain = component(APISERVER, &[]);
        let (modes, source) = authorization_modes(&node, &Component::new(&plain)).unwrap();
        assert_eq!(modes, vec!["AlwaysAllow"]);
        assert!(source.starts_with("default"));
    }

    #[test]
    fn structured_authentication_config_decides_anonymous_access() {
        let apiserver = component(
            APISERVER,
            &["--authentication-config=/etc/kubernetes/authn.yaml"],
        );
        let mut node = KubeNodeFacts::default();
        node.files.insert(
            "/etc/kubernetes/authn.yaml".into(),
            Probe::of("kind: AuthenticationConfiguration\nanonymous:\n  enabled: false\n".into()),
        );
        assert!(
            !apiserver_anonymous(&node, &Component::new(&apiserver))
                .unwrap()
                .0
        );
        let plain = component(APISERVER, &[]);
        assert!(
            apiserver_anonymous(&node, &Component::new(&plain))
                .unwrap()
                .0
        );
    }
}
