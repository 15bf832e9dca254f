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
    /// Output format; mermaid and dot export the data-flow diagram.
    #[arg(long, value_enum, default_value_t = ThreatsFormat::Text)]
    pub format: ThreatsFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also list the threats that are not applicable to this audit (text).
    #[arg(long)]
    pub all: bool,
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
    use drydock_render::threats as render;
    let out = match args.format {
        ThreatsFormat::Text => render::text(&report, args.all),
        ThreatsFormat::Json => serde_json::to_string_pretty(model)? + "\n",
        ThreatsFormat::Markdown => render::markdown(&report),
        ThreatsFormat::Mermaid => render::mermaid(model),
        ThreatsFormat::Dot => render::dot(model),
        ThreatsFormat::Html => drydock_render::html::report(&report),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}
