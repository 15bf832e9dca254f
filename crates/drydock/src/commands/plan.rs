//! `drydock plan`: the fix actions ranked by what each buys: one change each, with the
//! controls it turns to pass, the threats it acts on and the attack paths it cuts.

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
    /// How many actions to list.
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
    use drydock_render::system as render;
    let Some(system) = &model.system else {
        // A report saved by an older drydock: its plan by control.
        let top: Vec<PlanItem> = model.plan.iter().take(args.top).cloned().collect();
        use drydock_render::threats as old;
        let out = match args.format {
            PlanFormat::Text => old::plan_text(&report, &top),
            PlanFormat::Json => serde_json::to_string_pretty(&top)? + "\n",
            PlanFormat::Markdown => old::plan_markdown(&top),
        };
        write_output(args.output.as_ref(), &out)?;
        return Ok(0);
    };
    let out = match args.format {
        PlanFormat::Text => render::actions_text(system, args.top),
        PlanFormat::Json => {
            let top: Vec<_> = system.actions.iter().take(args.top).collect();
            let paths: Vec<_> = system
                .paths
                .iter()
                .filter(|p| top.iter().any(|a| a.paths.contains(&p.id)))
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({
                "provenance": system.provenance,
                "how_scored": system.how_scored,
                "actions": top,
                "paths": paths,
            }))? + "\n"
        }
        PlanFormat::Markdown => render::actions_markdown(system, args.top),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(0)
}
