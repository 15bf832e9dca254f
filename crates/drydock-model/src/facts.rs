//! Facts: everything the collectors read, as typed, serialisable data.
//!
//! A fact that could not be read is kept with the reason (`Probe::Unavailable`,
//! `FileProbe::Unreadable`), so a rule can answer *unknown* instead of guessing. Facts written by
//! `drydock collect` are read back by `drydock audit --facts` on another machine, so every type
//! here is part of the facts file format (versioned by [`FACTS_SCHEMA_VERSION`]).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the facts file format; bumped on any incompatible change.
pub const FACTS_SCHEMA_VERSION: u32 = 1;

/// A fact that was read, or the reason it could not be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Probe<T> {
    /// The source answered.
    Known { value: T },
    /// The source could not be asked or did not answer; `reason` says why.
    Unavailable { reason: String },
}

impl<T> Probe<T> {
    /// The value, when known.
    pub fn known(&self) -> Option<&T> {
        match self {
            Probe::Known { value } => Some(value),
            Probe::Unavailable { .. } => None,
        }
    }

    /// The value, when known, to change.
    pub fn known_mut(&mut self) -> Option<&mut T> {
        match self {
            Probe::Known { value } => Some(value),
            Probe::Unavailable { .. } => None,
        }
    }

    /// The reason the fact is missing, when it is.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Probe::Known { .. } => None,
            Probe::Unavailable { reason } => Some(reason),
        }
    }

    /// Shorthand for an unavailable fact.
    pub fn unavailable(reason: impl Into<String>) -> Self {
        Probe::Unavailable {
            reason: reason.into(),
        }
    }

    /// Shorthand for a known fact.
    pub fn of(value: T) -> Self {
        Probe::Known { value }
    }
}

/// Why the engine facts are missing when the user asked drydock not to contact the engine
/// (`--no-engine`): a scope chosen, not a source that failed.
pub const ENGINE_NOT_REQUESTED: &str = "not requested (--no-engine)";

/// Everything collected about one Docker host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Format version of this document.
    pub schema_version: u32,
    /// drydock version that collected the facts.
    pub collector_version: String,
    /// Host filesystem root the host facts were read from (`/` for the live host).
    pub root: String,
    /// Whether the Docker host was audited (false with `--no-host`: only project files).
    #[serde(default = "default_true")]
    pub host_audited: bool,
    /// Facts read from the host's files and processes.
    pub host: HostFacts,
    /// Facts read from the Docker Engine API.
    pub engine: Probe<EngineFacts>,
    /// Files of a project tree (Dockerfiles, compose files, image archives).
    #[serde(default)]
    pub project: ProjectFacts,
    /// The Kubernetes node, when it was audited (`--kubernetes`).
    #[serde(default)]
    pub kubernetes: Option<KubeNodeFacts>,
    /// The offline vulnerability database, when one was given (`--vuln-db`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerability_db: Option<VulnDbFacts>,
}

impl Facts {
    /// Masks every credential in the text the facts carry, for a facts file that leaves the
    /// machine (`drydock collect`): project files are masked line by line in place (lines
    /// keep their numbers), compose variables and `extends` files likewise. Rules read a mask
    /// as the secret it stands for, so the findings from such a file stay the same.
    pub fn redact_secrets(&mut self) {
        use crate::secrets::{redact_source, redact_text};
        for file in &mut self.project.files {
            if let Probe::Known { value } = &mut file.content {
                *value = redact_source(value);
            }
        }
        for set in &mut self.project.compose_sets {
            for value in set.variables.values_mut() {
                *value = redact_text(value);
            }
            for (_, content) in &mut set.extends_files {
                if let Probe::Known { value } = content {
                    *value = redact_source(value);
                }
            }
        }
    }

    /// Every image archive read: the project's files, then the local images whose layers were
    /// exported (`--image-layers`).
    pub fn archives(&self) -> impl Iterator<Item = &ImageArchiveFacts> {
        let local = self
            .engine
            .known()
            .map(|e| e.image_layers.as_slice())
            .unwrap_or_default();
        self.project.archives.iter().chain(local)
    }
}

/// What was read on a Kubernetes node: its components' command lines and the configuration
/// files they name. File metadata (modes, owners) lives in [`HostFacts::files`] like the Docker
/// host's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct KubeNodeFacts {
    /// Components found, in a fixed order (API server, controller manager, scheduler, etcd,
    /// kubelet, kube-proxy). A component not listed was not found anywhere drydock looked.
    pub components: Vec<KubeComponent>,
    /// Text of the configuration files the components name (kubelet configuration and its
    /// drop-ins, structured authentication and authorization configuration, encryption
    /// configuration, audit policy, kube-proxy and etcd configuration), by host path.
    pub files: BTreeMap<String, Probe<String>>,
    /// Files found below the directories walked for the file controls (`/etc/kubernetes/pki`,
    /// the CNI directories), by directory.
    pub trees: BTreeMap<String, Probe<Vec<String>>>,
    /// Why running processes could not be listed (`None`: they were).
    pub processes_unlisted: Option<String>,
    /// The kubelet's systemd unit file and its drop-ins, wherever the kubelet runs from.
    pub kubelet_unit_files: Vec<String>,
    /// Where drydock looked for components, for messages about absent ones.
    pub searched: Vec<String>,
    /// Problems met while reading (a static pod manifest that does not parse, an unreadable
    /// unit), each naming its file.
    pub problems: Vec<String>,
}

/// One Kubernetes component on the node and how it is started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KubeComponent {
    /// `kube-apiserver`, `kube-controller-manager`, `kube-scheduler`, `etcd`, `kubelet` or
    /// `kube-proxy`.
    pub name: String,
    /// Where its command line was read.
    pub source: ComponentSource,
    /// Its arguments after the program name, as the program receives them.
    pub args: Vec<String>,
    /// Environment variables that configure it (`ETCD_*` for etcd), last assignment last.
    pub env: Vec<(String, String)>,
    /// Container paths mounted from the host (`mountPath` → `hostPath`) for a static pod, so
    /// the files its flags name can be found on the host.
    pub mounts: Vec<(String, String)>,
}

/// Where a component's command line came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ComponentSource {
    /// A running process (what is applied now).
    Process {
        /// Its pid.
        pid: u32,
        /// The static pod manifest of the same component, when there is one.
        manifest: Option<String>,
    },
    /// A static pod manifest (the component was not seen running).
    StaticPod {
        /// Path of the manifest.
        path: String,
        /// Line of the container's `command`.
        line: usize,
    },
    /// A systemd unit's `ExecStart`, with its drop-ins and environment files applied.
    Unit {
        /// The unit file and its drop-ins.
        files: Vec<String>,
        /// Environment files it reads (`kubeadm-flags.env`, `/etc/default/kubelet`).
        environment_files: Vec<String>,
    },
}

impl ComponentSource {
    /// Words for messages: where the settings were read.
    pub fn describe(&self) -> String {
        match self {
            ComponentSource::Process { pid, .. } => format!("the running process (pid {pid})"),
            ComponentSource::StaticPod { path, .. } => format!("the static pod manifest {path}"),
            ComponentSource::Unit { files, .. } => format!(
                "the systemd unit {}",
                files.first().map_or("", String::as_str)
            ),
        }
    }
}

/// The files drydock found under the paths it was given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ProjectFacts {
    /// The paths the user named.
    pub roots: Vec<String>,
    /// Dockerfiles and compose files, with their text.
    pub files: Vec<SourceFile>,
    /// Compose files that make one project, in merge order (a file and its overrides).
    pub compose_sets: Vec<ComposeSet>,
    /// Image archives (`docker save` tarballs, OCI layouts), as read.
    pub archives: Vec<ImageArchiveFacts>,
    /// Files that looked relevant but were not read, and why: the audit is incomplete.
    pub skipped: Vec<SkippedFile>,
    /// What the walk passed over on purpose, for the report's notes (a Helm chart's templates,
    /// which are audited from their rendered output).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// What kind of project file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A Dockerfile or Containerfile.
    Dockerfile,
    /// A compose file.
    Compose,
    /// Kubernetes manifests (YAML, multi-document, or JSON such as a `kubectl get -o json` dump).
    Kubernetes,
}

/// A project file and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceFile {
    /// Path as shown to the user.
    pub path: String,
    /// What it is.
    pub kind: SourceKind,
    /// Its text, or why it could not be read.
    pub content: Probe<String>,
    /// Whether its build context holds a `.dockerignore` (Dockerfiles).
    #[serde(default)]
    pub dockerignore: bool,
    /// How the text differs from the file's bytes, when it does (decoded from UTF-16, bytes
    /// that are not UTF-8 replaced): drydock offers no fix for such a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recoded: Option<String>,
}

/// Compose files merged into one project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ComposeSet {
    /// Paths in merge order.
    pub files: Vec<String>,
    /// Variables the files refer to, from the environment and the project's `.env` (values of
    /// secret-looking names masked).
    pub variables: BTreeMap<String, String>,
    /// Other files `extends` refers to: path as written (relative to the referring file) and text.
    pub extends_files: Vec<(String, Probe<String>)>,
    /// Active profiles (`COMPOSE_PROFILES`); services of other profiles are still audited.
    pub profiles: Vec<String>,
    /// What could not be read for it (a `.env` over the size limit, not a regular file): its
    /// variables may be missing, so the audit is incomplete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// A file that was passed over.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// Its path.
    pub path: String,
    /// Why.
    pub reason: String,
}

/// What was read from an image archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ImageArchiveFacts {
    /// Path of the archive or layout directory.
    pub path: String,
    /// Images found in it.
    pub images: Vec<ArchivedImage>,
    /// Problems (refused entries, unreadable parts); the rest was still read.
    pub problems: Vec<String>,
}

/// One image of an archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ArchivedImage {
    /// Tags (or the config digest when untagged).
    pub name: String,
    /// `config.User`.
    pub user: String,
    /// `config.Healthcheck.Test`.
    pub healthcheck: Option<Vec<String>>,
    /// `config.Env`, secret-looking values masked.
    pub env: Vec<String>,
    /// `config.ExposedPorts`.
    pub exposed_ports: Vec<String>,
    /// Files with setuid or setgid bits in the final filesystem: path and mode.
    pub setuid_files: Vec<(String, u32)>,
    /// Files that hold private keys or credentials: path and what was recognised.
    pub secret_files: Vec<(String, String)>,
    /// Number of layers read.
    pub layers: usize,
    /// Layers the manifest lists that could not be read whole (absent, refused, cut off), each
    /// with why: the file checks of the image are unknown, not passed, while any is listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread_layers: Vec<String>,
    /// The distribution, from the final filesystem's `etc/os-release` (or `usr/lib/os-release`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<OsFacts>,
    /// Installed packages, from the dpkg or apk database of the final filesystem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<PackageFacts>,
    /// Package databases present but not read, and why (RPM, for now).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages_unread: Vec<String>,
    /// What the vulnerability database (`--vuln-db`) says of the packages; `None` when no
    /// database was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerabilities: Option<ImageVulnFacts>,
}

/// The packages of an image matched against a vulnerability database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ImageVulnFacts {
    /// The OSV ecosystem of the image's release (`Debian:12`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
    /// Why the packages could not be matched (no release, a release without an ecosystem,
    /// an ecosystem the database holds no records of); empty when they were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unmatched: String,
    /// The vulnerabilities of its packages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<VulnFacts>,
}

/// A known vulnerability of an installed package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnFacts {
    /// Advisory id (`DSA-5514-1`).
    pub id: String,
    /// Its aliases (CVE ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Installed binary package.
    pub package: String,
    /// Its version.
    pub installed: String,
    /// First fixed version above it; `None`: no fix published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// `critical`, `high`, `medium`, `low` or `unknown`.
    pub severity: String,
    /// CVSS base score, when the record gave a vector.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// One-line summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
}

/// The offline vulnerability database read (`--vuln-db DIR`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VulnDbFacts {
    /// Its directory.
    pub path: String,
    /// Records read.
    pub records: usize,
    /// Records per ecosystem.
    pub ecosystems: BTreeMap<String, usize>,
    /// When `drydock vulndb update` last fetched it (`YYYY-MM-DD`), from its stamp file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// The newest `modified` date of its records (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_record: Option<String>,
    /// Files that could not be read, each with why; the other records were used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

fn default_true() -> bool {
    true
}

/// A distribution release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct OsFacts {
    /// `ID` (`debian`, `ubuntu`, `alpine`).
    pub id: String,
    /// `VERSION_ID`.
    pub version_id: String,
    /// `VERSION_CODENAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codename: Option<String>,
    /// `PRETTY_NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pretty_name: Option<String>,
}

/// An installed package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageFacts {
    /// `deb` or `apk`.
    pub manager: String,
    /// Binary package name.
    pub name: String,
    /// Installed version.
    pub version: String,
    /// Source package (Debian) or origin (Alpine), when it differs from the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source package's version, when it differs from the installed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_version: Option<String>,
    /// Architecture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
}

/// Facts read from the host's files and processes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HostFacts {
    /// Set when the audited engine is another machine's (`tcp://`, `ssh://`): that host's files,
    /// processes and dockerd flags were not read, and this says why. Its host controls are
    /// unknown, never judged on this machine's files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// Host name, when known.
    pub hostname: Option<String>,
    /// The running dockerd process.
    pub dockerd: Probe<ProcessFacts>,
    /// The running containerd process (standalone or started by dockerd).
    pub containerd: Probe<ProcessFacts>,
    /// The daemon configuration file dockerd reads.
    pub daemon_config: DaemonConfigFile,
    /// systemd units of Docker and containerd.
    pub units: Vec<UnitFacts>,
    /// Metadata of every host path a rule asks about, keyed by absolute path on the host.
    pub files: BTreeMap<String, FileProbe>,
    /// Regular files below `/etc/docker/certs.d`.
    pub registry_certs: Probe<Vec<String>>,
    /// Audit rules.
    pub audit: AuditFacts,
    /// The docker group and its members.
    pub docker_group: Probe<GroupFacts>,
    /// Mount table of the host.
    pub mounts: Probe<Vec<MountEntry>>,
    /// TCP sockets in the LISTEN state.
    pub tcp_listeners: Probe<Vec<TcpListener>>,
    /// `DOCKER_CONTENT_TRUST` as set for the auditing user and in `/etc/environment`.
    pub content_trust: ContentTrustFacts,
    /// Whether the audited daemon is a rootless one, when known.
    pub rootless: Option<bool>,
    /// Processes in `/proc` whose command line drydock was not allowed to read.
    #[serde(default)]
    pub processes_unreadable: usize,
}

impl Default for Probe<ProcessFacts> {
    fn default() -> Self {
        Probe::unavailable("not collected")
    }
}

impl<T> Default for Probe<Vec<T>> {
    fn default() -> Self {
        Probe::unavailable("not collected")
    }
}

impl Default for Probe<GroupFacts> {
    fn default() -> Self {
        Probe::unavailable("not collected")
    }
}

/// A running process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessFacts {
    /// Process id in the host's PID namespace (as seen by drydock).
    pub pid: u32,
    /// Resolved executable path, when readable.
    pub exe: Option<String>,
    /// Full command line, argument 0 included.
    pub argv: Vec<String>,
}

/// Where dockerd's configuration file is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DaemonConfigFile {
    /// Path of the file dockerd reads.
    pub path: String,
    /// Why this path: `default`, `--config-file flag`, `rootless default`.
    pub chosen_by: String,
    /// The file's content.
    pub content: ConfigContent,
}

/// The content of a JSON configuration file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConfigContent {
    /// The file does not exist (dockerd then runs on its defaults and flags).
    #[default]
    Absent,
    /// The file parsed; `settings` is its top-level object.
    Parsed {
        settings: serde_json::Map<String, serde_json::Value>,
    },
    /// The file exists but is not a valid configuration.
    Invalid {
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    },
    /// The file could not be read.
    Unreadable { reason: String },
}

/// A systemd unit and its drop-ins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitFacts {
    /// Unit name, e.g. `docker.service`.
    pub name: String,
    /// Host path of the unit file in effect, if one was found.
    pub path: Option<String>,
    /// Host paths of its drop-in files, in the order systemd applies them.
    pub drop_ins: Vec<String>,
    /// Effective `ExecStart=` command line, after drop-ins.
    pub exec_start: Option<Vec<String>>,
    /// Effective `ListenStream=` values (socket units).
    pub listen_stream: Vec<String>,
    /// Problems met while reading the unit (unreadable files).
    pub problems: Vec<String>,
}

/// The answer to a `stat` of one path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FileProbe {
    /// The path exists.
    Present(FileStat),
    /// The path does not exist.
    Absent,
    /// The path could not be examined.
    Unreadable { reason: String },
}

/// Kind of a filesystem object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    File,
    Directory,
    Socket,
    Symlink,
    Other,
}

/// Ownership and mode of a path (after resolving symlinks inside the audited root).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileStat {
    /// What the path is.
    pub kind: FileKind,
    /// Permission bits, setuid/setgid/sticky included (`mode & 0o7777`).
    pub mode: u32,
    /// Owner uid.
    pub uid: u32,
    /// Owner gid.
    pub gid: u32,
    /// Owner name from the audited root's `/etc/passwd`, when listed there.
    pub user: Option<String>,
    /// Group name from the audited root's `/etc/group`, when listed there.
    pub group: Option<String>,
    /// The path the symlinks led to, when it differs from the one asked for.
    pub resolved: Option<String>,
}

/// Audit rules loaded in the kernel and written in the rules files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AuditFacts {
    /// Rules loaded in the kernel (`auditctl -l`).
    pub loaded: Probe<Vec<AuditRule>>,
    /// Rules in `/etc/audit/audit.rules` and `/etc/audit/rules.d/*.rules`.
    pub persistent: Probe<Vec<AuditRule>>,
    /// Whether auditd looks installed (its binaries or configuration directory exist).
    pub installed: Option<bool>,
}

/// One file-watch audit rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRule {
    /// The watched path.
    pub path: String,
    /// Whether the rule watches a directory tree (`-w DIR` or `-F dir=`).
    pub recursive: bool,
    /// Permission filter (`rwxa`), empty when it watches every access.
    pub perms: String,
    /// Where the rule came from (`auditctl -l` or file:line).
    pub origin: String,
}

/// The docker group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFacts {
    /// Whether the group exists.
    pub exists: bool,
    /// Its gid.
    pub gid: Option<u32>,
    /// Members listed in `/etc/group`.
    pub members: Vec<String>,
    /// Users whose primary group is the docker group (`/etc/passwd`).
    pub primary_members: Vec<String>,
}

/// One line of the mount table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MountEntry {
    /// Where it is mounted.
    pub mount_point: String,
    /// Device as `major:minor`.
    pub device: String,
    /// Root of the mount inside its filesystem (not `/` for bind mounts).
    pub fs_root: String,
    /// Filesystem type.
    pub fs_type: String,
    /// Mount source.
    pub source: String,
}

/// A listening TCP socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TcpListener {
    /// Local address (IPv4 or IPv6 text form).
    pub address: String,
    /// Local port.
    pub port: u16,
}

/// `DOCKER_CONTENT_TRUST` as seen by drydock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContentTrustFacts {
    /// Value in drydock's own environment (the auditing shell's).
    pub process_env: Option<String>,
    /// Value in the audited root's `/etc/environment`.
    pub etc_environment: Option<String>,
}

/// Facts read from the Docker Engine API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EngineFacts {
    /// Endpoint drydock talked to.
    pub endpoint: String,
    /// API version negotiated with the daemon.
    pub api_version: String,
    /// `/version`.
    pub version: VersionFacts,
    /// `/info`.
    pub info: InfoFacts,
    /// Every container (or only running ones with `--running-only`).
    pub containers: Vec<ContainerFacts>,
    /// Containers listed but not inspected (removed meanwhile, or an error).
    pub skipped: Vec<SkippedObject>,
    /// Every image.
    pub images: Vec<ImageFacts>,
    /// Every network.
    pub networks: Vec<NetworkFacts>,
    /// Swarm state, when this node is a swarm manager.
    pub swarm: Option<SwarmFacts>,
    /// Whether only running containers were listed.
    pub running_only: bool,
    /// Local images whose layers were read (`--image-layers`), as image archives.
    #[serde(default)]
    pub image_layers: Vec<ImageArchiveFacts>,
}

/// An object that was listed but could not be inspected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedObject {
    /// Kind of object (`container`, `image`, `network`).
    pub kind: String,
    /// Its id or name.
    pub id: String,
    /// The name it was listed under (a container's name, an image's first tag), when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why it was skipped.
    pub reason: String,
    /// Whether it no longer exists (removed between listing and inspection). Its checks are
    /// unknown all the same, and the audit incomplete: what it ran with was never seen.
    #[serde(default)]
    pub removed: bool,
}

/// Server version information.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct VersionFacts {
    /// Engine version, e.g. `28.2.2`.
    pub version: String,
    /// Highest API version of the engine.
    pub api_version: String,
    /// Lowest API version the engine accepts.
    pub min_api_version: Option<String>,
    /// Whether experimental features are enabled (older engines report it here).
    pub experimental: Option<bool>,
    /// Operating system of the engine.
    pub os: String,
    /// Kernel version.
    pub kernel_version: Option<String>,
}

/// The parts of `/info` the rules use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct InfoFacts {
    /// Daemon name (host name).
    pub name: String,
    /// Docker root directory.
    pub docker_root_dir: String,
    /// Storage driver.
    pub driver: String,
    /// Default logging driver.
    pub logging_driver: String,
    /// Cgroup driver.
    pub cgroup_driver: Option<String>,
    /// Whether live restore is on.
    pub live_restore_enabled: Option<bool>,
    /// Whether experimental features are on (newer engines).
    pub experimental_build: Option<bool>,
    /// `SecurityOptions`, e.g. `name=seccomp,profile=default`.
    pub security_options: Vec<String>,
    /// Authorization plugins in use.
    pub authorization_plugins: Vec<String>,
    /// Insecure registry CIDRs.
    pub insecure_registry_cidrs: Vec<String>,
    /// Registries marked insecure (by name).
    pub insecure_registries: Vec<String>,
    /// Counts of containers.
    pub containers: u64,
    /// Running containers.
    pub containers_running: u64,
    /// Images.
    pub images: u64,
    /// Swarm state of this node.
    pub swarm: SwarmInfo,
}

/// Swarm membership as `/info` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SwarmInfo {
    /// `inactive`, `pending`, `active`, `error`, `locked`.
    pub local_node_state: String,
    /// Whether this node is a manager.
    pub control_available: bool,
    /// Node id.
    pub node_id: Option<String>,
    /// Address of this node.
    pub node_addr: Option<String>,
    /// Number of managers.
    pub managers: Option<u64>,
    /// Number of nodes.
    pub nodes: Option<u64>,
}

/// A container's security-relevant configuration and state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ContainerFacts {
    /// Full id.
    pub id: String,
    /// Name without the leading slash.
    pub name: String,
    /// Image as given when the container was created.
    pub image: String,
    /// Image id.
    pub image_id: String,
    /// Whether it is running.
    pub running: bool,
    /// State (`running`, `exited`, …).
    pub state: String,
    /// `Config.User`.
    pub user: String,
    /// `HostConfig.Privileged`.
    pub privileged: bool,
    /// `HostConfig.CapAdd`.
    pub cap_add: Vec<String>,
    /// `HostConfig.CapDrop`.
    pub cap_drop: Vec<String>,
    /// `HostConfig.SecurityOpt`.
    pub security_opt: Vec<String>,
    /// `AppArmorProfile`.
    pub apparmor_profile: String,
    /// `ProcessLabel` (SELinux).
    pub process_label: String,
    /// Mounts.
    pub mounts: Vec<MountFacts>,
    /// `HostConfig.NetworkMode`.
    pub network_mode: String,
    /// `HostConfig.PidMode`.
    pub pid_mode: String,
    /// `HostConfig.IpcMode`.
    pub ipc_mode: String,
    /// `HostConfig.UTSMode`.
    pub uts_mode: String,
    /// `HostConfig.UsernsMode`.
    pub userns_mode: String,
    /// `HostConfig.CgroupParent`.
    pub cgroup_parent: String,
    /// Memory limit in bytes (0 = none).
    pub memory: i64,
    /// CPU shares (0 = default).
    pub cpu_shares: i64,
    /// CPU limit in 1e-9 CPUs.
    pub nano_cpus: i64,
    /// CFS quota in microseconds.
    pub cpu_quota: i64,
    /// CPUs the container may use.
    pub cpuset_cpus: String,
    /// PIDs limit (`None` or ≤ 0 = unlimited).
    pub pids_limit: Option<i64>,
    /// Read-only root filesystem.
    pub readonly_rootfs: bool,
    /// Restart policy.
    pub restart_policy: RestartPolicy,
    /// Published ports as they are bound now (running) or configured (stopped).
    pub ports: Vec<PortBinding>,
    /// Devices mapped from the host.
    pub devices: Vec<DeviceMapping>,
    /// Ulimits set for this container.
    pub ulimits: Vec<UlimitFacts>,
    /// Health check from the container's configuration (image default or override).
    pub healthcheck: Option<Vec<String>>,
    /// Current health status, when a health check runs.
    pub health_status: Option<String>,
    /// Networks the container is attached to, by name.
    pub networks: Vec<String>,
    /// Command lines of its processes, for running containers.
    pub processes: Probe<Vec<String>>,
    /// Where the process list was read: the host's `/proc` (matched by cgroup) or the Engine
    /// API's `GET /containers/{id}/top`.
    #[serde(default)]
    pub process_source: String,
    /// Exec instances the engine still remembers.
    pub execs: Vec<ExecFacts>,
    /// Labels (compose project and service names are read from them).
    pub labels: BTreeMap<String, String>,
}

/// A container mount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MountFacts {
    /// `bind`, `volume`, `tmpfs`, `npipe`.
    pub kind: String,
    /// Host path (bind) or volume name.
    pub source: String,
    /// Path inside the container.
    pub destination: String,
    /// Whether it is writable.
    pub rw: bool,
    /// Bind propagation (`rprivate`, `shared`, …).
    pub propagation: String,
}

/// Restart policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct RestartPolicy {
    /// Policy name; empty means `no`.
    pub name: String,
    /// Maximum retries for `on-failure` (0 = unlimited).
    pub maximum_retry_count: i64,
}

/// One published port.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortBinding {
    /// Container port and protocol, e.g. `80/tcp`.
    pub container_port: String,
    /// Host address it is bound to (`""` means every address).
    pub host_ip: String,
    /// Host port (`""` or `0` = chosen by the engine).
    pub host_port: String,
}

impl PortBinding {
    /// `host:port -> container/proto`, with IPv6 hosts in brackets and `*` for every address.
    pub fn describe(&self) -> String {
        let host = match self.host_ip.as_str() {
            "" => "*".to_string(),
            ip if ip.contains(':') => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        let port = if self.host_port.is_empty() {
            "(any)"
        } else {
            &self.host_port
        };
        format!("{host}:{port} -> {}", self.container_port)
    }
}

/// A device mapped into a container.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceMapping {
    /// Device on the host.
    pub path_on_host: String,
    /// Path inside the container.
    pub path_in_container: String,
    /// Cgroup permissions (`rwm`).
    pub permissions: String,
}

/// A ulimit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UlimitFacts {
    /// Limit name.
    pub name: String,
    /// Soft limit.
    pub soft: i64,
    /// Hard limit.
    pub hard: i64,
}

/// An exec instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecFacts {
    /// Exec id.
    pub id: String,
    /// Whether it ran privileged.
    pub privileged: bool,
    /// User it ran as (empty = the container's user).
    pub user: String,
    /// Its command.
    pub command: Vec<String>,
}

/// An image's configuration and history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ImageFacts {
    /// Image id.
    pub id: String,
    /// Repository tags.
    pub repo_tags: Vec<String>,
    /// Repository digests.
    pub repo_digests: Vec<String>,
    /// Creation time as the engine reports it.
    pub created: String,
    /// `Config.User`.
    pub user: String,
    /// `Config.Healthcheck.Test`.
    pub healthcheck: Option<Vec<String>>,
    /// `Config.Env`, with the values of secret-looking variables masked at collection.
    pub env: Vec<String>,
    /// History, newest first, as the engine lists it; secret values masked at collection.
    pub history: Vec<HistoryEntry>,
    /// Ids of containers created from it.
    pub used_by: Vec<String>,
}

/// One history entry of an image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The instruction that made the layer.
    pub created_by: String,
    /// Whether the entry added no layer (metadata only).
    pub empty_layer: bool,
}

/// A network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct NetworkFacts {
    /// Network id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Driver.
    pub driver: String,
    /// Scope (`local`, `swarm`).
    pub scope: String,
    /// Driver options.
    pub options: BTreeMap<String, String>,
    /// Whether it is the swarm ingress network.
    pub ingress: bool,
    /// Ids of attached containers.
    pub containers: Vec<String>,
}

/// Swarm facts, read on a manager node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SwarmFacts {
    /// Whether managers are auto-locked.
    pub autolock_managers: Option<bool>,
    /// Node certificate validity, in nanoseconds.
    pub node_cert_expiry_ns: Option<i64>,
    /// Whether a root CA rotation is in progress.
    pub root_rotation_in_progress: Option<bool>,
    /// Data path port.
    pub data_path_port: Option<u32>,
    /// Nodes.
    pub nodes: Vec<SwarmNode>,
    /// Number of swarm secrets.
    pub secrets: Probe<usize>,
    /// Services and their published ports.
    pub services: Vec<SwarmService>,
}

impl Default for Probe<usize> {
    fn default() -> Self {
        Probe::unavailable("not collected")
    }
}

/// A swarm node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwarmNode {
    /// Node id.
    pub id: String,
    /// Host name.
    pub hostname: String,
    /// `manager` or `worker`.
    pub role: String,
    /// Manager reachability, for managers.
    pub manager_reachability: Option<String>,
    /// Node address.
    pub addr: Option<String>,
    /// Manager address (`ip:port`), for managers.
    pub manager_addr: Option<String>,
}

/// A swarm service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SwarmService {
    /// Service id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Published ports as `published:target/protocol (mode)`.
    pub published_ports: Vec<String>,
}
