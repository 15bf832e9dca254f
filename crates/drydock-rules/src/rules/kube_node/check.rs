//! Shared judgement of the CIS Kubernetes node controls (sections 1–4): a component that is not
//! on the node gives *not applicable*, a setting that cannot be read gives *unknown*, and every
//! result names the value, where it was set (flag, environment, file and line, or default) and
//! what was expected.

use crate::rule::Context;
use crate::rules::docker::host_file::{self, ExpectedOwner};
use drydock_model::model::{Evidence, ObjectRef, Outcome};
pub use drydock_settings::daemon::parse_go_bool;
use drydock_settings::kube_node::{Component, NodeView, Setting};
use drydock_settings::kubelet::{EffectiveSetting, SettingSource, setting_named};

/// Runs `judge` on a component of the audited node; *not applicable* when it is not there.
pub fn on_component(
    ctx: &Context,
    name: &str,
    judge: impl FnOnce(&NodeView, &Component) -> Vec<Outcome>,
) -> Vec<Outcome> {
    let Some(node) = ctx.node() else {
        return Vec::new();
    };
    match node.component(name) {
        Some(component) => judge(node, component),
        None => vec![Outcome::not_applicable(
            ObjectRef::kube_component(name),
            node.absence(name),
        )],
    }
}

fn source_evidence(component: &Component, flag: &str, setting: Option<&Setting>) -> Evidence {
    match setting {
        Some(s) => Evidence::new(format!("--{flag}"), s.value.clone()).source(format!(
            "{} in {}",
            s.source,
            component.source()
        )),
        None => Evidence::new(format!("--{flag}"), "not set").source(component.source()),
    }
}

/// Flags that must each be given a value (a file path, usually).
pub fn flags_set(ctx: &Context, name: &str, flags: &[&str]) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let mut missing = Vec::new();
        let mut evidence = Vec::new();
        for flag in flags {
            let setting = c.setting(flag, None).filter(|s| !s.value.is_empty());
            if setting.is_none() {
                missing.push(format!("--{flag}"));
            }
            evidence.push(source_evidence(c, flag, setting.as_ref()).expected("a value"));
        }
        let outcome = if missing.is_empty() {
            Outcome::pass(
                c.object(),
                format!("{} sets {}", c.name(), join_flags(flags)),
            )
        } else {
            Outcome::fail(
                c.object(),
                format!("{} does not set {}", c.name(), missing.join(" or ")),
            )
        };
        vec![outcome.with_all(evidence)]
    })
}

fn join_flags(flags: &[&str]) -> String {
    flags
        .iter()
        .map(|f| format!("--{f}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A boolean flag whose effective value (the flag, else the program's default) must be `want`.
pub fn bool_flag(ctx: &Context, name: &str, flag: &str, default: bool, want: bool) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let setting = c.setting(flag, None);
        vec![judge_bool(c, flag, setting.as_ref(), default, want)]
    })
}

/// Judges a boolean setting of a component (flag or environment) against `want`.
pub fn judge_bool(
    c: &Component,
    flag: &str,
    setting: Option<&Setting>,
    default: bool,
    want: bool,
) -> Outcome {
    let evidence = source_evidence(c, flag, setting).expected(want.to_string());
    let value = match setting {
        None => default,
        Some(s) => match parse_go_bool(&s.value) {
            Some(b) => b,
            None => {
                return Outcome::unknown(
                    c.object(),
                    format!(
                        "{}: `{}` is not a boolean, so {} would not start with it",
                        s.source,
                        s.value,
                        c.name()
                    ),
                )
                .with(evidence);
            }
        },
    };
    let how = if setting.is_some() {
        format!("is {value}")
    } else {
        format!("is not set and defaults to {value}")
    };
    let outcome = if value == want {
        Outcome::pass(c.object(), format!("--{flag} {how}"))
    } else {
        Outcome::fail(c.object(), format!("--{flag} {how}"))
    };
    outcome.with(evidence)
}

/// A flag that must not be given at all.
pub fn flag_absent(ctx: &Context, name: &str, flag: &str) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let setting = c.setting(flag, None);
        let evidence = source_evidence(c, flag, setting.as_ref()).expected("not set");
        let outcome = match setting {
            None => Outcome::pass(c.object(), format!("{} does not set --{flag}", c.name())),
            Some(_) => Outcome::fail(c.object(), format!("{} sets --{flag}", c.name())),
        };
        vec![outcome.with(evidence)]
    })
}

/// A flag whose effective value must be one address (`--bind-address`), the default counting
/// when it is not given.
pub fn flag_equals(
    ctx: &Context,
    name: &str,
    flag: &str,
    default: &str,
    want: &str,
) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let setting = c.setting(flag, None);
        let evidence = source_evidence(c, flag, setting.as_ref()).expected(want.to_string());
        let (value, how) = match &setting {
            Some(s) => (s.value.as_str(), format!("is {}", s.value)),
            None => (default, format!("is not set and defaults to {default}")),
        };
        let outcome = if value == want {
            Outcome::pass(c.object(), format!("--{flag} {how}"))
        } else {
            Outcome::fail(c.object(), format!("--{flag} {how}"))
        };
        vec![outcome.with(evidence)]
    })
}

/// A numeric flag that must be at least `min` (its default when not given).
pub fn flag_at_least(
    ctx: &Context,
    name: &str,
    flag: &str,
    default: i64,
    min: i64,
) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let setting = c.setting(flag, None);
        let evidence =
            source_evidence(c, flag, setting.as_ref()).expected(format!("{min} or more"));
        let value = match &setting {
            None => default,
            Some(s) => match s.value.trim().parse::<i64>() {
                Ok(v) => v,
                Err(_) => {
                    return vec![
                        Outcome::unknown(
                            c.object(),
                            format!("{}: `{}` is not a whole number", s.source, s.value),
                        )
                        .with(evidence),
                    ];
                }
            },
        };
        let how = if setting.is_some() {
            format!("is {value}")
        } else {
            format!("is not set and defaults to {value}")
        };
        let outcome = if value >= min {
            Outcome::pass(c.object(), format!("--{flag} {how}"))
        } else {
            Outcome::fail(c.object(), format!("--{flag} {how}, below {min}"))
        };
        vec![outcome.with(evidence)]
    })
}

/// A setting people must judge: shows its value (or default) and where it was set.
pub fn flag_for_review(
    ctx: &Context,
    name: &str,
    flag: &str,
    default: &str,
    question: &str,
) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let setting = c.setting(flag, None);
        let value = setting
            .as_ref()
            .map_or_else(|| format!("{default} (default)"), |s| s.value.clone());
        vec![
            Outcome::manual(c.object(), format!("--{flag} is {value}; {question}"))
                .with(source_evidence(c, flag, setting.as_ref())),
        ]
    })
}

/// Flags people must judge together: shows each one's value and where it was read.
pub fn flags_for_review(ctx: &Context, name: &str, flags: &[&str], question: &str) -> Vec<Outcome> {
    on_component(ctx, name, |_, c| {
        let evidence: Vec<Evidence> = flags
            .iter()
            .map(|flag| source_evidence(c, flag, c.setting(flag, None).as_ref()))
            .collect();
        vec![Outcome::manual(c.object(), question.to_string()).with_all(evidence)]
    })
}

/// Whether an admission plugin runs on the API server (defaults + enabled − disabled).
pub fn admission_plugin(ctx: &Context, plugin: &str, want_enabled: bool) -> Vec<Outcome> {
    on_component(ctx, drydock_settings::kube_node::APISERVER, |_, c| {
        let plugins = drydock_settings::kube_node::admission_plugins(c);
        let enabled = plugins.contains(plugin);
        let default = drydock_settings::kube_node::DEFAULT_ADMISSION_PLUGINS.contains(&plugin);
        let mut evidence = vec![
            Evidence::new(
                "admission plugin",
                if enabled { "enabled" } else { "not enabled" },
            )
            .expected(if want_enabled {
                "enabled"
            } else {
                "not enabled"
            })
            .source(format!(
                "{} (on by default: {})",
                c.source(),
                if default { "yes" } else { "no" }
            )),
        ];
        for flag in ["enable-admission-plugins", "disable-admission-plugins"] {
            if let Some(f) = c.flag(flag) {
                evidence.push(Evidence::new(format!("--{flag}"), f.value.clone()));
            }
        }
        let state = if enabled { "enabled" } else { "not enabled" };
        let outcome = if enabled == want_enabled {
            Outcome::pass(c.object(), format!("admission plugin {plugin} is {state}"))
        } else {
            Outcome::fail(c.object(), format!("admission plugin {plugin} is {state}"))
        };
        vec![outcome.with_all(evidence)]
    })
}

/// Whether an authorization mode is among the API server's authorizers.
pub fn authorization_mode(ctx: &Context, mode: &str, want_present: bool) -> Vec<Outcome> {
    on_component(ctx, drydock_settings::kube_node::APISERVER, |node, c| {
        match drydock_settings::kube_node::authorization_modes(node.facts, c) {
            Err(problem) => vec![Outcome::unknown(
                c.object(),
                format!("the authorization configuration could not be read: {problem}"),
            )],
            Ok((modes, source)) => {
                let present = modes.iter().any(|m| m == mode);
                let evidence = Evidence::new("authorization modes", modes.join(","))
                    .expected(if want_present {
                        format!("includes {mode}")
                    } else {
                        format!("does not include {mode}")
                    })
                    .source(format!("{source} in {}", c.source()));
                let words = if present {
                    "includes"
                } else {
                    "does not include"
                };
                let message = format!("the API server's authorization {words} {mode}");
                let outcome = if present == want_present {
                    Outcome::pass(c.object(), message)
                } else {
                    Outcome::fail(c.object(), message)
                };
                vec![outcome.with(evidence)]
            }
        }
    })
}

/// Judges a list of TLS cipher suites against the allowed ones; an unset list means Go's
/// defaults, which include suites outside every allowed list (CBC and 3DES ones).
pub fn ciphers_within(
    object: ObjectRef,
    value: Option<&str>,
    source: String,
    allowed: &[&str],
) -> Outcome {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Outcome::fail(
            object,
            "no cipher suites are configured, so Go's defaults apply, which include CBC suites",
        )
        .with(Evidence::new("tls cipher suites", "not set").source(source));
    };
    let suites = drydock_settings::daemon::split_list(value);
    let weak: Vec<&String> = suites
        .iter()
        .filter(|s| !allowed.contains(&s.as_str()))
        .collect();
    let evidence = Evidence::new("tls cipher suites", suites.join(","))
        .expected(format!("only {}", allowed.join(",")))
        .source(source);
    let outcome = if weak.is_empty() {
        Outcome::pass(object, "every configured cipher suite is a strong one")
    } else {
        Outcome::fail(
            object,
            format!(
                "cipher suites outside the strong set are allowed: {}",
                weak.iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    outcome.with(evidence)
}

/// An etcd setting: from its `--config-file` when it has one (etcd then ignores flags and
/// environment), else the flag, else the `ETCD_*` variable.
pub fn etcd_setting(
    node: &NodeView,
    etcd: &Component,
    flag: &str,
    env: &str,
) -> Result<Option<Setting>, Box<Outcome>> {
    if let Some(config) = etcd.flag("config-file") {
        let path = etcd.host_path(&config.value);
        return match drydock_settings::kube_node::config_file(node.facts, &path) {
            drydock_settings::kube_node::ConfigFile::Problem(p) => Err(Box::new(Outcome::unknown(
                etcd.object(),
                format!("etcd's configuration file could not be read: {p}"),
            ))),
            drydock_settings::kube_node::ConfigFile::Parsed(root) => Ok(
                drydock_settings::kube_node::etcd_config_value(&root, flag).map(|(value, line)| {
                    Setting {
                        value,
                        source: format!("{path} line {line}"),
                    }
                }),
            ),
        };
    }
    Ok(etcd.setting(flag, Some(env)))
}

/// etcd settings that must each have a value.
pub fn etcd_set(ctx: &Context, settings: &[(&str, &str)]) -> Vec<Outcome> {
    on_component(ctx, drydock_settings::kube_node::ETCD, |node, c| {
        let mut missing = Vec::new();
        let mut evidence = Vec::new();
        for (flag, env) in settings {
            let setting = match etcd_setting(node, c, flag, env) {
                Ok(s) => s.filter(|s| !s.value.is_empty()),
                Err(outcome) => return vec![*outcome],
            };
            if setting.is_none() {
                missing.push(format!("--{flag} ({env})"));
            }
            evidence.push(source_evidence(c, flag, setting.as_ref()).expected("a value"));
        }
        let names: Vec<&str> = settings.iter().map(|(f, _)| *f).collect();
        let outcome = if missing.is_empty() {
            Outcome::pass(c.object(), format!("etcd sets {}", join_flags(&names)))
        } else {
            Outcome::fail(
                c.object(),
                format!("etcd does not set {}", missing.join(" or ")),
            )
        };
        vec![outcome.with_all(evidence)]
    })
}

/// An etcd boolean setting that must be `want` (etcd's default when unset).
pub fn etcd_bool(ctx: &Context, flag: &str, env: &str, default: bool, want: bool) -> Vec<Outcome> {
    on_component(
        ctx,
        drydock_settings::kube_node::ETCD,
        |node, c| match etcd_setting(node, c, flag, env) {
            Err(outcome) => vec![*outcome],
            Ok(setting) => vec![judge_bool(c, flag, setting.as_ref(), default, want)],
        },
    )
}

/// What a node file rule judges: the paths, or the outcomes that stand instead.
pub type NodeFiles = Result<Vec<String>, Vec<Outcome>>;

/// Paths that exist on the node among `candidates`, else *not applicable* naming them.
pub fn present_files(ctx: &Context, candidates: &[String], what: &str) -> NodeFiles {
    if ctx.node().is_none() {
        return Err(Vec::new());
    }
    let present: Vec<String> = candidates
        .iter()
        .filter(|p| {
            !matches!(
                ctx.facts.host.files.get(*p),
                Some(drydock_model::facts::FileProbe::Absent)
            )
        })
        .cloned()
        .collect();
    if present.is_empty() {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::file(candidates.first().map_or(what, String::as_str)),
            format!(
                "{what} is not on this node (looked for {})",
                candidates.join(", ")
            ),
        )]);
    }
    Ok(present)
}

/// Files below a walked directory that match `keep`, else *not applicable*.
pub fn tree_files(
    ctx: &Context,
    dirs: &[&str],
    what: &str,
    keep: impl Fn(&str) -> bool,
) -> NodeFiles {
    let Some(node) = ctx.node() else {
        return Err(Vec::new());
    };
    let mut out = Vec::new();
    for dir in dirs {
        match node.facts.trees.get(*dir) {
            Some(drydock_model::facts::Probe::Known { value }) => {
                out.extend(value.iter().filter(|p| keep(p)).cloned());
            }
            Some(drydock_model::facts::Probe::Unavailable { reason }) => {
                return Err(vec![Outcome::unknown(
                    ObjectRef::file(dir),
                    format!("{dir} could not be listed: {reason}"),
                )]);
            }
            None => {
                return Err(vec![Outcome::unknown(
                    ObjectRef::file(dir),
                    format!("{dir} was not listed"),
                )]);
            }
        }
    }
    if out.is_empty() {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::file(dirs.first().copied().unwrap_or(what)),
            format!(
                "there are no {what} on this node (looked in {})",
                dirs.join(", ")
            ),
        )]);
    }
    Ok(out)
}

/// Judges permission bits of node files (no bit outside `allowed`).
pub fn files_mode(ctx: &Context, files: NodeFiles, what: &str, allowed: u32) -> Vec<Outcome> {
    match files {
        Ok(paths) => host_file::check_mode(ctx, &paths, what, allowed),
        Err(outcomes) => outcomes,
    }
}

/// Judges the owner of node files.
pub fn files_owner(ctx: &Context, files: NodeFiles, what: &str) -> Vec<Outcome> {
    match files {
        Ok(paths) => host_file::check_owner(ctx, &paths, what, ExpectedOwner::RootRoot),
        Err(outcomes) => outcomes,
    }
}

/// Judges the etcd owner of node files.
pub fn files_owner_etcd(ctx: &Context, files: NodeFiles, what: &str) -> Vec<Outcome> {
    match files {
        Ok(paths) => host_file::check_owner(ctx, &paths, what, ExpectedOwner::EtcdEtcd),
        Err(outcomes) => outcomes,
    }
}

/// The kubelet's effective value of a setting, with the kubelet itself; `Err` holds the
/// outcomes that stand instead (no kubelet, configuration unreadable).
pub fn kubelet_setting<'c>(
    ctx: &'c Context,
    flag: &str,
) -> Result<(EffectiveSetting, &'c Component<'c>), Vec<Outcome>> {
    let Some(node) = ctx.node() else {
        return Err(Vec::new());
    };
    let Some(kubelet) = node.component(drydock_settings::kube_node::KUBELET) else {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::kube_component(drydock_settings::kube_node::KUBELET),
            node.absence(drydock_settings::kube_node::KUBELET),
        )]);
    };
    let config = match &node.kubelet {
        Some(Ok(config)) => config,
        Some(Err(problem)) => {
            return Err(vec![Outcome::unknown(
                kubelet.object(),
                format!("the kubelet's configuration could not be read: {problem}"),
            )]);
        }
        None => return Err(Vec::new()),
    };
    match config.lookup(setting_named(flag)) {
        Ok(setting) => Ok((setting, kubelet)),
        Err(problem) => Err(vec![Outcome::unknown(
            kubelet.object(),
            format!("the kubelet would refuse its configuration: {problem}"),
        )]),
    }
}

/// Words for where a kubelet setting came from.
pub fn kubelet_source(kubelet: &Component, source: &SettingSource) -> String {
    match source {
        SettingSource::Flag(text) => format!("{text} in {}", kubelet.source()),
        SettingSource::File { path, line } => format!("{path} line {line}"),
        SettingSource::Default { with_config: true } => {
            "default of the configuration file format (not set anywhere)".to_string()
        }
        SettingSource::Default { with_config: false } => {
            "command-line default (no --config file, not set anywhere)".to_string()
        }
    }
}

/// Evidence for a kubelet setting.
pub fn kubelet_evidence(
    kubelet: &Component,
    flag: &str,
    setting: &EffectiveSetting,
    expected: &str,
) -> Evidence {
    let field = setting_named(flag).field;
    Evidence::new(
        format!("--{flag} / {field}"),
        setting
            .value
            .clone()
            .unwrap_or_else(|| "not set".to_string()),
    )
    .expected(expected.to_string())
    .source(kubelet_source(kubelet, &setting.source))
}

/// A kubelet setting judged by `ok` on its effective value (`None`: unset, no default).
pub fn kubelet_judge(
    ctx: &Context,
    flag: &str,
    expected: &str,
    ok: impl Fn(Option<&str>) -> bool,
) -> Vec<Outcome> {
    let (setting, kubelet) = match kubelet_setting(ctx, flag) {
        Ok(found) => found,
        Err(outcomes) => return outcomes,
    };
    let field = setting_named(flag).field;
    let shown = setting.value.as_deref().unwrap_or("not set");
    let message = format!("the kubelet's {field} (--{flag}) is {shown}");
    let outcome = if ok(setting.value.as_deref()) {
        Outcome::pass(kubelet.object(), message)
    } else {
        Outcome::fail(kubelet.object(), message)
    };
    vec![outcome.with(kubelet_evidence(kubelet, flag, &setting, expected))]
}

/// Whether a collected path is a regular file.
pub fn is_regular_file(ctx: &Context, path: &str) -> bool {
    matches!(
        ctx.facts.host.files.get(path),
        Some(drydock_model::facts::FileProbe::Present(stat)) if stat.kind == drydock_model::facts::FileKind::File
    )
}

/// etcd's data directory, judged by `judge`; *not applicable* without etcd, *unknown* when
/// etcd names no data directory (its default is relative to its working directory).
pub fn etcd_data_dir_files(
    ctx: &Context,
    judge: impl FnOnce(NodeFiles) -> Vec<Outcome>,
) -> Vec<Outcome> {
    on_component(ctx, drydock_settings::kube_node::ETCD, |node, etcd| {
        match drydock_settings::kube_node::etcd_data_dir(node) {
            Some(dir) => judge(present_files(ctx, &[dir], "etcd's data directory")),
            None => vec![Outcome::unknown(
                etcd.object(),
                "etcd names no --data-dir, and its default is relative to a working directory drydock cannot see",
            )],
        }
    })
}

/// The kubelet's unit file and drop-ins.
pub fn kubelet_unit_files(ctx: &Context) -> NodeFiles {
    let Some(node) = ctx.node() else {
        return Err(Vec::new());
    };
    let files = &node.facts.kubelet_unit_files;
    if files.is_empty() {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::file("kubelet.service"),
            format!(
                "no kubelet unit file is on this node (looked for {})",
                drydock_settings::kube_node::kubelet_unit_candidates().join(", ")
            ),
        )]);
    }
    present_files(ctx, files, "the kubelet's unit")
}

fn kubelet_named_file(
    ctx: &Context,
    path: Option<String>,
    what: &str,
    why_none: &str,
) -> NodeFiles {
    let Some(node) = ctx.node() else {
        return Err(Vec::new());
    };
    if node
        .component(drydock_settings::kube_node::KUBELET)
        .is_none()
    {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::kube_component(drydock_settings::kube_node::KUBELET),
            node.absence(drydock_settings::kube_node::KUBELET),
        )]);
    }
    match path {
        Some(path) => present_files(ctx, &[path], what),
        None => Err(vec![Outcome::not_applicable(
            ObjectRef::kube_component(drydock_settings::kube_node::KUBELET),
            why_none.to_string(),
        )]),
    }
}

/// The kubelet's `--kubeconfig`.
pub fn kubelet_kubeconfig_files(ctx: &Context) -> NodeFiles {
    let path = ctx
        .node()
        .and_then(drydock_settings::kube_node::kubelet_kubeconfig);
    kubelet_named_file(
        ctx,
        path,
        "the kubelet's kubeconfig",
        "the kubelet is given no --kubeconfig",
    )
}

/// The kubelet's `--config` file.
pub fn kubelet_config_files(ctx: &Context) -> NodeFiles {
    let path = ctx.node().and_then(|n| {
        n.component(drydock_settings::kube_node::KUBELET)
            .and_then(|k| k.flag("config").map(|f| f.value.clone()))
    });
    kubelet_named_file(
        ctx,
        path,
        "the kubelet's configuration file",
        "the kubelet is given no --config file",
    )
}

/// The kubelet's effective client CA file.
pub fn kubelet_client_ca_files(ctx: &Context) -> NodeFiles {
    if ctx
        .node()
        .is_some_and(|n| n.component(drydock_settings::kube_node::KUBELET).is_some())
    {
        match kubelet_setting(ctx, "client-ca-file") {
            Ok((setting, _)) => {
                let path = setting.value.filter(|v| !v.is_empty());
                return kubelet_named_file(
                    ctx,
                    path,
                    "the kubelet's client CA file",
                    "the kubelet names no client CA file (see 4.2.3)",
                );
            }
            Err(outcomes) => return Err(outcomes),
        }
    }
    kubelet_named_file(ctx, None, "", "")
}

/// kube-proxy's kubeconfig, where kube-proxy runs on the host.
pub fn kube_proxy_kubeconfig_files(ctx: &Context) -> NodeFiles {
    let Some(node) = ctx.node() else {
        return Err(Vec::new());
    };
    if node
        .component(drydock_settings::kube_node::KUBE_PROXY)
        .is_none()
    {
        return Err(vec![Outcome::not_applicable(
            ObjectRef::kube_component(drydock_settings::kube_node::KUBE_PROXY),
            node.absence(drydock_settings::kube_node::KUBE_PROXY),
        )]);
    }
    match drydock_settings::kube_node::kube_proxy_kubeconfig(node) {
        Some(path) => present_files(ctx, &[path], "kube-proxy's kubeconfig"),
        None => Err(vec![Outcome::not_applicable(
            ObjectRef::kube_component(drydock_settings::kube_node::KUBE_PROXY),
            "kube-proxy names no kubeconfig file (it uses in-cluster credentials)",
        )]),
    }
}

/// Whether a Go duration (`0`, `0s`, `0h0m0s`, `4h0m0s`) is zero.
pub fn is_zero_duration(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text
            .chars()
            .all(|c| c == '0' || c.is_ascii_alphabetic() || c == '.')
}

/// Suites the benchmark accepts for the API server.
pub const APISERVER_STRONG_CIPHERS: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
];

/// Suites the benchmark accepts for the kubelet.
pub const KUBELET_STRONG_CIPHERS: &[&str] = &[
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_durations_are_recognised() {
        for zero in ["0", "0s", "0h0m0s", "0.0s"] {
            assert!(is_zero_duration(zero), "{zero}");
        }
        for non_zero in ["4h0m0s", "5m", "10s", "", "1"] {
            assert!(!is_zero_duration(non_zero), "{non_zero}");
        }
    }
}
