//! `drydock schema`: the JSON Schema of the report (or of the fleet report), generated from its
//! types.

use anyhow::Result;
use clap::Args;
use drydock_model::fleet::FleetReport;
use drydock_model::report::Report;
use std::io::Write;

#[derive(Args)]
pub struct SchemaArgs {
    /// The schema of `drydock merge --format json` instead of the audit report's.
    #[arg(long)]
    pub fleet: bool,
}

pub fn schema(args: SchemaArgs) -> Result<u8> {
    let schema = if args.fleet {
        schemars::schema_for!(FleetReport)
    } else {
        schemars::schema_for!(Report)
    };
    writeln!(
        anstream::stdout(),
        "{}",
        serde_json::to_string_pretty(&schema)?
    )?;
    Ok(0)
}
