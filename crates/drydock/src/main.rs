//! The drydock command line: it picks the rules, runs the collectors, evaluates, renders and
//! turns the result into an exit code. All I/O beyond collection (reading a facts file,
//! writing output) happens here.

use anyhow::{Context as _, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use drydock_collect::{CollectOptions, EngineOptions, Progress};
use drydock_core::benchmark::DockerBenchmark;
use drydock_core::config::Config;
use drydock_core::facts::{FACTS_SCHEMA_VERSION, Facts};
use drydock_core::model::{Severity, Stride, Target};
use drydock_core::render::{catalog, text};
use drydock_core::report::{self, FailOn, Report};
use drydock_core::rule::{Rule, RuleOptions};
use drydock_core::rules::catalog as rule_catalog;
use drydock_core::threat;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Audits container platforms against the CIS benchmarks.
#[derive(Parser)]
#[command(name = "drydock", version, about, long_about = None)]
struct Cli {
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Audit the local Docker host (engine, daemon settings, host files) against CIS Docker 1.6.0.
    Audit(AuditArgs),
    /// Collect the facts of a Docker host into a JSON file, to audit elsewhere with `audit --facts`.
    Collect(CollectArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print one rule's documentation; ID is drydock's id, the rule's name, or a CIS id.
    Explain {
        /// Rule id (DH079), name (privileged-container) or CIS control id (5.5).
        id: String,
        /// Benchmark a CIS id is numbered in: a cis-docker version, or cis-kubernetes-1.12.
        #[arg(long, default_value = "cis-docker-1.6.0")]
        benchmark: String,
    },
    /// Show, per benchmark version, which controls are automated, manual or missing.
    Coverage,
    /// Print the JSON Schema of the report (`--format json`).
    Schema,
    /// The STRIDE threat model with each threat's status derived from an audit (or from a
    /// saved report, or docker-bench/kube-bench evidence).
    Threats(ThreatsArgs),
    /// The failed controls ranked by what hardening them buys: the threats they close, how
    /// severe, on how many objects.
    Plan(PlanArgs),
    /// Compare two JSON reports: findings fixed, new and still failing, threats whose status
    /// moved. Exit 1 when something got worse.
    Diff(DiffArgs),
    /// Fix what the audit found in Dockerfiles and compose files: prints a unified diff;
    /// `--apply` writes it (with a backup), `--verify` audits again and shows what changed.
    Fix(FixArgs),
}

#[derive(Args)]
struct FixArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// Write the fixes (each file checked against the audited text, backed up, replaced
    /// atomically with its mode and owner).
    #[arg(long)]
    apply: bool,
    /// Include fixes that may change behaviour (each says how).
    #[arg(long = "unsafe")]
    unsafe_too: bool,
    /// Put backups under this directory (at each file's own path) instead of beside the file.
    #[arg(long, value_name = "DIR", requires = "apply")]
    backup_dir: Option<PathBuf>,
    /// After --apply, audit again and print what changed (exit 1 when something got worse).
    #[arg(long, requires = "apply")]
    verify: bool,
    /// A running container (name or id) to harden in place with `docker update` (with
    /// --apply --unsafe); repeatable. Containers not named are only advised.
    #[arg(long = "container", value_name = "NAME")]
    containers: Vec<String>,
    /// Memory limit to give the named containers (`512m`, `1g`).
    #[arg(long, value_name = "SIZE")]
    memory: Option<String>,
    /// PIDs limit to give the named containers.
    #[arg(long, value_name = "N")]
    pids_limit: Option<i64>,
    /// CPU shares to give the named containers (1024 is the default weight).
    #[arg(long, value_name = "N")]
    cpu_shares: Option<i64>,
    /// Write the host's hardening commands (ownership and modes, audit rules, daemon.json and
    /// its restart, content trust) to this new file (`-`: standard output); drydock never
    /// runs it.
    #[arg(long, value_name = "FILE")]
    script: Option<PathBuf>,
}

#[derive(Args)]
struct DiffArgs {
    /// The earlier report (`drydock audit --format json`).
    before: PathBuf,
    /// The later report.
    after: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also list the failures present in both (text).
    #[arg(long)]
    unchanged: bool,
    /// A threat model file to assess both reports with, after the built-in catalog.
    #[arg(long, value_name = "FILE")]
    threat_model: Option<PathBuf>,
}

#[derive(Args, Clone)]
struct SourceArgs {
    /// Read host files under this directory instead of `/` (a mounted or copied host).
    #[arg(long, value_name = "DIR", default_value = "/")]
    root: PathBuf,
    /// Docker endpoint (unix:///path or tcp://host:port); default DOCKER_HOST, then the
    /// system socket, then the rootless socket.
    #[arg(long, value_name = "URL")]
    docker_host: Option<String>,
    /// Only list running containers.
    #[arg(long)]
    running_only: bool,
    /// Do not contact the Docker engine (host files only; engine controls become unknown).
    #[arg(long)]
    no_engine: bool,
    /// Seconds to wait for each Engine API request.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    timeout: u64,
    /// Export every local image and read its layers for setuid/setgid files, keys and
    /// credentials (slower: each image is streamed once).
    #[arg(long)]
    image_layers: bool,
    /// Also audit the host as a Kubernetes node against CIS Kubernetes 1.12 sections 1–4
    /// (control plane, etcd, kubelet, kube-proxy), under --root.
    #[arg(long)]
    kubernetes: bool,
    /// Do not audit the Docker host (its files and engine), e.g. on a Kubernetes node without
    /// Docker together with --kubernetes.
    #[arg(long)]
    no_docker: bool,
}

#[derive(Args, Clone)]
struct ProjectArgs {
    /// Files and directories to audit: Dockerfiles, compose files, image archives (`docker
    /// save` tarballs, OCI layouts); `-` reads standard input (with --type). Default: the
    /// current directory.
    paths: Vec<PathBuf>,
    /// Audit only the files, not the Docker host.
    #[arg(long)]
    no_host: bool,
    /// Audit only the Docker host, no files.
    #[arg(long, conflicts_with_all = ["paths", "no_host"])]
    no_files: bool,
    /// What standard input holds when a path is `-`.
    #[arg(long = "type", value_enum, value_name = "KIND")]
    stdin_type: Option<StdinType>,
    /// Compose files merged in order into one project, like `docker compose -f a.yml -f b.yml`.
    #[arg(long = "compose-file", short = 'f', value_name = "FILE")]
    compose_files: Vec<PathBuf>,
    /// Also read files that .gitignore and .ignore exclude.
    #[arg(long)]
    no_ignore: bool,
    /// Also enter hidden files and directories.
    #[arg(long)]
    hidden: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum StdinType {
    Dockerfile,
    Compose,
    Kubernetes,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    project: ProjectArgs,
    /// Evaluate facts from `drydock collect` instead of collecting.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["root", "docker_host", "running_only", "no_engine", "paths", "no_host", "no_files", "compose_files", "kubernetes", "no_docker"])]
    facts: Option<PathBuf>,
    /// Take the results from docker-bench-security's JSON log or kube-bench's JSON output
    /// instead of auditing (repeatable).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "root", "docker_host", "running_only", "no_engine", "paths", "no_files", "compose_files", "kubernetes", "no_docker"])]
    evidence: Vec<PathBuf>,
    /// Your threat model (YAML): components, threats, links to rules, decisions. Default:
    /// drydock-threats.yaml in the audited directory, when there is one.
    #[arg(long, value_name = "FILE")]
    threat_model: Option<PathBuf>,
    /// Benchmark numbering of the output: cis-docker-1.6.0, 1.5.0, 1.3.1 or 1.2.0 (default:
    /// the configuration's `benchmark`, else 1.6.0).
    #[arg(long)]
    benchmark: Option<String>,
    /// The configuration (rule selection, severities, waivers). Default: drydock.toml in the
    /// audited directory, when there is one.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore drydock.toml.
    #[arg(long)]
    no_config: bool,
    /// Set aside the findings this earlier JSON report (`drydock audit --format json`) already
    /// had: only new findings show and fail the run.
    #[arg(long, value_name = "REPORT")]
    baseline: Option<PathBuf>,
    /// Users allowed in the docker group (comma-separated); others fail CIS 1.1.2.
    #[arg(long, value_delimiter = ',', value_name = "USERS")]
    trusted_users: Vec<String>,
    /// Registries base images may come from (comma-separated; `docker.io` for Docker Hub).
    #[arg(long, value_delimiter = ',', value_name = "REGISTRIES")]
    allowed_registries: Vec<String>,
    /// Kubernetes version whose Pod Security Standards apply (`v1.25`); default: the latest.
    #[arg(long, value_name = "VERSION")]
    pss_version: Option<String>,
    /// Only these rules (drydock id, name, or CIS id in --benchmark numbering); repeatable.
    /// Overrides the configuration's `[rules]` selection.
    #[arg(long = "rule", value_name = "ID")]
    rules: Vec<String>,
    /// Skip these rules (same forms as --rule); repeatable.
    #[arg(long = "skip", value_name = "ID")]
    skip: Vec<String>,
    /// No progress indicator on standard error.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct AuditArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Which failures make the exit code 1: automated (default), any, none, or a severity
    /// (info, low, medium, high, critical) and above.
    #[arg(long, default_value = "automated")]
    fail_on: String,
    /// Show passing and not-applicable results too.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct ThreatsArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// Read a JSON report of `drydock audit --format json` instead of auditing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "evidence"])]
    report: Option<PathBuf>,
    /// Output format; mermaid and dot export the data-flow diagram.
    #[arg(long, value_enum, default_value_t = ThreatsFormat::Text)]
    format: ThreatsFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also list the threats that are not applicable to this audit (text).
    #[arg(long)]
    all: bool,
}

#[derive(Args)]
struct PlanArgs {
    #[command(flatten)]
    eval: EvalArgs,
    /// Read a JSON report of `drydock audit --format json` instead of auditing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "evidence"])]
    report: Option<PathBuf>,
    /// How many controls to list.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    format: PlanFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum ThreatsFormat {
    Text,
    Json,
    Markdown,
    Mermaid,
    Dot,
    /// The whole report as one page (as `audit --format html`).
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum PlanFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Args)]
struct CollectArgs {
    #[command(flatten)]
    source: SourceArgs,
    #[command(flatten)]
    project: ProjectArgs,
    /// File to write the facts to (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// No progress indicator on standard error.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct RulesArgs {
    /// Numbering to list and sort by.
    #[arg(long, default_value = "cis-docker-1.6.0")]
    benchmark: String,
    /// Only rules of this section (1–7, in the chosen numbering).
    #[arg(long)]
    section: Option<u8>,
    /// Only rules of this level (1 or 2).
    #[arg(long)]
    level: Option<u8>,
    /// Only rules with this STRIDE category (e.g. elevation-of-privilege or E).
    #[arg(long)]
    stride: Option<String>,
    /// Only rules on this target (host, daemon, file, image, container, network, swarm,
    /// dockerfile, compose-service, image-archive, kube-workload, kube-object, kube-component;
    /// `kubernetes` for the three Kubernetes targets).
    #[arg(long)]
    target: Option<String>,
    /// Only rules of at least this severity.
    #[arg(long)]
    severity: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
    /// One self-contained page: summary, diagrams, heat map, threats, plan, filterable results.
    Html,
    /// JUnit XML for CI test reports: failures fail, unknowns are errors, the rest skipped.
    Junit,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
}

mod fix_cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A reader that stops early (`drydock audit | head`) is not an error.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(anstream::stderr(), "drydock: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<u8> {
    match command {
        Command::Audit(args) => audit(args),
        Command::Threats(args) => threats(args),
        Command::Plan(args) => plan(args),
        Command::Diff(args) => diff(args),
        Command::Fix(args) => fix(args),
        Command::Collect(args) => {
            let facts = collect(&args.source, &args.project, args.quiet)?;
            let json = serde_json::to_string_pretty(&facts)?;
            write_output(Some(&args.out).filter(|p| p.as_os_str() != "-"), &json)?;
            if let Some(reason) = facts.engine.reason() {
                let _ = writeln!(
                    anstream::stderr(),
                    "drydock: warning: Docker Engine API: {reason}"
                );
            }
            Ok(0)
        }
        Command::Rules(args) => rules(args),
        Command::Explain { id, benchmark } => {
            let kube = benchmark.trim_start_matches("cis-kubernetes-") == "1.12";
            let found: Vec<&Rule> = if kube {
                rule_catalog()
                    .into_iter()
                    .filter(|r| r.kube_cis.contains(&id.as_str()))
                    .collect()
            } else {
                find_rules(&id, parse_benchmark(&benchmark)?)
            };
            if found.is_empty() {
                bail!("no rule matches `{id}` in {benchmark} (try `drydock rules`)");
            }
            let mut out = anstream::stdout();
            for (i, rule) in found.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                write!(out, "{}", catalog::explain(rule))?;
            }
            Ok(0)
        }
        Command::Coverage => {
            write!(anstream::stdout(), "{}", catalog::coverage(&rule_catalog()))?;
            Ok(0)
        }
        Command::Schema => {
            let schema = schemars::schema_for!(Report);
            writeln!(
                anstream::stdout(),
                "{}",
                serde_json::to_string_pretty(&schema)?
            )?;
            Ok(0)
        }
    }
}

fn parse_benchmark(text: &str) -> Result<DockerBenchmark> {
    DockerBenchmark::parse(text).with_context(|| {
        format!(
            "unknown benchmark `{text}`; use one of {}",
            DockerBenchmark::ALL.map(|b| b.name()).join(", ")
        )
    })
}

/// Rules matching an id, a name, or a CIS id in the given numbering (or qualified with its
/// benchmark, `cis-docker-1.2.0:5.4`).
fn find_rules(query: &str, benchmark: DockerBenchmark) -> Vec<&'static Rule> {
    drydock_core::rules::query(query, benchmark)
}

struct StderrProgress {
    enabled: bool,
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

fn collect(source: &SourceArgs, project: &ProjectArgs, quiet: bool) -> Result<Facts> {
    let mut paths: Vec<PathBuf> = project
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    let stdin = if project.paths.iter().any(|p| p.as_os_str() == "-") {
        let text = read_bounded(
            &mut std::io::stdin(),
            drydock_collect::project::MAX_SOURCE_BYTES,
            "standard input",
        )?;
        use drydock_core::facts::SourceKind;
        let kind = match project.stdin_type {
            Some(StdinType::Dockerfile) => SourceKind::Dockerfile,
            Some(StdinType::Compose) => SourceKind::Compose,
            Some(StdinType::Kubernetes) => SourceKind::Kubernetes,
            // Without --type, what the text holds decides (`helm template … | drydock audit -`).
            None if drydock_collect::project::looks_like_kubernetes(&text) => {
                SourceKind::Kubernetes
            }
            None if text.lines().any(|l| l.starts_with("services:")) => SourceKind::Compose,
            None if text
                .lines()
                .any(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM ")) =>
            {
                SourceKind::Dockerfile
            }
            None => bail!(
                "standard input is neither a Dockerfile, a compose file nor Kubernetes manifests; name it with --type"
            ),
        };
        Some((kind, text))
    } else {
        None
    };
    if paths.is_empty() && stdin.is_none() && project.compose_files.is_empty() && !project.no_files
    {
        paths.push(PathBuf::from("."));
    }
    let options = CollectOptions {
        host: !project.no_host && !source.no_docker,
        kubernetes: source.kubernetes && !project.no_host,
        paths,
        walk: drydock_collect::project::WalkOptions {
            no_ignore: project.no_ignore,
            hidden: project.hidden,
            compose_files: project.compose_files.clone(),
            stdin,
        },
        root: source.root.clone(),
        engine: (!source.no_engine).then(|| EngineOptions {
            host: source.docker_host.clone(),
            timeout: Duration::from_secs(source.timeout.max(1)),
            running_only: source.running_only,
            image_layers: source.image_layers,
        }),
    };
    let progress = StderrProgress {
        enabled: !quiet && std::io::stderr().is_terminal(),
    };
    Ok(drydock_collect::collect(&options, &progress))
}

/// Largest evidence file read (a kube-bench run of a large cluster is a few MiB).
const MAX_EVIDENCE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads UTF-8 text, refusing more than `limit` bytes: memory stays bounded whatever is piped.
fn read_bounded(input: &mut dyn std::io::Read, limit: u64, what: &str) -> Result<String> {
    let mut bytes = Vec::new();
    input
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what}"))?;
    if bytes.len() as u64 > limit {
        bail!(
            "{what} holds more than {} MiB; drydock reads at most that much",
            limit >> 20
        );
    }
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{what} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn read_facts(path: &PathBuf) -> Result<Facts> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(FACTS_SCHEMA_VERSION)) {
        bail!(
            "{} is not a drydock facts file of format {FACTS_SCHEMA_VERSION} (schema_version is {})",
            path.display(),
            version.map_or_else(|| "missing".to_string(), |v| v.to_string())
        );
    }
    serde_json::from_value(value)
        .with_context(|| format!("{} does not have the shape of a facts file", path.display()))
}

fn select_rules(
    args: &EvalArgs,
    benchmark: DockerBenchmark,
    config: Option<&Config>,
) -> Result<Vec<&'static Rule>> {
    let mut rules = rule_catalog();
    let resolve = |queries: &[String]| -> Result<Vec<&'static str>> {
        let mut ids = Vec::new();
        for q in queries {
            let found = find_rules(q, benchmark);
            if found.is_empty() {
                bail!("no rule matches `{q}` in {}", benchmark.name());
            }
            ids.extend(found.iter().map(|r| r.id));
        }
        Ok(ids)
    };
    if !args.rules.is_empty() {
        // Rules named on the command line run whatever the file selects.
        let keep = resolve(&args.rules)?;
        rules.retain(|r| keep.contains(&r.id));
    } else if let Some(config) = config {
        rules = config.select(rules);
    }
    let skip = resolve(&args.skip)?;
    rules.retain(|r| !skip.contains(&r.id));
    if rules.is_empty() {
        bail!(
            "the rule selection (--rule, --skip and the configuration's [rules]) leaves no rule to run"
        );
    }
    Ok(rules)
}

/// What one evaluation runs with: the numbering, the rules, their options and the
/// configuration, each from its flag, else from the configuration, else the default.
struct Settings {
    benchmark: DockerBenchmark,
    rules: Vec<&'static Rule>,
    options: RuleOptions,
    config: Option<Config>,
}

fn settings(eval: &EvalArgs) -> Result<Settings> {
    let config = load_config(eval)?;
    let benchmark = match (&eval.benchmark, &config) {
        (Some(b), _) => parse_benchmark(b)?,
        (None, Some(c)) => c.benchmark.unwrap_or(DockerBenchmark::V160),
        (None, None) => DockerBenchmark::V160,
    };
    let rules = select_rules(eval, benchmark, config.as_ref())?;
    let from_config = |flag: &Vec<String>, configured: Option<&Vec<String>>| {
        if flag.is_empty() {
            configured.cloned().unwrap_or_default()
        } else {
            flag.clone()
        }
    };
    let pss_version = eval
        .pss_version
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.pss_version.clone()));
    let options = RuleOptions {
        trusted_users: from_config(
            &eval.trusted_users,
            config.as_ref().and_then(|c| c.trusted_users.as_ref()),
        ),
        allowed_registries: from_config(
            &eval.allowed_registries,
            config.as_ref().and_then(|c| c.allowed_registries.as_ref()),
        ),
        pss_minor: pss_minor(&pss_version)?,
    };
    Ok(Settings {
        benchmark,
        rules,
        options,
        config,
    })
}

/// The directories a file of drydock's own (configuration, threat model) is looked for in:
/// the audited directories, else the current one.
fn audited_dirs(eval: &EvalArgs) -> Vec<PathBuf> {
    if eval.project.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        eval.project
            .paths
            .iter()
            .filter(|p| p.is_dir())
            .cloned()
            .collect()
    }
}

/// `--config`, else `drydock.toml` in the audited directory; an invalid file stops the run,
/// naming each mistake's line.
fn load_config(eval: &EvalArgs) -> Result<Option<Config>> {
    if eval.no_config {
        return Ok(None);
    }
    let path = match &eval.config {
        Some(p) => p.clone(),
        None => match audited_dirs(eval)
            .into_iter()
            .map(|d| d.join(drydock_core::config::FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read configuration {}", path.display()))?;
    match drydock_core::config::parse(&path.display().to_string(), &text) {
        Ok(config) => Ok(Some(config)),
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            bail!("the configuration is not valid:\n{}", lines.join("\n"))
        }
    }
}

fn audit(args: AuditArgs) -> Result<u8> {
    let fail_on = FailOn::parse(&args.fail_on).with_context(|| {
        format!(
            "unknown --fail-on `{}`; use automated, any, none, info, low, medium, high or critical",
            args.fail_on
        )
    })?;
    let (mut report, rules) = build_report(&args.eval)?;
    match args.format {
        Format::Json => write_report_json(args.output.as_ref(), &mut report)?,
        Format::Sarif => write_json(
            args.output.as_ref(),
            &drydock_core::render::sarif::render(&report, &rules),
        )?,
        Format::Text => write_output(
            args.output.as_ref(),
            &text::render(
                &report,
                text::TextOptions {
                    verbose: args.verbose,
                },
            ),
        )?,
        Format::Markdown => write_output(
            args.output.as_ref(),
            &drydock_core::render::markdown::report(&report),
        )?,
        Format::Html => write_output(
            args.output.as_ref(),
            &drydock_core::render::html::report(&report),
        )?,
        Format::Junit => write_output(
            args.output.as_ref(),
            &drydock_core::render::junit::report(&report),
        )?,
    }
    let code = report::exit_code(&report, fail_on) as u8;
    // The process ends next: freeing tens of thousands of results and parsed documents one by
    // one would only delay the exit.
    std::mem::forget(report);
    Ok(code)
}

/// The Kubernetes minor version of `--pss-version`.
fn pss_minor(version: &Option<String>) -> Result<Option<u32>> {
    let Some(v) = version else { return Ok(None) };
    let minor = v
        .trim_start_matches('v')
        .strip_prefix("1.")
        .and_then(|m| m.split('.').next())
        .and_then(|m| m.parse::<u32>().ok())
        .with_context(|| {
            format!("--pss-version `{v}` is not a Kubernetes version such as v1.30")
        })?;
    let latest = drydock_core::rules::kubernetes::workload::LATEST_PSS_MINOR;
    if !(8..=latest).contains(&minor) {
        bail!(
            "--pss-version `{v}`: drydock knows the Pod Security Standards of v1.8 to v1.{latest}"
        );
    }
    Ok(Some(minor))
}

/// Audits (or reads the evidence of peers) and assesses the threat model on the results.
fn build_report(eval: &EvalArgs) -> Result<(Report, Vec<&'static Rule>)> {
    let Settings {
        benchmark,
        rules,
        options,
        config,
    } = settings(eval)?;
    let model = load_threat_model(eval)?;
    let baseline = eval.baseline.as_deref().map(read_report).transpose()?;
    let mut report = if eval.evidence.is_empty() {
        let facts = match &eval.facts {
            Some(path) => read_facts(path)?,
            None => collect(&eval.source, &eval.project, eval.quiet)?,
        };
        let report = report::evaluate(
            &facts,
            &rules,
            &options,
            benchmark,
            env!("CARGO_PKG_VERSION"),
        );
        // The process ends soon: freeing every parsed file one by one would only delay it.
        std::mem::forget(facts);
        report
    } else {
        let mut inputs = Vec::new();
        for path in &eval.evidence {
            let text = std::fs::File::open(path)
                .map_err(anyhow::Error::from)
                .and_then(|mut f| read_bounded(&mut f, MAX_EVIDENCE_BYTES, "the file"))
                .with_context(|| format!("cannot read evidence {}", path.display()))?;
            inputs.push((path.display().to_string(), text));
        }
        drydock_core::evidence::report_from(&inputs, &rules, benchmark, env!("CARGO_PKG_VERSION"))
            .map_err(|e| anyhow::anyhow!(e))?
    };
    report.redact_secrets();
    let today = threat::today();
    if let Some(config) = &config {
        config.apply(&mut report, &today);
    }
    if let (Some(baseline), Some(path)) = (&baseline, &eval.baseline) {
        let set_aside = drydock_core::diff::set_aside_baseline(
            &mut report,
            baseline,
            &path.display().to_string(),
        );
        report.notes.push(format!(
            "{set_aside} finding(s) already in the baseline {} are set aside (-v shows them)",
            path.display()
        ));
    }
    report.threat_model = Some(threat::assess(&report, &model, &today));
    Ok((report, rules))
}

/// The built-in threat model, extended by `--threat-model` or by `drydock-threats.yaml` in
/// the audited directory.
fn load_threat_model(eval: &EvalArgs) -> Result<threat::Model> {
    let mut model = threat::Model::builtin();
    let path = match &eval.threat_model {
        Some(p) => Some(p.clone()),
        None => audited_dirs(eval)
            .into_iter()
            .map(|d| d.join("drydock-threats.yaml"))
            .find(|p| p.is_file()),
    };
    if let Some(path) = path {
        extend_model(&mut model, &path)?;
    }
    Ok(model)
}

/// Adds a model file to the model; an invalid file stops the run, naming its lines.
fn extend_model(model: &mut threat::Model, path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read threat model {}", path.display()))?;
    if let Err(errors) = model.extend(&path.display().to_string(), &text) {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        bail!("the threat model is not valid:\n{}", lines.join("\n"));
    }
    Ok(())
}

/// Reads a JSON report written by `drydock audit --format json`.
fn read_report(path: &Path) -> Result<Report> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read report {}", path.display()))?;
    let mut report: Report = serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not a drydock JSON report (drydock audit --format json): {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    report.redact_secrets();
    Ok(report)
}

fn fix(args: FixArgs) -> Result<u8> {
    let eval = &args.eval;
    if eval.facts.is_some() || !eval.evidence.is_empty() {
        bail!("drydock fix works on files it reads itself: --facts and --evidence do not apply");
    }
    let Settings {
        benchmark,
        rules,
        options,
        config,
    } = settings(eval)?;
    let may_update = args.apply && args.unsafe_too;
    if !args.containers.is_empty() && !may_update {
        bail!(
            "changing a running container may change what it does: --container needs --apply --unsafe"
        );
    }
    let memory = match &args.memory {
        Some(m) => Some(
            drydock_core::fix::container::parse_size(m)
                .with_context(|| format!("--memory `{m}` is not a size such as 512m or 1g"))?,
        ),
        None => None,
    };
    let facts = collect(&eval.source, &eval.project, eval.quiet)?;
    let host_results = facts.host_audited && facts.engine.known().is_some();
    let before = (args.verify || host_results || args.script.is_some()).then(|| {
        let mut report = report::evaluate(
            &facts,
            &rules,
            &options,
            benchmark,
            env!("CARGO_PKG_VERSION"),
        );
        // Waived findings are accepted: the script and the advice leave them alone.
        if let Some(config) = &config {
            config.apply(&mut report, &threat::today());
        }
        report
    });
    let advice = before
        .as_ref()
        .map(|r| drydock_core::fix::container::advice(&r.results))
        .unwrap_or_default();
    let mut plan = drydock_core::fix::plan_with(
        &facts,
        &rules,
        &options,
        benchmark,
        args.unsafe_too,
        config.as_ref(),
    );
    let mut daemon_json = None;
    let mut script_daemon: Option<drydock_core::fix::FixPlan> = None;
    if facts.host_audited {
        use drydock_core::facts::ConfigContent;
        let config = &facts.host.daemon_config;
        if matches!(
            config.content,
            ConfigContent::Parsed { .. } | ConfigContent::Absent
        ) {
            let (real, text) = fix_cmd::daemon_json(&eval.source.root, &config.path)?;
            let path = real.display().to_string();
            let daemon = drydock_core::fix::plan_daemon(
                &facts,
                &rules,
                &options,
                benchmark,
                args.unsafe_too,
                &path,
                &text,
            );
            if !daemon.changes.is_empty() {
                daemon_json = Some(path.clone());
            }
            if args.script.is_some() {
                // The script carries every daemon.json fix, its impact written beside it: a
                // person reads it before anything runs.
                script_daemon = Some(if args.unsafe_too {
                    daemon.clone()
                } else {
                    drydock_core::fix::plan_daemon(
                        &facts, &rules, &options, benchmark, true, &path, &text,
                    )
                });
            }
            plan.records.extend(daemon.records);
            plan.changes.extend(daemon.changes);
        }
    }
    let mut out = String::new();
    for change in &plan.changes {
        out.push_str(&fix_cmd::unified_diff(change));
    }
    if !plan.changes.is_empty() {
        out.push('\n');
    }
    out.push_str(&fix_cmd::summary(&plan, args.apply));
    if fix_cmd::any_unsafe_left(&plan) {
        out.push_str("Some fixes may change behaviour: read them, then run again with --unsafe.\n");
    }
    out.push_str(&fix_cmd::container_advice(&advice));
    write_output(None, &out)?;
    if let (Some(target), Some(before)) = (&args.script, &before) {
        let daemon = script_daemon
            .as_ref()
            .and_then(|p| p.changes.first().map(|c| (c, p.records.as_slice())));
        let script =
            drydock_core::fix::script::host_script(&drydock_core::fix::script::ScriptInput {
                results: &before.results,
                daemon_json: daemon,
                daemon_json_path: &facts.host.daemon_config.path,
                tool_version: env!("CARGO_PKG_VERSION"),
            });
        fix_cmd::write_script(target, script.as_deref(), facts.host_audited)?;
    }
    if !args.apply {
        if !plan.changes.is_empty() {
            write_output(None, "Nothing was written: --apply writes these changes.\n")?;
        }
        return Ok(0);
    }
    let written = fix_cmd::apply(&plan, args.backup_dir.as_deref());
    let mut code = 0;
    let mut stderr = anstream::stderr();
    for w in &written {
        match (&w.backup, &w.refused) {
            (Some(backup), None) => writeln!(
                anstream::stdout(),
                "wrote {} (backup {})",
                w.path,
                backup.display()
            )?,
            (_, Some(why)) => {
                code = 1;
                writeln!(stderr, "drydock: {} left unchanged: {why}", w.path)?;
            }
            _ => {}
        }
    }
    let values = fix_cmd::UpdateValues {
        memory,
        pids_limit: args.pids_limit,
        cpu_shares: args.cpu_shares,
    };
    let mut updates = fix_cmd::container_updates(&advice, &args.containers, &values)?;
    let mut failed = Vec::new();
    for (container, update, skipped) in &updates {
        for s in skipped {
            writeln!(stderr, "drydock: {container}: {s}")?;
        }
        if *update == Default::default() {
            continue;
        }
        match drydock_collect::engine::update_container(
            eval.source.docker_host.as_deref(),
            Duration::from_secs(eval.source.timeout.max(1)),
            container,
            update,
        ) {
            Ok(()) => writeln!(anstream::stdout(), "updated container {container} in place")?,
            Err(e) => {
                code = 1;
                failed.push(container.clone());
                writeln!(stderr, "drydock: {container} left unchanged: {e}")?;
            }
        }
    }
    updates.retain(|(c, update, _)| !failed.contains(c) && *update != Default::default());
    // One audit after the changes serves both the update check and --verify.
    let after = if !updates.is_empty() || args.verify {
        let facts = collect(&eval.source, &eval.project, true)?;
        Some(report::evaluate(
            &facts,
            &rules,
            &options,
            benchmark,
            env!("CARGO_PKG_VERSION"),
        ))
    } else {
        None
    };
    if let Some(after) = after.as_ref().filter(|_| !updates.is_empty()) {
        for line in fix_cmd::update_results(&advice, &updates, &after.results) {
            writeln!(anstream::stdout(), "{line}")?;
        }
    }
    if let Some(path) = &daemon_json
        && written
            .iter()
            .any(|w| &w.path == path && w.refused.is_none())
    {
        writeln!(
            anstream::stdout(),
            "dockerd reads {path} when it starts: restart it (systemctl restart docker) for the change to take effect; containers stop with it unless live-restore is on."
        )?;
    }
    if let (Some(before), Some(after), true) = (before, after, args.verify) {
        let model = load_threat_model(eval)?;
        let today = threat::today();
        let (mut before, mut after) = (before, after);
        before.threat_model = Some(threat::assess(&before, &model, &today));
        after.threat_model = Some(threat::assess(&after, &model, &today));
        let changes = drydock_core::diff::diff(&before, &after);
        write_output(
            None,
            &format!(
                "\nVerification (a new audit against the one before the fixes):\n{}",
                drydock_core::render::diff::text(&changes, false)
            ),
        )?;
        if changes.has_regressions() {
            code = 1;
        }
    }
    Ok(code)
}

fn diff(args: DiffArgs) -> Result<u8> {
    let mut before = read_report(&args.before)?;
    let mut after = read_report(&args.after)?;
    // Both reports are assessed against the same model, so a threat that moved moved because
    // the evidence did.
    let mut model = threat::Model::builtin();
    if let Some(path) = &args.threat_model {
        extend_model(&mut model, path)?;
    }
    let today = threat::today();
    before.threat_model = Some(threat::assess(&before, &model, &today));
    after.threat_model = Some(threat::assess(&after, &model, &today));
    let changes = drydock_core::diff::diff(&before, &after);
    let out = match args.format {
        PlanFormat::Text => drydock_core::render::diff::text(&changes, args.unchanged),
        PlanFormat::Json => serde_json::to_string_pretty(&changes)? + "\n",
        PlanFormat::Markdown => drydock_core::render::diff::markdown(&changes),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(u8::from(changes.has_regressions()))
}

/// A report from `--report`, re-assessed against the current threat model, or a new audit.
fn report_for(eval: &EvalArgs, saved: &Option<PathBuf>) -> Result<Report> {
    match saved {
        None => Ok(build_report(eval)?.0),
        Some(path) => {
            let mut report = read_report(path)?;
            let model = load_threat_model(eval)?;
            report.threat_model = Some(threat::assess(&report, &model, &threat::today()));
            Ok(report)
        }
    }
}

fn threats(args: ThreatsArgs) -> Result<u8> {
    let report = report_for(&args.eval, &args.report)?;
    let model = report.threat_model.as_ref().expect("assessed");
    use drydock_core::render::threats as render;
    let out = match args.format {
        ThreatsFormat::Text => render::text(&report, args.all),
        ThreatsFormat::Json => serde_json::to_string_pretty(model)? + "\n",
        ThreatsFormat::Markdown => render::markdown(&report),
        ThreatsFormat::Mermaid => render::mermaid(model),
        ThreatsFormat::Dot => render::dot(model),
        ThreatsFormat::Html => drydock_core::render::html::report(&report),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}

fn plan(args: PlanArgs) -> Result<u8> {
    let report = report_for(&args.eval, &args.report)?;
    let model = report.threat_model.as_ref().expect("assessed");
    let top: Vec<threat::PlanItem> = model.plan.iter().take(args.top).cloned().collect();
    use drydock_core::render::threats as render;
    let out = match args.format {
        PlanFormat::Text => render::plan_text(&report, &top),
        PlanFormat::Json => serde_json::to_string_pretty(&top)? + "\n",
        PlanFormat::Markdown => render::plan_markdown(&top),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}

/// Writes the JSON report to the file or standard output.
fn write_report_json(path: Option<&PathBuf>, report: &mut report::Report) -> Result<()> {
    let mut writer = output_writer(path)?;
    drydock_core::render::json::write_report(&mut writer, report)?;
    writer.flush()?;
    Ok(())
}

/// A buffered writer to the file, or to standard output without a file.
fn output_writer(path: Option<&PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Writes JSON straight to the file or standard output, without building the text in memory.
fn write_json<T: serde::Serialize>(path: Option<&PathBuf>, value: &T) -> Result<()> {
    let mut writer = output_writer(path)?;
    serde_json::to_writer_pretty(&mut writer, value)?;
    writer.write_all(b"\n")?;
    writer.flush()?;
    Ok(())
}

fn write_output(path: Option<&PathBuf>, content: &str) -> Result<()> {
    match path {
        Some(path) => {
            // Styles never go into files.
            let plain = anstream::adapter::strip_str(content).to_string();
            std::fs::write(path, plain).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut out = anstream::stdout();
            out.write_all(content.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}

fn rules(args: RulesArgs) -> Result<u8> {
    let benchmark = parse_benchmark(&args.benchmark)?;
    let stride = match &args.stride {
        None => None,
        Some(s) => Some(
            Stride::ALL
                .into_iter()
                .find(|x| {
                    x.name() == s.to_lowercase() || x.letter().to_string().eq_ignore_ascii_case(s)
                })
                .with_context(|| format!("unknown STRIDE category `{s}`"))?,
        ),
    };
    const ALL_TARGETS: [Target; 13] = [
        Target::Host,
        Target::Daemon,
        Target::File,
        Target::Image,
        Target::Container,
        Target::Network,
        Target::Swarm,
        Target::Dockerfile,
        Target::ComposeService,
        Target::ImageArchive,
        Target::KubeWorkload,
        Target::KubeObject,
        Target::KubeComponent,
    ];
    // `kubernetes` stands for both manifest targets (workloads and other objects).
    let targets: Option<Vec<Target>> = match args.target.as_deref() {
        None => None,
        Some("kubernetes") => Some(vec![
            Target::KubeWorkload,
            Target::KubeObject,
            Target::KubeComponent,
        ]),
        Some(t) => Some(vec![
            ALL_TARGETS
                .into_iter()
                .find(|x| x.name() == t)
                .with_context(|| {
                    let names: Vec<&str> = ALL_TARGETS.iter().map(|x| x.name()).collect();
                    format!(
                        "unknown target `{t}` (known: {}, kubernetes)",
                        names.join(", ")
                    )
                })?,
        ]),
    };
    let severity = match &args.severity {
        None => None,
        Some(s) => Some(
            Severity::ALL
                .into_iter()
                .find(|x| x.name() == s)
                .with_context(|| format!("unknown severity `{s}`"))?,
        ),
    };
    let selected: Vec<&Rule> = rule_catalog()
        .into_iter()
        .filter(|r| {
            args.section.is_none_or(|s| {
                r.cis_id_in(benchmark)
                    .and_then(|id| id.split('.').next())
                    .and_then(|x| x.parse::<u8>().ok())
                    == Some(s)
            })
        })
        .filter(|r| args.level.is_none_or(|l| r.level() == l))
        .filter(|r| stride.is_none_or(|s| r.stride.contains(&s)))
        .filter(|r| targets.as_ref().is_none_or(|t| t.contains(&r.target)))
        .filter(|r| severity.is_none_or(|s| r.severity >= s))
        .collect();
    let out = match args.format {
        RulesFormat::Text => catalog::list(&selected, benchmark),
        RulesFormat::Markdown => catalog::markdown(&selected),
        RulesFormat::Json => {
            let items: Vec<serde_json::Value> = catalog::sorted(&selected, benchmark)
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "name": r.name,
                        "title": r.title(),
                        "cis": DockerBenchmark::ALL.iter().filter_map(|b| r.cis_id_in(*b).map(|id| serde_json::json!({"benchmark": b.name(), "id": id}))).collect::<Vec<_>>(),
                        "level": r.level(),
                        "assessment": r.assessment(),
                        "severity": r.severity,
                        "stride": r.stride,
                        "target": r.target,
                        "kube_cis": r.kube_cis,
                        "pss": r.pss.map(|p| serde_json::json!({"control": p.control, "level": p.level})),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items)? + "\n"
        }
    };
    write!(anstream::stdout(), "{out}")?;
    Ok(0)
}
