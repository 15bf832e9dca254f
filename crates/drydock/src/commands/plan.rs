//! `drydock plan`: the failed controls ranked by what hardening them buys.

use crate::commands::EvalArgs;
use crate::output::write_output;
use anyhow::Result;
use clap::{Args, ValueEnum};
use drydock_model::threat_report::PlanItem;
use std::path::PathBuf;

#[derive(Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Read a JSON report of `drydock audit --format json` instead of auditing.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["facts", "evidence"])]
    pub report: Option<PathBuf>,
    /// How many controls to list.
    #[arg(long, default_value_t = 3)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum PlanFormat {
    Text,
    Json,
    Markdown,
}

pub fn plan(args: PlanArgs) -> Result<u8> {
    let report = drydock_engine::saved_or_new(
        &args.eval.options(),
        args.report.as_deref(),
        &args.eval.progress(),
    )?;
    let model = report.threat_model.as_ref().expect("assessed");
    let top: Vec<PlanItem> = model.plan.iter().take(args.top).cloned().collect();
    use drydock_render::threats as render;
    let out = match args.format {
        PlanFormat::Text => render::plan_text(&report, &top),
        PlanFormat::Json => serde_json::to_string_pretty(&top)? + "\n",
        PlanFormat::Markdown => render::plan_markdown(&top),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}
