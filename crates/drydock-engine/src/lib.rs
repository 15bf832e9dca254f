//! The audit pipeline as a library: every command of the CLI, and anything else that wants a
//! real audit (a fleet merge, a test), calls [`audit`] or the stages it is made of.
//!
//! ```text
//! options ─► settings (config, benchmark, rule selection) ─► collect (or facts file, or
//! peers' evidence) ─► evaluate ─► mask secrets ─► waivers ─► baseline ─► threat assessment
//! ```
//!
//! This is the one crate besides the collectors and the CLI that reads files: the
//! configuration, the threat model file, a facts file, a saved report, peers' evidence and
//! standard input. Its errors are for people (they name the file and what was wrong) and end
//! the run, so they are `anyhow` errors with context rather than typed ones.

pub mod config;
pub mod contexts;
pub mod evidence;
pub mod fix;
mod input;
mod options;
pub mod scanners;

pub use input::{MAX_EVIDENCE_BYTES, read_bounded, read_facts, read_report};
pub use options::{AuditOptions, ProjectOptions, SourceOptions};

use anyhow::{Context as _, Result, bail};
use config::Config;
use drydock_collect::{CollectOptions, EngineOptions, Progress};
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::dates::today;
use drydock_model::facts::Facts;
use drydock_model::report::Report;
use drydock_rules::rule::{Rule, RuleOptions};
use drydock_threat::Model;
use std::path::{Path, PathBuf};

/// The version drydock writes into its reports.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The file of a user's threat model looked for in the audited directory.
pub const THREAT_MODEL_FILE: &str = "drydock-threats.yaml";

/// One audit: the report (threats assessed) and the rules it ran, which SARIF describes.
pub struct Audit {
    /// The report, secrets masked, waivers and baseline applied, threats assessed.
    pub report: Report,
    /// The rules selected for the run.
    pub rules: Vec<&'static Rule>,
    /// The images whose layers were read (archives, and live with --image-layers): what they
    /// hold, for a software bill of materials.
    pub images: Vec<drydock_model::facts::ArchivedImage>,
}

/// What one evaluation runs with: the numbering, the rules, their options and the
/// configuration, each from its option, else from the configuration, else the default.
pub struct Settings {
    /// Benchmark numbering of the output.
    pub benchmark: DockerBenchmark,
    /// The rules selected.
    pub rules: Vec<&'static Rule>,
    /// Options that change how rules judge.
    pub options: RuleOptions,
    /// `drydock.toml`, when one was read.
    pub config: Option<Config>,
    /// What the report should say about how these were chosen (a Pod Security Standards
    /// version newer than drydock knows).
    pub notes: Vec<String>,
}

/// Audits (or reads the evidence of peers) and assesses the threat model on the results.
pub fn audit(options: &AuditOptions, progress: &dyn Progress) -> Result<Audit> {
    let Settings {
        benchmark,
        rules,
        options: rule_options,
        config,
        notes,
    } = settings(options)?;
    let model = load_threat_model(options)?;
    let baseline = options.baseline.as_deref().map(read_report).transpose()?;
    let mut images = Vec::new();
    let made_at = drydock_model::dates::now_rfc3339();
    let mut kept_facts: Option<drydock_model::facts::Facts> = None;
    let mut topology = drydock_model::topology::Topology::default();
    let mut topology_time = std::time::Duration::ZERO;
    let mut report = if options.evidence.is_empty() {
        let mut facts = match &options.facts {
            Some(path) => read_facts(path)?,
            None => collect(&options.source, &options.project, progress)?,
        };
        if let Some(dir) = &options.vuln_db {
            let (index, db) = drydock_collect::vulndb::load(dir).map_err(|e| anyhow::anyhow!(e))?;
            drydock_collect::vulndb::annotate(&mut facts, &index, db);
        }
        // The topology is made from the rules' own parse of the project, before the threat
        // instances exist: the parse is gone by the time they are made.
        let (mut report, made) = drydock_rules::evaluate::evaluate_then(
            &facts,
            &rules,
            &rule_options,
            benchmark,
            TOOL_VERSION,
            |project| {
                // What the rules' workers freed is given back before the topology is made
                // beside the parse, the audit's largest moment.
                give_back_freed_memory();
                let started = std::time::Instant::now();
                let made = drydock_threat::topology::build(&facts, project);
                topology_time = started.elapsed();
                made
            },
        );
        topology = made;
        report.copy_objects_afresh();
        for archive in facts.project.archives.iter().chain(
            facts
                .engine
                .known()
                .map(|e| e.image_layers.as_slice())
                .unwrap_or_default(),
        ) {
            images.extend(
                archive
                    .images
                    .iter()
                    .filter(|i| !i.packages.is_empty() || i.os.is_some())
                    .cloned(),
            );
        }
        // The project's files are read and their rules have run: only the host's and the
        // engine's facts are asked for again (the plan simulates changes to them). A cluster's
        // manifests are megabytes of text.
        facts.project = Default::default();
        kept_facts = Some(facts);
        give_back_freed_memory();
        report
    } else {
        let mut inputs = Vec::new();
        for path in &options.evidence {
            let text = std::fs::File::open(path)
                .map_err(anyhow::Error::from)
                .and_then(|mut f| read_bounded(&mut f, MAX_EVIDENCE_BYTES, "the file"))
                .with_context(|| format!("cannot read evidence {}", path.display()))?;
            inputs.push((path.display().to_string(), text));
        }
        evidence::report_from(&inputs, &rules, &rule_options, benchmark, TOOL_VERSION)
            .map_err(|e| anyhow::anyhow!(e))?
    };
    report.notes.extend(notes);
    report.redact_secrets();
    let today = today();
    if let Some(config) = &config {
        config.apply(&mut report, &today);
    }
    if let (Some(baseline), Some(path)) = (&baseline, &options.baseline) {
        let set_aside = drydock_model::diff::set_aside_baseline(
            &mut report,
            baseline,
            &path.display().to_string(),
        );
        report.notes.push(format!(
            "{set_aside} finding(s) already in the baseline {} are set aside (-v shows them)",
            path.display()
        ));
    }
    let mut assessed = drydock_threat::assess(&report, &model, &today);
    give_back_freed_memory();
    {
        let started = std::time::Instant::now();
        assessed.system = Some(drydock_threat::analyse_system(
            kept_facts.as_ref(),
            topology,
            &report,
            &assessed,
            &model,
            &rules,
            &rule_options,
            benchmark,
            drydock_model::topology::Provenance {
                made_at,
                host: if !report.target.evidence.is_empty() {
                    format!("evidence {}", report.target.evidence.join(", "))
                } else if report.target.host.is_empty() {
                    "files only".into()
                } else {
                    report.target.host.clone()
                },
                tool_version: TOOL_VERSION.to_string(),
            },
        ));
        if let Some(system) = &mut assessed.system {
            system.redact_secrets();
        }
        // The plan's working set is gone: the report is rendered next, on top of what is left.
        give_back_freed_memory();
        // `DRYDOCK_TIMINGS=1`: what the system's model cost, for scripts/bench-system.
        if std::env::var_os("DRYDOCK_TIMINGS").is_some() {
            eprintln!(
                "drydock: timing: topology, paths and plan: {:.1} ms",
                (topology_time + started.elapsed()).as_secs_f64() * 1000.0
            );
        }
    }
    report.threat_model = Some(assessed);
    // The process ends soon: freeing every parsed file one by one would only delay it.
    std::mem::forget(kept_facts);
    Ok(Audit {
        report,
        rules,
        images,
    })
}

/// Returns the pages the allocator holds free to the system. The rules' parse trees and the
/// threat model's working sets are freed between phases, but glibc keeps them in the arenas of
/// the threads that used them, so the process's resident size stays at the sum of every phase's
/// peak; on a List of 9,000 pods this gives back a tenth of it.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory the allocator holds free; it touches no live
    // allocation and has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Sets how the allocator serves large blocks; called first thing in `main`, before any thread
/// starts. glibc raises its threshold for serving a block from its own mappings each time one
/// such block is freed, up to 32 MiB, and from then on keeps the large lists an audit of a
/// cluster grows (hundreds of thousands of results and threat instances) among its small
/// blocks, where the space they leave when they move is reused only in part. A fixed threshold
/// keeps every block of 256 KiB or more in a mapping of its own, given back whole when freed:
/// on a List of 30,000 pods the peak resident size is 8 % lower and the time the same. A
/// threshold the user set (`MALLOC_MMAP_THRESHOLD_`) is left as it is.
pub fn settle_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: mallopt only changes a tuning parameter of the allocator; it is called
        // before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        }
    }
}

/// A saved report (`drydock audit --format json`) re-assessed against the current threat
/// model, or a new audit when no report is named.
pub fn saved_or_new(
    options: &AuditOptions,
    saved: Option<&Path>,
    progress: &dyn Progress,
) -> Result<Report> {
    match saved {
        None => Ok(audit(options, progress)?.report),
        Some(path) => {
            let mut report = read_report(path)?;
            let model = load_threat_model(options)?;
            assess(&mut report, &model);
            Ok(report)
        }
    }
}

/// Assesses the threat model on a report as of today, replacing any earlier assessment.
pub fn assess(report: &mut Report, model: &Model) {
    report.threat_model = Some(drydock_threat::assess(report, model, &today()));
}

/// Evaluates the selected rules over facts, with the configuration's waivers applied (what the
/// fix planner, the host script and the container advice judge from).
pub fn evaluate(facts: &Facts, settings: &Settings) -> Report {
    let mut report = drydock_rules::evaluate::evaluate(
        facts,
        &settings.rules,
        &settings.options,
        settings.benchmark,
        TOOL_VERSION,
    );
    if let Some(config) = &settings.config {
        config.apply(&mut report, &today());
    }
    report
}

/// The benchmark numbering a name (`cis-docker-1.2.0` or `1.2.0`) stands for.
pub fn parse_benchmark(text: &str) -> Result<DockerBenchmark> {
    DockerBenchmark::parse(text).with_context(|| {
        format!(
            "unknown benchmark `{text}`; use one of {}",
            DockerBenchmark::ALL.map(|b| b.name()).join(", ")
        )
    })
}

/// Collects the facts the options ask for: the host, its engine and the project's files
/// (standard input too, when a path is `-`).
pub fn collect(
    source: &SourceOptions,
    project: &ProjectOptions,
    progress: &dyn Progress,
) -> Result<Facts> {
    let mut paths: Vec<PathBuf> = project
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    // A path that does not exist is a mistake (`Dockerfle`), never an empty, clean audit.
    for path in paths.iter().chain(&project.compose_files) {
        if path.symlink_metadata().is_err() {
            bail!("{}: no such file or directory", path.display());
        }
    }
    let stdin = if project.paths.iter().any(|p| p.as_os_str() == "-") {
        let text = read_bounded(
            &mut std::io::stdin(),
            drydock_collect::project::MAX_SOURCE_BYTES,
            "standard input",
        )?;
        let kind = match project.stdin_type {
            Some(kind) => kind,
            // Without --type, what the text holds decides (`helm template … | drydock audit -`).
            None => drydock_collect::project::kind_by_content(&text).context(
                "standard input is neither a Dockerfile, a compose file nor Kubernetes manifests; name it with --type",
            )?,
        };
        Some((kind, text))
    } else {
        None
    };
    // Files named on the command line are audited by their content when their names say
    // nothing (`compose-anchors.yml`), by --type when given, or refused with the reason.
    let mut named = Vec::new();
    for path in &paths {
        if !path.is_file() {
            continue;
        }
        let kind = match project.stdin_type {
            Some(kind) => drydock_collect::project::FileKind::Source(kind),
            None => drydock_collect::project::named_file_kind(path)
                .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?,
        };
        named.push((path.clone(), kind));
    }
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
            named,
        },
        root: source.root.clone(),
        engine: (!source.no_engine).then(|| EngineOptions {
            host: source.docker_host.clone(),
            timeout: source.timeout,
            running_only: source.running_only,
            image_layers: source.image_layers,
            tls_dir: source.tls_dir.clone(),
        }),
    };
    Ok(drydock_collect::collect(&options, progress))
}

/// The numbering, rules, rule options and configuration of a run.
pub fn settings(options: &AuditOptions) -> Result<Settings> {
    let config = load_config(options)?;
    let benchmark = match (&options.benchmark, &config) {
        (Some(b), _) => parse_benchmark(b)?,
        (None, Some(c)) => c.benchmark.unwrap_or(DockerBenchmark::V160),
        (None, None) => DockerBenchmark::V160,
    };
    let rules = select_rules(options, benchmark, config.as_ref())?;
    let from_config = |given: &Vec<String>, configured: Option<&Vec<String>>| {
        if given.is_empty() {
            configured.cloned().unwrap_or_default()
        } else {
            given.clone()
        }
    };
    let pss_version = options
        .pss_version
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.pss_version.clone()));
    let (pss_minor, pss_note) = pss_minor(&pss_version)?;
    let rule_options = RuleOptions {
        trusted_users: from_config(
            &options.trusted_users,
            config.as_ref().and_then(|c| c.trusted_users.as_ref()),
        ),
        allowed_registries: from_config(
            &options.allowed_registries,
            config.as_ref().and_then(|c| c.allowed_registries.as_ref()),
        ),
        pss_minor,
        today: drydock_model::dates::today(),
        vuln_threshold: options
            .vuln_threshold
            .or_else(|| config.as_ref().and_then(|c| c.vuln_threshold)),
        vuln_max_age_days: options
            .vuln_max_age_days
            .or_else(|| config.as_ref().and_then(|c| c.vuln_max_age_days)),
    };
    Ok(Settings {
        benchmark,
        rules,
        options: rule_options,
        config,
        notes: pss_note.into_iter().collect(),
    })
}

fn select_rules(
    options: &AuditOptions,
    benchmark: DockerBenchmark,
    config: Option<&Config>,
) -> Result<Vec<&'static Rule>> {
    let mut rules = drydock_rules::rules::catalog();
    let resolve = |queries: &[String]| -> Result<Vec<&'static str>> {
        let mut ids = Vec::new();
        for q in queries {
            let found = drydock_rules::rules::query(q, benchmark);
            if found.is_empty() {
                bail!("no rule matches `{q}` in {}", benchmark.name());
            }
            ids.extend(found.iter().map(|r| r.id));
        }
        Ok(ids)
    };
    if !options.rules.is_empty() {
        // Rules named on the command line run whatever the file selects.
        let keep = resolve(&options.rules)?;
        rules.retain(|r| keep.contains(&r.id));
    } else if let Some(config) = config {
        rules = config.select(rules);
    }
    let skip = resolve(&options.skip)?;
    rules.retain(|r| !skip.contains(&r.id));
    // Severity as the configuration sets it, else the rule's own.
    let severity = |r: &Rule| config.map_or(r.severity, |c| c.severity_of(r));
    if !options.severities.is_empty() {
        rules.retain(|r| options.severities.contains(&severity(r)));
    }
    if let Some(min) = options.min_severity {
        rules.retain(|r| severity(r) >= min);
    }
    if rules.is_empty() {
        bail!(
            "the rule selection (--rule, --skip, --severity, --min-severity and the configuration's [rules]) leaves no rule to run"
        );
    }
    Ok(rules)
}

/// The Kubernetes minor version of `--pss-version`, as the upstream Pod Security admission
/// library reads it: `latest`, and any version newer than the newest known, mean the newest
/// known (with a note saying so); v1.0 to v1.7 are the earliest policy.
fn pss_minor(version: &Option<String>) -> Result<(Option<u32>, Option<String>)> {
    let Some(v) = version else {
        return Ok((None, None));
    };
    if v.eq_ignore_ascii_case("latest") {
        return Ok((None, None));
    }
    let minor = v
        .trim_start_matches('v')
        .strip_prefix("1.")
        .and_then(|m| m.split('.').next())
        .and_then(|m| m.parse::<u32>().ok())
        .with_context(|| {
            format!("--pss-version `{v}` is not a Kubernetes version such as v1.30, or latest")
        })?;
    let latest = drydock_rules::rules::kubernetes::workload::LATEST_PSS_MINOR;
    if minor > latest {
        return Ok((
            Some(latest),
            Some(format!(
                "Pod Security Standards: drydock knows them up to v1.{latest}; {v} is judged as v1.{latest}"
            )),
        ));
    }
    Ok((Some(minor), None))
}

/// The directories a file of drydock's own (configuration, threat model) is looked for in:
/// the audited directories, else the current one.
fn audited_dirs(options: &AuditOptions) -> Vec<PathBuf> {
    if options.project.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        options
            .project
            .paths
            .iter()
            .filter(|p| p.is_dir())
            .cloned()
            .collect()
    }
}

/// `--config`, else `drydock.toml` in the audited directory; an invalid file stops the run,
/// naming each mistake's line.
fn load_config(options: &AuditOptions) -> Result<Option<Config>> {
    if options.no_config {
        return Ok(None);
    }
    let path = match &options.config {
        Some(p) => p.clone(),
        None => match audited_dirs(options)
            .into_iter()
            .map(|d| d.join(config::FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(p) => p,
            None => return Ok(None),
        },
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read configuration {}", path.display()))?;
    match config::parse(&path.display().to_string(), &text) {
        Ok(config) => Ok(Some(config)),
        Err(errors) => {
            let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
            bail!("the configuration is not valid:\n{}", lines.join("\n"))
        }
    }
}

/// The built-in threat model, extended by `--threat-model` or by `drydock-threats.yaml` in
/// the audited directory.
pub fn load_threat_model(options: &AuditOptions) -> Result<Model> {
    let mut model = Model::builtin();
    let path = match &options.threat_model {
        Some(p) => Some(p.clone()),
        None => audited_dirs(options)
            .into_iter()
            .map(|d| d.join(THREAT_MODEL_FILE))
            .find(|p| p.is_file()),
    };
    if let Some(path) = path {
        extend_model(&mut model, &path)?;
    }
    Ok(model)
}

/// Adds a model file to the model; an invalid file stops the run, naming its lines.
pub fn extend_model(model: &mut Model, path: &Path) -> Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read threat model {}", path.display()))?;
    if let Err(errors) = model.extend(&path.display().to_string(), &text) {
        let lines: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        bail!("the threat model is not valid:\n{}", lines.join("\n"));
    }
    Ok(())
}
