//! The subcommands, one file each with its arguments beside it, and the arguments they
//! share: where the facts come from, which files, and how to judge them.

pub mod audit;
pub mod collect;
pub mod diff;
pub mod explain;
pub mod fix;
pub mod merge;
pub mod plan;
pub mod rules;
pub mod schema;
pub mod threats;
pub mod vulndb;

use clap::{Args, ValueEnum};
use drydock_collect::Progress;
use drydock_engine::{AuditOptions, ProjectOptions, SourceOptions};
use drydock_model::facts::SourceKind;
use drydock_model::model::Severity;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args, Clone)]
pub struct SourceArgs {
    /// Read host files under this directory instead of `/` (a mounted or copied host).
    #[arg(long, value_name = "DIR", default_value = "/")]
    pub root: PathBuf,
    /// Docker endpoint (unix:///path or tcp://host:port); default DOCKER_HOST, then the
    /// system socket, then the rootless socket. Repeat it to audit several engines at once
    /// (`audit` only): each is a host of a fleet report. A `tcp://` engine is another
    /// machine's: its host controls are unknown (run drydock there, or merge its report).
    #[arg(long, value_name = "URL")]
    pub docker_host: Vec<String>,
    /// A docker CLI context by name (its endpoint and TLS material, from
    /// `~/.docker/contexts`); repeatable, like --docker-host.
    #[arg(long = "context", value_name = "NAME", value_parser = drydock_engine::contexts::by_name)]
    pub contexts: Vec<drydock_engine::contexts::Endpoint>,
    /// Every docker CLI context (`audit` only).
    #[arg(long)]
    pub all_contexts: bool,
    /// Only list running containers.
    #[arg(long)]
    pub running_only: bool,
    /// Do not contact the Docker engine (host files only; engine controls become unknown).
    #[arg(long)]
    pub no_engine: bool,
    /// Seconds to wait for each Engine API request.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Export every local image and read its layers for setuid/setgid files, keys and
    /// credentials (slower: each image is streamed once).
    #[arg(long)]
    pub image_layers: bool,
    /// Also audit the host as a Kubernetes node against CIS Kubernetes 1.12 sections 1–4
    /// (control plane, etcd, kubelet, kube-proxy), under --root.
    #[arg(long)]
    pub kubernetes: bool,
    /// Do not audit the Docker host (its files and engine), e.g. on a Kubernetes node without
    /// Docker together with --kubernetes.
    #[arg(long)]
    pub no_docker: bool,
}

#[derive(Args, Clone)]
pub struct ProjectArgs {
    /// Files and directories to audit: Dockerfiles, compose files, Kubernetes manifests (YAML
    /// or JSON), image archives (`docker save` tarballs, OCI layouts); `-` reads standard input.
    /// A file named here whose name says nothing is audited by its content, or refused with
    /// the reason. Default: the current directory.
    pub paths: Vec<PathBuf>,
    /// Audit only the files, not the Docker host.
    #[arg(long)]
    pub no_host: bool,
    /// Audit only the Docker host, no files.
    #[arg(long, conflicts_with_all = ["paths", "no_host"])]
    pub no_files: bool,
    /// What standard input (`-`) and the files named on the command line hold, when neither
    /// their names nor their content should decide.
    #[arg(long = "type", value_enum, value_name = "KIND")]
    pub stdin_type: Option<StdinType>,
    /// Compose files merged in order into one project, like `docker compose -f a.yml -f b.yml`.
    #[arg(long = "compose-file", short = 'f', value_name = "FILE")]
    pub compose_files: Vec<PathBuf>,
    /// Also read files that .gitignore and .ignore exclude.
    #[arg(long)]
    pub no_ignore: bool,
    /// Also enter hidden files and directories.
    #[arg(long)]
    pub hidden: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StdinType {
    Dockerfile,
    Compose,
    Kubernetes,
}

#[derive(Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Evaluate facts from `drydock collect` instead of collecting.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["root", "docker_host", "running_only", "no_engine", "paths", "no_host", "no_files", "compose_files", "kubernetes", "no_docker"])]
    pub facts: Option<PathBuf>,
    /// Take the results from docker-bench-security's JSON log, kube-bench's JSON output, or a
    /// vulnerability scanner's report (Trivy's or Grype's JSON: CIS 4.4 per image) instead of
    /// auditing (repeatable).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "root", "docker_host", "running_only", "no_engine", "paths", "no_files", "compose_files", "kubernetes", "no_docker"])]
    pub evidence: Vec<PathBuf>,
    /// Your threat model (YAML): components, threats, links to rules, decisions. Default:
    /// drydock-threats.yaml in the audited directory, when there is one.
    #[arg(long, value_name = "FILE")]
    pub threat_model: Option<PathBuf>,
    /// Benchmark numbering of the output: cis-docker-1.6.0, 1.5.0, 1.3.1 or 1.2.0 (default:
    /// the configuration's `benchmark`, else 1.6.0).
    #[arg(long)]
    pub benchmark: Option<String>,
    /// The configuration (rule selection, severities, waivers). Default: drydock.toml in the
    /// audited directory, when there is one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore drydock.toml.
    #[arg(long)]
    pub no_config: bool,
    /// Set aside the findings this earlier JSON report (`drydock audit --format json`) already
    /// had: only new findings show and fail the run.
    #[arg(long, value_name = "REPORT")]
    pub baseline: Option<PathBuf>,
    /// Users allowed in the docker group (comma-separated); others fail CIS 1.1.2.
    #[arg(long, value_delimiter = ',', value_name = "USERS")]
    pub trusted_users: Vec<String>,
    /// Registries base images may come from (comma-separated; `docker.io` for Docker Hub).
    #[arg(long, value_delimiter = ',', value_name = "REGISTRIES")]
    pub allowed_registries: Vec<String>,
    /// Kubernetes version whose Pod Security Standards apply (`v1.25`); default: the latest.
    #[arg(long, value_name = "VERSION")]
    pub pss_version: Option<String>,
    /// Only these rules (drydock id, name, or CIS id in --benchmark numbering); repeatable.
    /// Overrides the configuration's `[rules]` selection.
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Skip these rules (same forms as --rule); repeatable.
    #[arg(long = "skip", value_name = "ID")]
    pub skip: Vec<String>,
    /// Only rules of these severities (comma-separated: info, low, medium, high, critical).
    #[arg(long, value_delimiter = ',', value_name = "SEVERITIES", value_parser = parse_severity)]
    pub severity: Vec<Severity>,
    /// Only rules of at least this severity.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,
    /// An offline vulnerability database: a directory of OSV records (JSON files or osv.dev's
    /// all.zip archives; `drydock vulndb update DIR` fetches them). The packages of every image
    /// read (archives, and local images with --image-layers) are matched against it.
    #[arg(long, value_name = "DIR", conflicts_with = "evidence")]
    pub vuln_db: Option<PathBuf>,
    /// Known vulnerabilities with a fix at or above this severity fail an image (default:
    /// medium; one of unknown severity counts as at it).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub vuln_threshold: Option<Severity>,
    /// Vulnerability data older than this many days cannot show an image clean (default: 7).
    #[arg(long = "vuln-max-age", value_name = "DAYS")]
    pub vuln_max_age_days: Option<u32>,
    /// No progress indicator on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

impl SourceArgs {
    /// The engines named: --docker-host, then --context, then every context with
    /// --all-contexts. Empty: the default engine.
    pub fn endpoints(&self) -> Vec<drydock_engine::contexts::Endpoint> {
        let mut out: Vec<drydock_engine::contexts::Endpoint> = self
            .docker_host
            .iter()
            .map(|h| drydock_engine::contexts::Endpoint {
                name: h.clone(),
                host: h.clone(),
                tls_dir: None,
            })
            .collect();
        out.extend(self.contexts.iter().cloned());
        if self.all_contexts {
            out.extend(drydock_engine::contexts::all().unwrap_or_default());
        }
        out
    }

    /// The engine's form of these arguments.
    pub fn options(&self) -> SourceOptions {
        SourceOptions {
            root: self.root.clone(),
            docker_host: self.endpoints().first().map(|e| e.host.clone()),
            tls_dir: self.endpoints().first().and_then(|e| e.tls_dir.clone()),
            running_only: self.running_only,
            no_engine: self.no_engine,
            timeout: Duration::from_secs(self.timeout.max(1)),
            image_layers: self.image_layers,
            kubernetes: self.kubernetes,
            no_docker: self.no_docker,
        }
    }
}

impl ProjectArgs {
    /// The engine's form of these arguments.
    pub fn options(&self) -> ProjectOptions {
        ProjectOptions {
            paths: self.paths.clone(),
            no_host: self.no_host,
            no_files: self.no_files,
            stdin_type: self.stdin_type.map(|t| match t {
                StdinType::Dockerfile => SourceKind::Dockerfile,
                StdinType::Compose => SourceKind::Compose,
                StdinType::Kubernetes => SourceKind::Kubernetes,
            }),
            compose_files: self.compose_files.clone(),
            no_ignore: self.no_ignore,
            hidden: self.hidden,
        }
    }
}

impl EvalArgs {
    /// The engine's form of these arguments.
    pub fn options(&self) -> AuditOptions {
        AuditOptions {
            source: self.source.options(),
            project: self.project.options(),
            facts: self.facts.clone(),
            evidence: self.evidence.clone(),
            threat_model: self.threat_model.clone(),
            benchmark: self.benchmark.clone(),
            config: self.config.clone(),
            no_config: self.no_config,
            baseline: self.baseline.clone(),
            trusted_users: self.trusted_users.clone(),
            allowed_registries: self.allowed_registries.clone(),
            pss_version: self.pss_version.clone(),
            rules: self.rules.clone(),
            skip: self.skip.clone(),
            severities: self.severity.clone(),
            min_severity: self.min_severity,
            vuln_db: self.vuln_db.clone(),
            vuln_threshold: self.vuln_threshold,
            vuln_max_age_days: self.vuln_max_age_days,
        }
    }

    /// The progress indicator these arguments ask for.
    pub fn progress(&self) -> StderrProgress {
        StderrProgress::new(self.quiet)
    }
}

/// A severity named on the command line.
fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .into_iter()
        .find(|s| s.name() == text.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("`{text}` is not a severity (info, low, medium, high, critical)"))
}

/// Progress of the inspection on standard error, when it is a terminal and not `--quiet`.
pub struct StderrProgress {
    enabled: bool,
}

impl StderrProgress {
    /// Shown unless `quiet`, and only on a terminal.
    pub fn new(quiet: bool) -> Self {
        StderrProgress {
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }
}

impl Progress for StderrProgress {
    fn step(&self, kind: &str, done: usize, total: usize) {
        // Redraw at most every 25 objects (and at the end) to keep the terminal cheap.
        if self.enabled && (done.is_multiple_of(25) || done == total) {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r\x1b[2Kdrydock: inspecting {kind} {done}/{total}");
            if done == total {
                let _ = write!(err, "\r\x1b[2K");
            }
            let _ = err.flush();
        }
    }
}
