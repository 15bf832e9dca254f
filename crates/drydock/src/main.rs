//! The drydock command line: it parses the arguments, hands each subcommand to its file under
//! `commands/`, and turns the result into an exit code. The audit itself is
//! `drydock_engine::audit`; rendering is `drydock_render`.

mod commands;
mod output;

use clap::{Parser, Subcommand, ValueEnum};
use commands::audit::AuditArgs;
use commands::collect::CollectArgs;
use commands::diff::DiffArgs;
use commands::explain::ExplainArgs;
use commands::fix::FixArgs;
use commands::plan::PlanArgs;
use commands::rules::RulesArgs;
use commands::threats::ThreatsArgs;
use std::io::Write;
use std::process::ExitCode;

/// Audits container platforms against the CIS benchmarks.
#[derive(Parser)]
#[command(name = "drydock", version, about, long_about = None)]
struct Cli {
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Audit the Docker host (engine, daemon settings, host files; a Kubernetes node with
    /// --kubernetes) and the project files under PATHS (Dockerfiles, compose files, Kubernetes
    /// manifests, image archives) against the CIS benchmarks and the Pod Security Standards.
    Audit(AuditArgs),
    /// Collect the facts of a Docker host into a JSON file, to audit elsewhere with `audit --facts`.
    Collect(CollectArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print one rule's documentation; ID is drydock's id, the rule's name, or a CIS id.
    Explain(ExplainArgs),
    /// Show, per benchmark version, which controls are automated, manual or missing.
    Coverage,
    /// Print the JSON Schema of the report (`--format json`), or with --fleet of the fleet
    /// report (`merge --format json`).
    Schema(commands::schema::SchemaArgs),
    /// The STRIDE threat model with each threat's status derived from an audit (or from a
    /// saved report, or docker-bench/kube-bench evidence).
    Threats(ThreatsArgs),
    /// The failed controls ranked by what hardening them buys: the threats they close, how
    /// severe, on how many objects.
    Plan(PlanArgs),
    /// Compare two JSON reports: findings fixed, new and still failing, threats whose status
    /// moved. Exit 1 when something got worse.
    Diff(DiffArgs),
    /// Fix what the audit found in Dockerfiles, compose files, Kubernetes manifests and
    /// daemon.json: prints a unified diff; `--apply` writes it (with a backup), `--verify`
    /// audits again and shows what changed; `--script` writes the host's commands.
    Fix(FixArgs),
    /// Merge the JSON reports of many hosts or nodes into one fleet report: hosts worst first,
    /// controls failing everywhere or on a few hosts, threats and the plan across the fleet.
    Merge(commands::merge::MergeArgs),
    /// The offline vulnerability database that `audit --vuln-db` reads: `vulndb update DIR`
    /// fetches the distributions' OSV records.
    Vulndb(commands::vulndb::VulndbArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or PowerShell
    /// (`drydock completions bash > /etc/bash_completion.d/drydock`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`drydock man > drydock.1; man ./drydock.1`).
    Man,
}

/// The manual page: the command's own page, then a section per subcommand with its options,
/// all from the same definitions as `--help`.
fn man_page(cli: &clap::Command) -> anyhow::Result<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cli.clone()).render(&mut out)?;
    for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
        // The process ends after printing: the names may live as long as it does.
        let name: &'static str = Box::leak(format!("drydock-{}", sub.get_name()).into_boxed_str());
        let sub = sub.clone().name(name).bin_name(name);
        clap_mangen::Man::new(sub).render(&mut out)?;
    }
    std::io::stdout().write_all(&out)?;
    Ok(0)
}

fn main() -> ExitCode {
    drydock_engine::settle_allocator();
    let cli = Cli::parse();
    let choice = match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
    let result = match cli.command {
        Command::Audit(args) => commands::audit::audit(args),
        Command::Collect(args) => commands::collect::collect(args),
        Command::Rules(args) => commands::rules::rules(args),
        Command::Explain(args) => commands::explain::explain(args),
        Command::Coverage => commands::explain::coverage(),
        Command::Schema(args) => commands::schema::schema(args),
        Command::Threats(args) => commands::threats::threats(args),
        Command::Plan(args) => commands::plan::plan(args),
        Command::Diff(args) => commands::diff::diff(args),
        Command::Fix(args) => commands::fix::fix(args),
        Command::Merge(args) => commands::merge::merge(args),
        Command::Vulndb(args) => commands::vulndb::vulndb(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cli = Cli::command();
            clap_complete::generate(shell, &mut cli, "drydock", &mut std::io::stdout());
            Ok(0)
        }
        Command::Man => {
            use clap::CommandFactory;
            man_page(&Cli::command())
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // A reader that stops early (`drydock audit | head`) is not an error.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(anstream::stderr(), "drydock: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
