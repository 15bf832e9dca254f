//! What an audit is asked to look at and how to judge it: the command line's choices as
//! plain data, so that any front end (the CLI, a test, a fleet run) can ask for the same audit.

use drydock_model::facts::SourceKind;
use drydock_model::model::Severity;
use std::path::PathBuf;
use std::time::Duration;

/// Where the host's facts come from.
#[derive(Debug, Clone)]
pub struct SourceOptions {
    /// Host filesystem root (`/` for the live host).
    pub root: PathBuf,
    /// Docker endpoint; `None`: `DOCKER_HOST`, then the system socket, then the rootless one.
    pub docker_host: Option<String>,
    /// TLS material of the endpoint (a docker context's); `None`: `DOCKER_CERT_PATH`.
    pub tls_dir: Option<PathBuf>,
    /// Only list running containers.
    pub running_only: bool,
    /// Do not contact the Docker engine.
    pub no_engine: bool,
    /// How long each Engine API request may take.
    pub timeout: Duration,
    /// Export every local image and read its layers.
    pub image_layers: bool,
    /// Also audit the host as a Kubernetes node.
    pub kubernetes: bool,
    /// Do not audit the Docker host.
    pub no_docker: bool,
}

impl Default for SourceOptions {
    fn default() -> Self {
        SourceOptions {
            root: PathBuf::from("/"),
            docker_host: None,
            tls_dir: None,
            running_only: false,
            no_engine: false,
            timeout: Duration::from_secs(30),
            image_layers: false,
            kubernetes: false,
            no_docker: false,
        }
    }
}

/// Which project files are audited.
#[derive(Debug, Clone, Default)]
pub struct ProjectOptions {
    /// Files and directories; `-` is standard input. Empty: the current directory.
    pub paths: Vec<PathBuf>,
    /// Audit only the files, not the Docker host.
    pub no_host: bool,
    /// Audit only the Docker host, no files.
    pub no_files: bool,
    /// What standard input holds; `None`: decided from its text.
    pub stdin_type: Option<SourceKind>,
    /// Compose files merged in order into one project.
    pub compose_files: Vec<PathBuf>,
    /// Also read files that .gitignore and .ignore exclude.
    pub no_ignore: bool,
    /// Also enter hidden files and directories.
    pub hidden: bool,
}

/// Everything one audit is asked for.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// Where the host's facts come from.
    pub source: SourceOptions,
    /// Which project files are audited.
    pub project: ProjectOptions,
    /// Evaluate facts from `drydock collect` instead of collecting.
    pub facts: Option<PathBuf>,
    /// Take the results from docker-bench-security's or kube-bench's JSON instead.
    pub evidence: Vec<PathBuf>,
    /// The user's threat model file; `None`: `drydock-threats.yaml` in the audited directory.
    pub threat_model: Option<PathBuf>,
    /// Benchmark numbering; `None`: the configuration's, else CIS Docker 1.6.0.
    pub benchmark: Option<String>,
    /// The configuration file; `None`: `drydock.toml` in the audited directory.
    pub config: Option<PathBuf>,
    /// Ignore `drydock.toml`.
    pub no_config: bool,
    /// An earlier JSON report whose findings are set aside.
    pub baseline: Option<PathBuf>,
    /// Users allowed in the docker group.
    pub trusted_users: Vec<String>,
    /// Registries base images may come from.
    pub allowed_registries: Vec<String>,
    /// Kubernetes version whose Pod Security Standards apply.
    pub pss_version: Option<String>,
    /// Only these rules.
    pub rules: Vec<String>,
    /// Skip these rules.
    pub skip: Vec<String>,
    /// Only rules of these severities (empty: all).
    pub severities: Vec<Severity>,
    /// Only rules of at least this severity.
    pub min_severity: Option<Severity>,
    /// An offline vulnerability database: a directory of OSV records.
    pub vuln_db: Option<PathBuf>,
    /// Known vulnerabilities with a fix at or above this severity fail an image.
    pub vuln_threshold: Option<Severity>,
    /// Oldest vulnerability data, in days, that can show an image clean.
    pub vuln_max_age_days: Option<u32>,
}
