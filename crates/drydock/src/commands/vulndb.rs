//! `drydock vulndb update DIR`: fetches the OSV records of the distributions' ecosystems for
//! `audit --vuln-db DIR`, on a machine that can reach osv.dev (or a mirror of it).

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Args)]
pub struct VulndbArgs {
    #[command(subcommand)]
    pub command: VulndbCommand,
}

#[derive(Subcommand)]
pub enum VulndbCommand {
    /// Download each ecosystem's all.zip into DIR/<ecosystem>/ and stamp DIR with today's date
    /// (the age `audit --vuln-max-age` checks). A failed download leaves DIR as it was.
    Update(UpdateArgs),
}

#[derive(Args)]
pub struct UpdateArgs {
    /// The database directory (created when missing).
    pub dir: PathBuf,
    /// OSV ecosystems to fetch (repeatable): Debian, Ubuntu, Alpine, or a release such as
    /// `Debian:12` or `Alpine:v3.20`.
    #[arg(long = "ecosystem", value_name = "NAME", default_values_t = ["Debian".to_string(), "Ubuntu".to_string(), "Alpine".to_string()])]
    pub ecosystems: Vec<String>,
    /// Where the ecosystems' archives are published (`<URL>/<ecosystem>/all.zip`): osv.dev's
    /// bucket, or a mirror of it.
    #[arg(long, value_name = "URL", default_value = drydock_collect::vulndb::OSV_SOURCE)]
    pub source: String,
    /// Seconds each download may take.
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
}

pub fn vulndb(args: VulndbArgs) -> Result<u8> {
    match args.command {
        VulndbCommand::Update(args) => {
            let today = drydock_model::dates::today();
            let fetched = drydock_collect::vulndb::update(
                &args.dir,
                &args.ecosystems,
                &args.source,
                &today,
                Duration::from_secs(args.timeout.max(1)),
            )
            .map_err(|e| anyhow!(e))?;
            let mut out = anstream::stdout();
            for f in &fetched {
                writeln!(
                    out,
                    "{}: {} records → {}",
                    f.ecosystem,
                    f.records,
                    f.path.display()
                )?;
            }
            writeln!(out, "stamped {} as fetched {today}", args.dir.display())?;
            Ok(0)
        }
    }
}
