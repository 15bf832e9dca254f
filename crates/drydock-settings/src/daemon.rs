//! dockerd's effective settings, with its real precedence: built-in default, then
//! `daemon.json`, then command-line flags.
//!
//! dockerd refuses to start when one directive is given both as a flag and in the file, so a
//! running daemon has each setting from exactly one place; when the facts show both (a file
//! edited after start, or a unit that cannot start) the flag is reported, with the conflict.
//!
//! The flag grammar is pflag's: `--name=value`, `--name value`, `-l value`, `-lvalue`,
//! `-l=value`; a boolean flag takes its value only after `=` (`--icc false` is not a
//! boolean assignment); repeated scalar flags keep the last occurrence and list flags
//! accumulate. dockerd takes no positional arguments, so a bare word after an unknown flag is
//! that flag's value.

use drydock_model::facts::{ConfigContent, DaemonConfigFile, HostFacts, Probe};
use serde_json::Value;

/// How a dockerd flag takes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `--flag` or `--flag=bool`.
    Bool,
    /// `--flag value`; the last occurrence wins.
    Scalar,
    /// `--flag value`, repeatable; occurrences accumulate.
    List,
}

/// One dockerd flag drydock knows: its long name, short letter, kind and `daemon.json` key.
#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    /// Long name without dashes.
    pub long: &'static str,
    /// Short letter, if any.
    pub short: Option<char>,
    /// How it takes values.
    pub kind: FlagKind,
    /// The matching `daemon.json` key.
    pub json_key: &'static str,
}

const fn flag(
    long: &'static str,
    short: Option<char>,
    kind: FlagKind,
    json_key: &'static str,
) -> FlagSpec {
    FlagSpec {
        long,
        short,
        kind,
        json_key,
    }
}

/// The dockerd flags drydock interprets.
pub const FLAGS: &[FlagSpec] = &[
    flag("debug", Some('D'), FlagKind::Bool, "debug"),
    flag("log-level", Some('l'), FlagKind::Scalar, "log-level"),
    flag("icc", None, FlagKind::Bool, "icc"),
    flag("iptables", None, FlagKind::Bool, "iptables"),
    flag(
        "insecure-registry",
        None,
        FlagKind::List,
        "insecure-registries",
    ),
    flag(
        "storage-driver",
        Some('s'),
        FlagKind::Scalar,
        "storage-driver",
    ),
    flag("storage-opt", None, FlagKind::List, "storage-opts"),
    flag("host", Some('H'), FlagKind::List, "hosts"),
    flag("tls", None, FlagKind::Bool, "tls"),
    flag("tlsverify", None, FlagKind::Bool, "tlsverify"),
    flag("tlscacert", None, FlagKind::Scalar, "tlscacert"),
    flag("tlscert", None, FlagKind::Scalar, "tlscert"),
    flag("tlskey", None, FlagKind::Scalar, "tlskey"),
    flag("default-ulimit", None, FlagKind::List, "default-ulimits"),
    flag("userns-remap", None, FlagKind::Scalar, "userns-remap"),
    flag("cgroup-parent", None, FlagKind::Scalar, "cgroup-parent"),
    flag(
        "authorization-plugin",
        None,
        FlagKind::List,
        "authorization-plugins",
    ),
    flag("log-driver", None, FlagKind::Scalar, "log-driver"),
    flag("log-opt", None, FlagKind::List, "log-opts"),
    flag(
        "no-new-privileges",
        None,
        FlagKind::Bool,
        "no-new-privileges",
    ),
    flag("live-restore", None, FlagKind::Bool, "live-restore"),
    flag("userland-proxy", None, FlagKind::Bool, "userland-proxy"),
    flag("seccomp-profile", None, FlagKind::Scalar, "seccomp-profile"),
    flag("experimental", None, FlagKind::Bool, "experimental"),
    flag("selinux-enabled", None, FlagKind::Bool, "selinux-enabled"),
    flag("data-root", None, FlagKind::Scalar, "data-root"),
    flag("graph", Some('g'), FlagKind::Scalar, "data-root"),
    flag("group", Some('G'), FlagKind::Scalar, "group"),
    flag("pidfile", Some('p'), FlagKind::Scalar, "pidfile"),
    flag("bridge", Some('b'), FlagKind::Scalar, "bridge"),
    flag("config-file", None, FlagKind::Scalar, ""),
    flag("containerd", None, FlagKind::Scalar, "containerd"),
    flag("rootless", None, FlagKind::Bool, "rootless"),
    flag("exec-opt", None, FlagKind::List, "exec-opts"),
    flag("registry-mirror", None, FlagKind::List, "registry-mirrors"),
    flag("label", None, FlagKind::List, "labels"),
    flag("dns", None, FlagKind::List, "dns"),
];

/// Parses a boolean the way Go's `strconv.ParseBool` does (dockerd and the docker CLI use it).
pub fn parse_go_bool(text: &str) -> Option<bool> {
    match text {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// One flag occurrence on a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// Long name (canonical, without dashes); unknown flags keep the name they were given.
    pub name: String,
    /// The value (`"true"` for a bare boolean flag).
    pub value: String,
    /// Whether the value was explicit.
    pub explicit: bool,
    /// The words as written (`--log-level debug`), for evidence.
    pub text: String,
}

/// A parsed dockerd command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DockerdArgs {
    /// Flag occurrences in order.
    pub uses: Vec<FlagUse>,
    /// Words that are not flags or flag values (dockerd would refuse them).
    pub stray: Vec<String>,
}

fn spec_by_long(name: &str) -> Option<&'static FlagSpec> {
    FLAGS.iter().find(|f| f.long == name)
}

fn spec_by_short(letter: char) -> Option<&'static FlagSpec> {
    FLAGS.iter().find(|f| f.short == Some(letter))
}

/// Parses a command line with pflag's grammar (dockerd, the kubelet and the other Kubernetes
/// components use it): `--name=value`, `--name value`, `-x value`, `-xvalue`, `-x=value`; a
/// boolean takes a value only after `=`. `kind_of` gives the kind of a known long flag and
/// `long_of` the long name of a shorthand letter. An unknown flag takes the next word as its
/// value unless that word is a flag (neither program takes positional arguments). Returns the
/// flag occurrences in order and the stray words.
pub fn parse_pflag_line<S: AsRef<str>>(
    args: &[S],
    kind_of: impl Fn(&str) -> Option<FlagKind>,
    long_of: impl Fn(char) -> Option<&'static str>,
) -> (Vec<FlagUse>, Vec<String>) {
    let mut uses = Vec::new();
    let mut stray = Vec::new();
    let mut index = 0;
    while index < args.len() {
        let word = args[index].as_ref();
        index += 1;
        if word == "--" {
            stray.extend(args[index..].iter().map(|s| s.as_ref().to_string()));
            break;
        }
        let (name, inline) = if let Some(long) = word.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if let Some(short) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let mut chars = short.chars();
            let letter = chars.next().unwrap_or('-');
            let rest: String = chars.collect();
            let inline = if rest.is_empty() {
                None
            } else {
                Some(rest.strip_prefix('=').unwrap_or(&rest).to_string())
            };
            let name = long_of(letter).map_or_else(|| letter.to_string(), str::to_string);
            (name, inline)
        } else {
            stray.push(word.to_string());
            continue;
        };
        let kind = kind_of(&name);
        let mut text = word.to_string();
        let (value, explicit) = match (inline, kind) {
            (Some(v), _) => (v, true),
            (None, Some(FlagKind::Bool)) => ("true".to_string(), false),
            (None, _) => match args.get(index).map(|a| a.as_ref()) {
                Some(next) if !next.starts_with('-') || kind.is_some() => {
                    index += 1;
                    text = format!("{word} {next}");
                    (next.to_string(), true)
                }
                _ => ("true".to_string(), false),
            },
        };
        uses.push(FlagUse {
            name,
            value,
            explicit,
            text,
        });
    }
    (uses, stray)
}

impl DockerdArgs {
    /// Parses dockerd's arguments (argument 0 excluded).
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Self {
        let (uses, stray) = parse_pflag_line(
            args,
            |long| spec_by_long(long).map(|s| s.kind),
            |letter| spec_by_short(letter).map(|s| s.long),
        );
        DockerdArgs { uses, stray }
    }

    /// Every value given to the flags that map to a `daemon.json` key, in order.
    pub fn values_for_key(&self, json_key: &str) -> Vec<(&FlagUse, &'static FlagSpec)> {
        self.uses
            .iter()
            .filter_map(|u| spec_by_long(&u.name).map(|s| (u, s)))
            .filter(|(_, s)| s.json_key == json_key && !json_key.is_empty())
            .collect()
    }

    /// The last value of a flag, by long name.
    pub fn last(&self, long: &str) -> Option<&str> {
        self.uses
            .iter()
            .rev()
            .find(|u| u.name == long)
            .map(|u| u.value.as_str())
    }
}

/// Where an effective setting came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    /// Set explicitly.
    Set {
        /// The value, as `daemon.json` would hold it.
        value: Value,
        /// Flag or file (and line) it came from.
        source: String,
        /// The same directive also appears in the other place (dockerd refuses to start so).
        conflict: Option<String>,
    },
    /// Not set anywhere: dockerd's built-in default applies.
    Default {
        /// Why we know it is not set.
        source: String,
    },
    /// Cannot be known.
    Unknown {
        /// Why.
        reason: String,
    },
}

impl Lookup {
    /// The explicit value, if set.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Lookup::Set { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The value as a boolean, with `default` when unset. `Err` carries the reason it is unknown.
    pub fn as_bool(&self, default: bool) -> Result<bool, String> {
        match self {
            Lookup::Set { value, source, .. } => match value {
                Value::Bool(b) => Ok(*b),
                Value::String(s) => {
                    parse_go_bool(s).ok_or_else(|| format!("{source}: `{s}` is not a boolean"))
                }
                other => Err(format!("{source}: `{other}` is not a boolean")),
            },
            Lookup::Default { .. } => Ok(default),
            Lookup::Unknown { reason } => Err(reason.clone()),
        }
    }

    /// The value as a string, `None` when unset. `Err` carries the reason it is unknown.
    pub fn as_string(&self) -> Result<Option<String>, String> {
        match self {
            Lookup::Set { value, .. } => Ok(Some(match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })),
            Lookup::Default { .. } => Ok(None),
            Lookup::Unknown { reason } => Err(reason.clone()),
        }
    }

    /// The value as a list of strings (an empty list when unset; map keys for objects).
    pub fn as_list(&self) -> Result<Vec<String>, String> {
        match self {
            Lookup::Set { value, .. } => Ok(match value {
                Value::Array(items) => items
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                    .collect(),
                Value::Object(map) => map.keys().cloned().collect(),
                Value::Null => Vec::new(),
                Value::String(s) => vec![s.clone()],
                other => vec![other.to_string()],
            }),
            Lookup::Default { .. } => Ok(Vec::new()),
            Lookup::Unknown { reason } => Err(reason.clone()),
        }
    }

    /// Where the value came from, for evidence.
    pub fn source(&self) -> String {
        match self {
            Lookup::Set {
                source, conflict, ..
            } => match conflict {
                Some(c) => format!("{source} (also set in {c}: dockerd refuses to start so)"),
                None => source.clone(),
            },
            Lookup::Default { source } => source.clone(),
            Lookup::Unknown { reason } => reason.clone(),
        }
    }
}

/// dockerd's settings as the facts show them.
#[derive(Debug, Clone)]
pub struct DaemonView<'a> {
    args: Result<(DockerdArgs, String), String>,
    file: &'a DaemonConfigFile,
}

impl<'a> DaemonView<'a> {
    /// Builds the view from the host facts: the running dockerd's command line, or else the
    /// `ExecStart=` of docker.service when dockerd does not run (and every process could be
    /// read, so that it is known not to run).
    pub fn new(host: &'a HostFacts) -> Self {
        let args = match &host.dockerd {
            Probe::Known { value } => Ok((
                DockerdArgs::parse(value.argv.get(1..).unwrap_or_default()),
                format!("dockerd command line (pid {})", value.pid),
            )),
            // Processes hidden from the auditor may include dockerd: then the unit's
            // `ExecStart=` is no stand-in for the command line it runs with.
            Probe::Unavailable { reason } if host.processes_unreadable > 0 => Err(format!(
                "dockerd's command line could not be read: {reason}"
            )),
            Probe::Unavailable { reason } => {
                let unit = host
                    .units
                    .iter()
                    .find(|u| u.name == "docker.service")
                    .and_then(|u| u.exec_start.as_ref().zip(u.path.as_ref()));
                match unit {
                    Some((argv, path)) => Ok((
                        DockerdArgs::parse(argv.get(1..).unwrap_or_default()),
                        format!("ExecStart of {path} (dockerd not running)"),
                    )),
                    None => Err(format!(
                        "dockerd's command line could not be read: {reason}"
                    )),
                }
            }
        };
        DaemonView {
            args,
            file: &host.daemon_config,
        }
    }

    /// Builds the view from explicit parts (tests and callers with their own args).
    pub fn from_parts(
        args: Result<(DockerdArgs, String), String>,
        file: &'a DaemonConfigFile,
    ) -> Self {
        DaemonView { args, file }
    }

    /// The parsed command line, when known.
    pub fn args(&self) -> Option<&DockerdArgs> {
        self.args.as_ref().ok().map(|(a, _)| a)
    }

    /// The configuration file facts.
    pub fn file(&self) -> &DaemonConfigFile {
        self.file
    }

    /// The effective value of a `daemon.json` key.
    pub fn lookup(&self, json_key: &str) -> Lookup {
        let from_file = match &self.file.content {
            ConfigContent::Parsed { settings } => settings
                .get(json_key)
                .map(|v| (v.clone(), format!("{} key \"{json_key}\"", self.file.path))),
            _ => None,
        };
        if let Ok((args, source)) = &self.args {
            let uses = args.values_for_key(json_key);
            if let Some((_, spec)) = uses.last() {
                let value = match spec.kind {
                    FlagKind::Bool => {
                        let raw = &uses
                            .last()
                            .map(|(u, _)| u.value.clone())
                            .unwrap_or_default();
                        match parse_go_bool(raw) {
                            Some(b) => Value::Bool(b),
                            None => Value::String(raw.clone()),
                        }
                    }
                    FlagKind::Scalar => Value::String(
                        uses.last()
                            .map(|(u, _)| u.value.clone())
                            .unwrap_or_default(),
                    ),
                    FlagKind::List => Value::Array(
                        uses.iter()
                            .map(|(u, _)| Value::String(u.value.clone()))
                            .collect(),
                    ),
                };
                let flags: Vec<String> =
                    uses.iter().map(|(u, _)| format!("--{}", u.name)).collect();
                let mut flags = flags;
                flags.dedup();
                return Lookup::Set {
                    value,
                    source: format!("{source}: {}", flags.join(", ")),
                    conflict: from_file.as_ref().map(|(_, s)| s.clone()),
                };
            }
        }
        if let Some((value, source)) = from_file {
            return Lookup::Set {
                value,
                source,
                conflict: None,
            };
        }
        match &self.file.content {
            ConfigContent::Invalid {
                message,
                line,
                column,
            } => {
                return Lookup::Unknown {
                    reason: format!(
                        "{} is not valid JSON{}: {message}",
                        self.file.path,
                        match (line, column) {
                            (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
                            _ => String::new(),
                        }
                    ),
                };
            }
            ConfigContent::Unreadable { reason } => {
                return Lookup::Unknown {
                    reason: format!("{} could not be read: {reason}", self.file.path),
                };
            }
            _ => {}
        }
        match &self.args {
            Ok((_, source)) => Lookup::Default {
                source: format!(
                    "not set in {} nor in the {source}: dockerd's default",
                    self.file.path
                ),
            },
            Err(reason) => Lookup::Unknown {
                reason: reason.clone(),
            },
        }
    }

    /// Addresses dockerd listens on (`-H`/`hosts`), with the unix default when none is set.
    pub fn hosts(&self) -> Result<Vec<String>, String> {
        let hosts = self.lookup("hosts").as_list()?;
        if hosts.is_empty() {
            Ok(vec!["unix:///var/run/docker.sock".to_string()])
        } else {
            Ok(hosts)
        }
    }
}

/// Items of a comma-separated value.
pub fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Feature gates written `A=true,B=false`: the value of one gate, the last assignment winning.
pub fn feature_gate(value: &str, gate: &str) -> Option<String> {
    split_list(value).iter().rev().find_map(|item| {
        let (name, v) = item.split_once('=')?;
        (name.trim() == gate).then(|| v.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file_with(settings: Value) -> DaemonConfigFile {
        DaemonConfigFile {
            path: "/etc/docker/daemon.json".into(),
            chosen_by: "default".into(),
            content: ConfigContent::Parsed {
                settings: settings.as_object().cloned().unwrap_or_default(),
            },
        }
    }

    fn view<'a>(args: &[&str], file: &'a DaemonConfigFile) -> DaemonView<'a> {
        DaemonView::from_parts(Ok((DockerdArgs::parse(args), "cmdline".into())), file)
    }

    #[test]
    fn both_flag_forms_and_last_occurrence_wins() {
        let args = DockerdArgs::parse(&["--log-level", "warn", "--log-level=debug", "-H", "fd://"]);
        assert_eq!(args.last("log-level"), Some("debug"));
        assert_eq!(args.last("host"), Some("fd://"));
        let args = DockerdArgs::parse(&["-ldebug", "-l=error"]);
        assert_eq!(args.last("log-level"), Some("error"));
    }

    #[test]
    fn boolean_flags_take_values_only_after_equals() {
        let args = DockerdArgs::parse(&["--icc", "false"]);
        assert_eq!(args.last("icc"), Some("true"));
        assert_eq!(args.stray, vec!["false"]);
        let args = DockerdArgs::parse(&["--icc=false", "--selinux-enabled"]);
        assert_eq!(args.last("icc"), Some("false"));
        assert_eq!(args.last("selinux-enabled"), Some("true"));
    }

    #[test]
    fn flag_outranks_file_and_file_outranks_default() {
        let file = file_with(json!({"log-level": "info", "icc": false}));
        let v = view(&["--log-level=debug"], &file);
        assert_eq!(
            v.lookup("log-level").as_string().unwrap().as_deref(),
            Some("debug")
        );
        assert!(matches!(
            v.lookup("log-level"),
            Lookup::Set {
                conflict: Some(_),
                ..
            }
        ));
        assert!(!v.lookup("icc").as_bool(true).unwrap());
        assert!(v.lookup("iptables").as_bool(true).unwrap());
        assert!(matches!(v.lookup("iptables"), Lookup::Default { .. }));
    }

    #[test]
    fn list_flags_accumulate() {
        let file = file_with(json!({}));
        let v = view(
            &[
                "--insecure-registry",
                "a:5000",
                "--insecure-registry=b:5000",
            ],
            &file,
        );
        assert_eq!(
            v.lookup("insecure-registries").as_list().unwrap(),
            vec!["a:5000", "b:5000"]
        );
    }

    #[test]
    fn invalid_file_makes_unset_keys_unknown_but_keeps_flags() {
        let file = DaemonConfigFile {
            path: "/etc/docker/daemon.json".into(),
            chosen_by: "default".into(),
            content: ConfigContent::Invalid {
                message: "trailing comma".into(),
                line: Some(3),
                column: Some(1),
            },
        };
        let v = view(&["--icc=false"], &file);
        assert!(!v.lookup("icc").as_bool(true).unwrap());
        let err = v.lookup("iptables").as_bool(true).unwrap_err();
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn unreadable_command_line_makes_unset_keys_unknown() {
        let file = file_with(json!({"icc": false}));
        let v = DaemonView::from_parts(Err("no dockerd".into()), &file);
        assert!(!v.lookup("icc").as_bool(true).unwrap());
        assert!(v.lookup("iptables").as_bool(true).is_err());
    }

    #[test]
    fn go_booleans() {
        assert_eq!(parse_go_bool("T"), Some(true));
        assert_eq!(parse_go_bool("0"), Some(false));
        assert_eq!(parse_go_bool("yes"), None);
    }
}
