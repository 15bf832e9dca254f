//! `drydock audit`: the report of an audit in the format asked for, and the exit code.

use crate::commands::EvalArgs;
use crate::output::{write_json, write_output, write_report_json};
use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use drydock_model::report::{self, FailOn};
use drydock_render::text;
use std::path::PathBuf;

#[derive(Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub eval: EvalArgs,
    /// Output format. Default: from the `--output` file's extension (`.json`, `.sarif`,
    /// `.md`, `.html`, `.xml` for JUnit), else text.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Which failures make the exit code 1: automated (default), any, none, or a severity
    /// (info, low, medium, high, critical) and above.
    #[arg(long, default_value = "automated")]
    pub fail_on: String,
    /// Text output: list every object of a control with its evidence, and show passing and
    /// not-applicable controls too.
    #[arg(long, short)]
    pub verbose: bool,
    /// Text output: each failed control with its objects (default), or each object
    /// (container, image, file) with every control it fails.
    #[arg(long, value_enum, default_value = "control", value_name = "BY")]
    pub group_by: GroupBy,
    /// Audit again and again, this long apart (`30m`, `6h`, `1d`), writing each report as one
    /// line of JSON to standard output: what a DaemonSet runs, so that the last line of each
    /// pod's log is its node's latest report (`drydock merge -` reads them). Needs --format json.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "output")]
    pub every: Option<std::time::Duration>,
}

/// Several engines: each audited on its own thread into its own report, the reports merged
/// into one fleet report (the same as `drydock merge` of the reports one would save one by one).
/// An engine that cannot be reached is a host whose engine controls are unknown.
fn fleet(
    args: &AuditArgs,
    endpoints: &[drydock_engine::contexts::Endpoint],
    format: Format,
    fail_on: FailOn,
) -> Result<u8> {
    let base = args.eval.options();
    let quiet = drydock_collect::engine::Silent;
    let reports: Vec<Result<report::Report>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = endpoints
            .iter()
            .map(|endpoint| {
                let mut options = base.clone();
                options.source.docker_host = Some(endpoint.host.clone());
                options.source.tls_dir = endpoint.tls_dir.clone();
                let quiet = &quiet;
                scope
                    .spawn(move || drydock_engine::audit(&options, quiet).map(|audit| audit.report))
            })
            .collect();
        jobs.into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("the audit panicked")))
            })
            .collect()
    });
    let mut builder = drydock_model::fleet::FleetBuilder::default();
    let mut failed = false;
    for (endpoint, report) in endpoints.iter().zip(reports) {
        match report {
            Ok(report) => {
                failed |= report::exit_code(&report, fail_on) == 1;
                builder.add(&endpoint.name, &report);
            }
            Err(e) => builder.skip(format!("{}: {e:#}", endpoint.name)),
        }
    }
    let fleet = builder.finish(drydock_engine::TOOL_VERSION);
    let out = match format {
        Format::Json => serde_json::to_string_pretty(&fleet)? + "\n",
        Format::Markdown => drydock_render::fleet::markdown(&fleet, usize::MAX),
        Format::Html => drydock_render::fleet::html(&fleet),
        Format::Text => drydock_render::fleet::text(&fleet, usize::MAX),
        Format::Sarif | Format::Junit | Format::Cyclonedx => anyhow::bail!(
            "several engines make a fleet report: --format text, json, markdown or html"
        ),
    };
    write_output(args.output.as_ref(), &out)?;
    Ok(if failed {
        1
    } else if !fleet.complete {
        3
    } else {
        0
    })
}

/// `90s`, `30m`, `6h`, `1d` (or plain seconds).
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = text
        .find(|c: char| !c.is_ascii_digit())
        .map_or((text, "s"), |at| text.split_at(at));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration such as 30m, 6h or 1d"))?;
    let seconds = match unit {
        "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        _ => return Err(format!("`{text}`: the unit is s, m, h or d")),
    };
    if seconds == 0 {
        return Err("the interval must be at least one second".into());
    }
    Ok(std::time::Duration::from_secs(seconds))
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum GroupBy {
    Control,
    Object,
}

#[derive(Clone, Copy, ValueEnum, PartialEq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Markdown,
    /// One self-contained page: summary, diagrams, heat map, threats, plan, filterable results.
    Html,
    /// JUnit XML for CI test reports: failures fail, unknowns are errors, the rest skipped.
    Junit,
    /// A CycloneDX 1.5 software bill of materials of the images whose layers were read
    /// (archives, OCI layouts, live with --image-layers): distribution and packages.
    Cyclonedx,
}

impl Format {
    /// The format a file name's extension asks for.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" => Format::Html,
            "xml" => Format::Junit,
            "cdx" => Format::Cyclonedx,
            "txt" | "text" => Format::Text,
            _ => return None,
        })
    }
}

pub fn audit(args: AuditArgs) -> Result<u8> {
    let fail_on = FailOn::parse(&args.fail_on).with_context(|| {
        format!(
            "unknown --fail-on `{}`; use automated, any, none, info, low, medium, high or critical",
            args.fail_on
        )
    })?;
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Text);
    if let Some(interval) = args.every {
        if format != Format::Json {
            anyhow::bail!("--every writes one JSON report per line: give --format json");
        }
        loop {
            // A round that fails (the engine gone for a moment) is said on standard error and
            // the next round goes on.
            match drydock_engine::audit(&args.eval.options(), &args.eval.progress()) {
                Ok(audit) => {
                    let mut line = serde_json::to_vec(&audit.report)?;
                    line.push(b'\n');
                    let mut stdout = std::io::stdout().lock();
                    std::io::Write::write_all(&mut stdout, &line)?;
                    std::io::Write::flush(&mut stdout)?;
                }
                Err(e) => eprintln!("drydock: error: {e:#}"),
            }
            std::thread::sleep(interval);
        }
    }
    let endpoints = args.eval.source.endpoints();
    if endpoints.len() > 1 {
        return fleet(&args, &endpoints, format, fail_on);
    }
    let drydock_engine::Audit {
        mut report,
        rules,
        images,
    } = drydock_engine::audit(&args.eval.options(), &args.eval.progress())?;
    match format {
        Format::Json => write_report_json(args.output.as_ref(), &mut report)?,
        Format::Sarif => write_json(
            args.output.as_ref(),
            &drydock_render::sarif::render(
                &report,
                &rules,
                &std::env::current_dir().context("the current directory")?,
            ),
        )?,
        Format::Text => write_output(
            args.output.as_ref(),
            &text::render(
                &report,
                text::TextOptions {
                    verbose: args.verbose,
                    group_by: match args.group_by {
                        GroupBy::Control => text::GroupBy::Control,
                        GroupBy::Object => text::GroupBy::Object,
                    },
                },
            ),
        )?,
        Format::Markdown => write_output(
            args.output.as_ref(),
            &drydock_render::markdown::report(&report),
        )?,
        Format::Html => write_output(args.output.as_ref(), &drydock_render::html::report(&report))?,
        Format::Junit => write_output(
            args.output.as_ref(),
            &drydock_render::junit::report(&report),
        )?,
        Format::Cyclonedx => write_json(
            args.output.as_ref(),
            &drydock_render::cyclonedx::sbom(&images, &report.tool_version),
        )?,
    }
    let code = report::exit_code(&report, fail_on) as u8;
    // The process ends next: freeing tens of thousands of results and parsed documents one by
    // one would only delay the exit.
    std::mem::forget(report);
    Ok(code)
}
