//! The kubelet's effective settings, computed as the kubelet computes them: built-in defaults,
//! then the file `--config` names, then the drop-ins of `--config-dir` (in name order), then
//! the command line, which wins over everything. Pure: the node collector reads the systemd
//! unit, its environment files and the configuration files and hands their contents here.
//!
//! The defaults depend on whether `--config` is given. Without it the kubelet keeps its old
//! command-line defaults — anonymous requests allowed, webhook authentication off, `AlwaysAllow`
//! authorization, read-only port 10255. With it, every field the file leaves out takes the
//! KubeletConfiguration v1beta1 default instead — anonymous off, webhook on, `Webhook`
//! authorization, read-only port 0. A tool that reads only flags, or only the file, gets these
//! four controls wrong (the most common complaint about kube-bench).
//!
//! The node collector reads the unit, environment and configuration files; [`crate::kube_node`]
//! assembles them and the CIS 4.2 rules ask [`KubeletConfig::lookup`].

use crate::daemon::{FlagKind, FlagUse, parse_go_bool, parse_pflag_line};
use SettingKind::{Bool, List, Scalar};
use drydock_parse::yaml::{Node, Value};

/// How a setting's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    /// `true`/`false`; a bare flag means `true`.
    Bool,
    /// One value.
    Scalar,
    /// Comma-separated on the command line, a sequence in the file.
    List,
}

/// A kubelet setting that has both a flag and a configuration-file field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KubeletSetting {
    /// Long flag name, without dashes.
    pub flag: &'static str,
    /// Dotted field path in KubeletConfiguration (`authentication.anonymous.enabled`).
    pub field: &'static str,
    /// How its value is written.
    pub kind: SettingKind,
    /// Default when the kubelet runs without `--config`.
    pub default_without_config: Option<&'static str>,
    /// Default when a configuration file is given and leaves the field out.
    pub default_with_config: Option<&'static str>,
}

const fn setting(
    flag: &'static str,
    field: &'static str,
    kind: SettingKind,
    default_without_config: Option<&'static str>,
    default_with_config: Option<&'static str>,
) -> KubeletSetting {
    KubeletSetting {
        flag,
        field,
        kind,
        default_without_config,
        default_with_config,
    }
}

/// The settings the CIS node controls (section 4.2) look at.
pub const KUBELET_SETTINGS: &[KubeletSetting] = &[
    setting(
        "anonymous-auth",
        "authentication.anonymous.enabled",
        Bool,
        Some("true"),
        Some("false"),
    ),
    setting(
        "authentication-token-webhook",
        "authentication.webhook.enabled",
        Bool,
        Some("false"),
        Some("true"),
    ),
    setting(
        "authorization-mode",
        "authorization.mode",
        Scalar,
        Some("AlwaysAllow"),
        Some("Webhook"),
    ),
    setting(
        "client-ca-file",
        "authentication.x509.clientCAFile",
        Scalar,
        None,
        None,
    ),
    setting(
        "read-only-port",
        "readOnlyPort",
        Scalar,
        Some("10255"),
        Some("0"),
    ),
    setting(
        "streaming-connection-idle-timeout",
        "streamingConnectionIdleTimeout",
        Scalar,
        Some("4h0m0s"),
        Some("4h0m0s"),
    ),
    setting(
        "make-iptables-util-chains",
        "makeIPTablesUtilChains",
        Bool,
        Some("true"),
        Some("true"),
    ),
    setting(
        "protect-kernel-defaults",
        "protectKernelDefaults",
        Bool,
        Some("false"),
        Some("false"),
    ),
    setting("tls-cert-file", "tlsCertFile", Scalar, None, None),
    setting(
        "tls-private-key-file",
        "tlsPrivateKeyFile",
        Scalar,
        None,
        None,
    ),
    setting("tls-cipher-suites", "tlsCipherSuites", List, None, None),
    setting(
        "rotate-certificates",
        "rotateCertificates",
        Bool,
        Some("false"),
        Some("false"),
    ),
    setting(
        "event-qps",
        "eventRecordQPS",
        Scalar,
        Some("50"),
        Some("50"),
    ),
    setting(
        "pod-max-pids",
        "podPidsLimit",
        Scalar,
        Some("-1"),
        Some("-1"),
    ),
    setting(
        "seccomp-default",
        "seccompDefault",
        Bool,
        Some("false"),
        Some("false"),
    ),
];

/// Settings whose zero value in a configuration file is replaced by the default.
const ZERO_MEANS_DEFAULT: &[&str] = &["streaming-connection-idle-timeout"];

/// The setting of a flag name in [`KUBELET_SETTINGS`].
///
/// # Panics
/// When the name is not in the table (a programming error, caught by the tests of every rule).
pub fn setting_named(flag: &str) -> &'static KubeletSetting {
    KUBELET_SETTINGS
        .iter()
        .find(|s| s.flag == flag)
        .unwrap_or_else(|| panic!("no kubelet setting named {flag}"))
}

/// The kubelet's command line, parsed with pflag's grammar ([`parse_pflag_line`]): booleans take
/// a value only with `=` (`--anonymous-auth false` leaves `false` as a stray word, which the
/// kubelet refuses).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KubeletArgs {
    /// Flags in order; the last of a name wins.
    pub flags: Vec<FlagUse>,
    /// Words that are neither flags nor flag values.
    pub stray: Vec<String>,
}

impl KubeletArgs {
    /// Parses the arguments after the program name.
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Self {
        let kind_of = |name: &str| {
            KUBELET_SETTINGS
                .iter()
                .find(|s| s.flag == name)
                .map(|s| match s.kind {
                    Bool => FlagKind::Bool,
                    Scalar | List => FlagKind::Scalar,
                })
                .or_else(|| {
                    matches!(
                        name,
                        "fail-swap-on"
                            | "register-node"
                            | "help"
                            | "version"
                            | "exit-on-lock-contention"
                    )
                    .then_some(FlagKind::Bool)
                })
        };
        let (flags, stray) = parse_pflag_line(args, kind_of, |_| None);
        KubeletArgs { flags, stray }
    }

    /// The last occurrence of a flag.
    pub fn last(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().rev().find(|f| f.name == name)
    }
}

/// A configuration file (the `--config` file or a drop-in), parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeletConfigFile {
    /// Its path on the node.
    pub path: String,
    /// Its root node (a mapping).
    pub root: Node,
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingSource {
    /// The command line (the flag as written).
    Flag(String),
    /// A configuration file, at a line.
    File {
        /// Path of the file.
        path: String,
        /// Line of the field.
        line: usize,
    },
    /// The built-in default (`with_config`: the v1beta1 one, because `--config` is given).
    Default {
        /// Whether a configuration file was in use.
        with_config: bool,
    },
}

/// An effective setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveSetting {
    /// The value (`None`: unset and no default). Lists are joined with commas; booleans are
    /// `true`/`false`.
    pub value: Option<String>,
    /// Where it came from.
    pub source: SettingSource,
}

/// The kubelet's effective configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct KubeletConfig {
    /// The command line.
    pub args: KubeletArgs,
    /// The `--config` file, when given and read.
    pub file: Option<KubeletConfigFile>,
    /// Drop-ins of `--config-dir`, in the order the kubelet applies them (by file name).
    pub dropins: Vec<KubeletConfigFile>,
}

fn field<'a>(root: &'a Node, path: &str) -> Option<&'a Node> {
    path.split('.').try_fold(root, |node, part| node.get(part))
}

fn file_value(node: &Node, kind: SettingKind) -> Result<String, String> {
    match (&node.value, kind) {
        (Value::Scalar { .. }, Bool) => node
            .as_bool()
            .map(|b| b.to_string())
            .ok_or_else(|| format!("`{}` is not a boolean", node.as_str().unwrap_or(""))),
        (Value::Scalar { text, .. }, Scalar) => Ok(text.to_string()),
        (Value::Seq(items), List) => Ok(items
            .iter()
            .filter_map(Node::as_str)
            .collect::<Vec<_>>()
            .join(",")),
        _ => Err("has the wrong type".to_string()),
    }
}

impl KubeletConfig {
    /// The effective value of a setting, or why it cannot be known (a value of the wrong
    /// type, which the kubelet would refuse to start with).
    pub fn lookup(&self, setting: &KubeletSetting) -> Result<EffectiveSetting, String> {
        if let Some(flag) = self.args.last(setting.flag) {
            let value = match setting.kind {
                Bool => parse_go_bool(&flag.value)
                    .map(|b| b.to_string())
                    .ok_or_else(|| format!("{}: `{}` is not a boolean", flag.text, flag.value))?,
                Scalar | List => flag.value.clone(),
            };
            return Ok(EffectiveSetting {
                value: Some(value),
                source: SettingSource::Flag(flag.text.clone()),
            });
        }
        for file in self.dropins.iter().rev().chain(self.file.iter()) {
            if let Some(node) = field(&file.root, setting.field) {
                let mut value = file_value(node, setting.kind).map_err(|e| {
                    format!(
                        "{} line {}: {} {e}",
                        file.path, node.pos.line, setting.field
                    )
                })?;
                // The kubelet defaults a zero duration read from a file (kubeadm writes
                // `streamingConnectionIdleTimeout: 0s`, which means 4h); only a flag sets zero.
                if ZERO_MEANS_DEFAULT.contains(&setting.flag)
                    && value.trim_end_matches(['h', 'm', 's', '0', '.']).is_empty()
                    && let Some(default) = setting.default_with_config
                {
                    value = default.to_string();
                }
                return Ok(EffectiveSetting {
                    value: Some(value),
                    source: SettingSource::File {
                        path: file.path.clone(),
                        line: node.pos.line,
                    },
                });
            }
        }
        let with_config = self.args.last("config").is_some();
        let default = if with_config {
            setting.default_with_config
        } else {
            setting.default_without_config
        };
        Ok(EffectiveSetting {
            value: default.map(str::to_string),
            source: SettingSource::Default { with_config },
        })
    }
}

impl KubeletConfig {
    /// A feature gate: `--feature-gates` when it names the gate (flags override the file gate
    /// by gate), else `featureGates` of the drop-ins and the file. `None`: not set anywhere.
    pub fn feature_gate(&self, gate: &str) -> Result<Option<EffectiveSetting>, String> {
        if let Some(flag) = self.args.last("feature-gates")
            && let Some(value) = crate::daemon::feature_gate(&flag.value, gate)
        {
            return Ok(Some(EffectiveSetting {
                value: Some(value),
                source: SettingSource::Flag(flag.text.clone()),
            }));
        }
        for file in self.dropins.iter().rev().chain(self.file.iter()) {
            if let Some(node) = file.root.get("featureGates").and_then(|g| g.get(gate)) {
                let value = node.as_bool().ok_or_else(|| {
                    format!(
                        "{} line {}: featureGates.{gate} is not a boolean",
                        file.path, node.pos.line
                    )
                })?;
                return Ok(Some(EffectiveSetting {
                    value: Some(value.to_string()),
                    source: SettingSource::File {
                        path: file.path.clone(),
                        line: node.pos.line,
                    },
                }));
            }
        }
        Ok(None)
    }
}

/// Reads a systemd `EnvironmentFile` (`kubeadm-flags.env`, `/etc/default/kubelet`):
/// `NAME=value` lines, values optionally in single or double quotes, `#` and `;` comments.
pub fn parse_environment_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'))
        .filter_map(|l| {
            let (name, value) = l.split_once('=')?;
            let value = value.trim();
            let unquoted = ['"', '\'']
                .iter()
                .find_map(|q| value.strip_prefix(*q)?.strip_suffix(*q))
                .unwrap_or(value);
            Some((name.trim().to_string(), unquoted.to_string()))
        })
        .collect()
}

/// Expands variables in the words of an `ExecStart=` line as systemd does: a word that is only
/// `$NAME` becomes the value split at whitespace (nothing when unset or empty); `${NAME}` is
/// replaced in place and keeps the word whole. Later assignments in `environment` win.
pub fn expand_exec_words(words: &[String], environment: &[(String, String)]) -> Vec<String> {
    let lookup = |name: &str| {
        environment
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut out = Vec::new();
    for word in words {
        if let Some(name) = word
            .strip_prefix('$')
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            out.extend(lookup(name).split_whitespace().map(str::to_string));
            continue;
        }
        let mut expanded = String::new();
        let mut rest = word.as_str();
        while let Some(start) = rest.find("${") {
            expanded.push_str(&rest[..start]);
            match rest[start + 2..].find('}') {
                Some(end) => {
                    expanded.push_str(lookup(&rest[start + 2..start + 2 + end]));
                    rest = &rest[start + 2 + end + 1..];
                }
                None => {
                    expanded.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        expanded.push_str(rest);
        out.push(expanded);
    }
    out
}

#[cfg(test)]
mod zero_duration_tests {
    use super::*;
    use drydock_parse::yaml::parse_single;

    #[test]
    fn a_zero_idle_timeout_in_the_file_means_the_default_but_a_zero_flag_is_zero() {
        let file = KubeletConfigFile {
            path: "/var/lib/kubelet/config.yaml".into(),
            root: parse_single("streamingConnectionIdleTimeout: 0s\n")
                .root
                .unwrap(),
        };
        let config = KubeletConfig {
            args: KubeletArgs::parse(&["--config=/var/lib/kubelet/config.yaml"]),
            file: Some(file.clone()),
            dropins: Vec::new(),
        };
        let setting = setting_named("streaming-connection-idle-timeout");
        assert_eq!(
            config.lookup(setting).unwrap().value.as_deref(),
            Some("4h0m0s")
        );
        let config = KubeletConfig {
            args: KubeletArgs::parse(&[
                "--config=/var/lib/kubelet/config.yaml",
                "--streaming-connection-idle-timeout=0",
            ]),
            file: Some(file),
            dropins: Vec::new(),
        };
        assert_eq!(config.lookup(setting).unwrap().value.as_deref(), Some("0"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_parse::yaml::parse_single;

    fn setting_named(flag: &str) -> &'static KubeletSetting {
        KUBELET_SETTINGS.iter().find(|s| s.flag == flag).unwrap()
    }

    fn config_file(path: &str, text: &str) -> KubeletConfigFile {
        KubeletConfigFile {
            path: path.to_string(),
            root: parse_single(text).root.unwrap(),
        }
    }

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    /// The kubeadm layout: the unit's drop-in runs the kubelet with four variables, two set in
    /// the drop-in and two read from environment files.
    fn kubeadm_command_line(flags_env: &str, default_kubelet: &str) -> KubeletArgs {
        let mut environment = vec![
            (
                "KUBELET_KUBECONFIG_ARGS".to_string(),
                "--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf".to_string(),
            ),
            (
                "KUBELET_CONFIG_ARGS".to_string(),
                "--config=/var/lib/kubelet/config.yaml".to_string(),
            ),
        ];
        // EnvironmentFile= settings override Environment= ones.
        environment.extend(parse_environment_file(flags_env));
        environment.extend(parse_environment_file(default_kubelet));
        let exec = words(
            "$KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS",
        );
        KubeletArgs::parse(&expand_exec_words(&exec, &environment))
    }

    #[test]
    fn defaults_depend_on_whether_a_config_file_is_given() {
        let bare = KubeletConfig {
            args: KubeletArgs::parse(&words("--kubeconfig=/etc/kubernetes/kubelet.conf")),
            file: None,
            dropins: vec![],
        };
        let anonymous = setting_named("anonymous-auth");
        let looked = bare.lookup(anonymous).unwrap();
        assert_eq!(looked.value.as_deref(), Some("true"));
        assert_eq!(looked.source, SettingSource::Default { with_config: false });
        assert_eq!(
            bare.lookup(setting_named("read-only-port"))
                .unwrap()
                .value
                .as_deref(),
            Some("10255")
        );

        let with_file = KubeletConfig {
            args: KubeletArgs::parse(&words("--config=/var/lib/kubelet/config.yaml")),
            file: Some(config_file(
                "/var/lib/kubelet/config.yaml",
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n",
            )),
            dropins: vec![],
        };
        for (flag, expected) in [
            ("anonymous-auth", "false"),
            ("authentication-token-webhook", "true"),
            ("authorization-mode", "Webhook"),
            ("read-only-port", "0"),
        ] {
            let looked = with_file.lookup(setting_named(flag)).unwrap();
            assert_eq!(looked.value.as_deref(), Some(expected), "{flag}");
            assert_eq!(looked.source, SettingSource::Default { with_config: true });
        }
    }

    #[test]
    fn flags_override_drop_ins_which_override_the_config_file() {
        let file = config_file(
            "/var/lib/kubelet/config.yaml",
            "kind: KubeletConfiguration\nauthentication:\n  anonymous:\n    enabled: true\nreadOnlyPort: 10255\nauthorization:\n  mode: AlwaysAllow\n",
        );
        let dropin = config_file(
            "/etc/kubernetes/kubelet.conf.d/50-hardening.conf",
            "authorization:\n  mode: Webhook\nreadOnlyPort: 0\n",
        );
        let config = KubeletConfig {
            args: KubeletArgs::parse(&words(
                "--config /var/lib/kubelet/config.yaml --anonymous-auth=true --anonymous-auth=false",
            )),
            file: Some(file),
            dropins: vec![dropin],
        };
        let anonymous = config.lookup(setting_named("anonymous-auth")).unwrap();
        assert_eq!(anonymous.value.as_deref(), Some("false"));
        assert_eq!(
            anonymous.source,
            SettingSource::Flag("--anonymous-auth=false".to_string())
        );
        let mode = config.lookup(setting_named("authorization-mode")).unwrap();
        assert_eq!(mode.value.as_deref(), Some("Webhook"));
        assert_eq!(
            mode.source,
            SettingSource::File {
                path: "/etc/kubernetes/kubelet.conf.d/50-hardening.conf".to_string(),
                line: 2
            }
        );
        // A field only the base file sets comes from it, with its line.
        let config = KubeletConfig {
            dropins: vec![],
            ..config
        };
        let port = config.lookup(setting_named("read-only-port")).unwrap();
        assert_eq!(port.value.as_deref(), Some("10255"));
        assert_eq!(
            port.source,
            SettingSource::File {
                path: "/var/lib/kubelet/config.yaml".to_string(),
                line: 5
            }
        );
    }

    #[test]
    fn kubeadm_environment_files_reach_the_command_line() {
        let args = kubeadm_command_line(
            "KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10\"\n",
            "# set by the operator\nKUBELET_EXTRA_ARGS='--read-only-port=10255 --anonymous-auth=true'\n",
        );
        assert_eq!(
            args.last("config").map(|f| f.value.as_str()),
            Some("/var/lib/kubelet/config.yaml")
        );
        assert_eq!(
            args.last("container-runtime-endpoint")
                .map(|f| f.value.as_str()),
            Some("unix:///run/containerd/containerd.sock")
        );
        assert!(args.stray.is_empty(), "{:?}", args.stray);
        let config = KubeletConfig {
            args,
            file: Some(config_file(
                "/var/lib/kubelet/config.yaml",
                "readOnlyPort: 0\nauthentication:\n  anonymous:\n    enabled: false\n",
            )),
            dropins: vec![],
        };
        // /etc/default/kubelet re-opens what the file closed: flags win.
        for flag in ["read-only-port", "anonymous-auth"] {
            let looked = config.lookup(setting_named(flag)).unwrap();
            assert!(matches!(looked.source, SettingSource::Flag(_)), "{flag}");
        }
        assert_eq!(
            config
                .lookup(setting_named("read-only-port"))
                .unwrap()
                .value
                .as_deref(),
            Some("10255")
        );
    }

    #[test]
    fn an_unset_variable_expands_to_nothing_and_braces_keep_a_word_whole() {
        let environment = vec![("A".to_string(), "--x=1 --y=2".to_string())];
        assert_eq!(
            expand_exec_words(&words("$A $UNSET --z=${A}"), &environment),
            vec!["--x=1", "--y=2", "--z=--x=1 --y=2"]
        );
    }

    #[test]
    fn flags_are_matched_by_exact_name_and_booleans_need_an_equals_sign() {
        // `--contention-profiling` is not `--profiling`; a substring match would say it is.
        let args = KubeletArgs::parse(&words("--contention-profiling=true --anonymous-auth false"));
        assert!(args.last("profiling").is_none());
        assert_eq!(args.last("anonymous-auth").unwrap().value, "true");
        assert_eq!(args.stray, vec!["false"]);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_an_error_not_a_default() {
        let config = KubeletConfig {
            args: KubeletArgs::parse(&words("--config=/c.yaml")),
            file: Some(config_file(
                "/c.yaml",
                "authentication:\n  anonymous:\n    enabled: maybe\n",
            )),
            dropins: vec![],
        };
        let err = config.lookup(setting_named("anonymous-auth")).unwrap_err();
        assert!(err.contains("/c.yaml line 3"), "{err}");
        let config = KubeletConfig {
            args: KubeletArgs::parse(&words("--anonymous-auth=nope")),
            file: None,
            dropins: vec![],
        };
        assert!(config.lookup(setting_named("anonymous-auth")).is_err());
    }

    #[test]
    fn lists_join_from_either_place() {
        let config = KubeletConfig {
            args: KubeletArgs::parse(&words("--config=/c.yaml")),
            file: Some(config_file(
                "/c.yaml",
                "tlsCipherSuites:\n- TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n- TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n",
            )),
            dropins: vec![],
        };
        assert_eq!(
            config
                .lookup(setting_named("tls-cipher-suites"))
                .unwrap()
                .value
                .as_deref(),
            Some("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")
        );
    }
}
