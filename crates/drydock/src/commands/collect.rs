//! `drydock collect`: the facts of a host into a JSON file, to audit elsewhere.

use crate::commands::{ProjectArgs, SourceArgs, StderrProgress};
use crate::output::write_output;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args)]
pub struct CollectArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub project: ProjectArgs,
    /// File to write the facts to (`-` for standard output).
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE")]
    pub out: PathBuf,
    /// No progress indicator on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn collect(args: CollectArgs) -> Result<u8> {
    let mut facts = drydock_engine::collect(
        &args.source.options(),
        &args.project.options(),
        &StderrProgress::new(args.quiet),
    )?;
    // A facts file leaves the machine: no credential goes with it.
    facts.redact_secrets();
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
