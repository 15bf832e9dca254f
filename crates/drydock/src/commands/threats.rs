//! `drydock threats`: the threat model with each threat's status.

use crate::commands::EvalArgs;
use crate::output::write_output;
use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Args)]
pub struct ThreatsArgs {
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Read a JSON report of `drydock audit --format json` instead of auditing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "evidence"])]
    pub report: Option<PathBuf>,
    /// Output format; mermaid and dot export the topology of the audited system (its
    /// containers, services and workloads, zones and flows), or with --view model the
    /// generic data-flow model of Docker and Kubernetes.
    #[arg(long, value_enum, default_value_t = ThreatsFormat::Text)]
    pub format: ThreatsFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also list the threats that are not applicable to this audit, and every attack path
    /// (text).
    #[arg(long)]
    pub all: bool,
    /// What mermaid and dot draw: the audited system (default) or the generic model.
    #[arg(long, value_enum, default_value_t = View::System)]
    pub view: View,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum View {
    /// The audited system's topology.
    System,
    /// The generic data-flow model of Docker and Kubernetes.
    Model,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum ThreatsFormat {
    Text,
    Json,
    Markdown,
    Mermaid,
    Dot,
    /// The whole report as one page (as `audit --format html`).
    Html,
}

pub fn threats(args: ThreatsArgs) -> Result<u8> {
    let report = drydock_engine::saved_or_new(
        &args.eval.options(),
        args.report.as_deref(),
        &args.eval.progress(),
    )?;
    let model = report.threat_model.as_ref().expect("assessed");
    use drydock_render::system;
    use drydock_render::threats as render;
    // The system's topology when it has one (a report of peers' evidence has none).
    let topology = model
        .system
        .as_ref()
        .filter(|s| args.view == View::System && !s.topology.elements.is_empty());
    let out = match args.format {
        // The paths through this system first: they say what matters most.
        ThreatsFormat::Text => {
            let mut out = model
                .system
                .as_ref()
                .map(|s| system::paths_text(s, args.all))
                .unwrap_or_default();
            out.push_str(&render::text(&report, args.all));
            out
        }
        ThreatsFormat::Json => serde_json::to_string_pretty(model)? + "\n",
        ThreatsFormat::Markdown => {
            let mut out = render::markdown(&report);
            if let Some(s) = &model.system {
                out.push_str(&system::paths_markdown(s));
            }
            out
        }
        ThreatsFormat::Mermaid => match topology {
            Some(s) => system::topology_mermaid(s),
            None => render::mermaid(model),
        },
        ThreatsFormat::Dot => match topology {
            Some(s) => system::topology_dot(s),
            None => render::dot(model),
        },
        ThreatsFormat::Html => drydock_render::html::report(&report),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}
