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
    let drydock_engine::Audit { mut report, rules } =
        drydock_engine::audit(&args.eval.options(), &args.eval.progress())?;
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::of_path))
        .unwrap_or(Format::Text);
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
    }
    let code = report::exit_code(&report, fail_on) as u8;
    // The process ends next: freeing tens of thousands of results and parsed documents one by
    // one would only delay the exit.
    std::mem::forget(report);
    Ok(code)
}
