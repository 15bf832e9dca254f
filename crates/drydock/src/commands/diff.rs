//! `drydock diff`: what changed between two JSON reports.

use crate::commands::plan::PlanFormat;
use crate::output::write_output;
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct DiffArgs {
    /// The earlier report (`drydock audit --format json`).
    pub before: PathBuf,
    /// The later report.
    pub after: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also list the failures present in both (text).
    #[arg(long)]
    pub unchanged: bool,
    /// A threat model file to assess both reports with, after the built-in catalog.
    #[arg(long, value_name = "FILE")]
    pub threat_model: Option<PathBuf>,
}

pub fn diff(args: DiffArgs) -> Result<u8> {
    let mut before = drydock_engine::read_report(&args.before)?;
    let mut after = drydock_engine::read_report(&args.after)?;
    // Both reports are assessed against the same model, so a threat that moved moved because
    // the evidence did.
    let mut model = drydock_threat::Model::builtin();
    if let Some(path) = &args.threat_model {
        drydock_engine::extend_model(&mut model, path)?;
    }
    drydock_engine::assess(&mut before, &model);
    drydock_engine::assess(&mut after, &model);
    let changes = drydock_model::diff::diff(&before, &after);
    let out = match args.format {
        PlanFormat::Text => drydock_render::diff::text(&changes, args.unchanged),
        PlanFormat::Json => serde_json::to_string_pretty(&changes)? + "\n",
        PlanFormat::Markdown => drydock_render::diff::markdown(&changes),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(u8::from(changes.has_regressions()))
}
