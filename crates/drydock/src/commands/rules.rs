//! `drydock rules`: the catalog, filtered.

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use drydock_engine::parse_benchmark;
use drydock_model::benchmark::DockerBenchmark;
use drydock_model::model::{Severity, Stride, Target};
use drydock_render::catalog;
use drydock_rules::rule::Rule;
use drydock_rules::rules::catalog as rule_catalog;
use std::io::Write;

#[derive(Args)]
pub struct RulesArgs {
    /// Numbering to list and sort by.
    #[arg(long, default_value = "cis-docker-1.6.0")]
    pub benchmark: String,
    /// Only rules of this section (1–7, in the chosen numbering).
    #[arg(long)]
    pub section: Option<u8>,
    /// Only rules of this level (1 or 2).
    #[arg(long)]
    pub level: Option<u8>,
    /// Only rules with this STRIDE category (e.g. elevation-of-privilege or E).
    #[arg(long)]
    pub stride: Option<String>,
    /// Only rules on this target (host, daemon, file, image, container, network, swarm,
    /// dockerfile, compose-service, image-archive, kube-workload, kube-object, kube-component;
    /// `kubernetes` for the three Kubernetes targets).
    #[arg(long)]
    pub target: Option<String>,
    /// Only rules of at least this severity.
    #[arg(long)]
    pub severity: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

pub fn rules(args: RulesArgs) -> Result<u8> {
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
