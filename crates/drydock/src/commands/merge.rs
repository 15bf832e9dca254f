//! `drydock merge`: one fleet report from the JSON reports of many hosts or nodes.

use crate::output::write_output;
use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use drydock_model::fleet::FleetBuilder;
use drydock_model::report::Report;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// The most a single report may hold.
const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Args)]
pub struct MergeArgs {
    /// Reports of `drydock audit --format json` or facts files of `drydock collect` (audited
    /// here): files, directories (every `*.json` below them) or `-` for a stream of reports on
    /// standard input, one JSON document per line (`kubectl logs` of the node Jobs, `jq -c`).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MergeFormat::Text)]
    pub format: MergeFormat,
    /// Write to a file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How many hosts, controls, threats and plan items each section lists (text, Markdown).
    #[arg(long, default_value_t = 20)]
    pub top: usize,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MergeFormat {
    Text,
    Json,
    Markdown,
    /// One self-contained page: the hosts × controls matrix, filterable.
    Html,
}

/// A report's text, read into the builder; a text that is not a report is named and left out,
/// with the line and column of the fault. `line`: the line the text is on in a stream of
/// reports (`None` for a file).
fn add_text(
    builder: &mut FleetBuilder,
    model: &drydock_threat::Model,
    input: &str,
    line: Option<usize>,
    text: &str,
) {
    let source = match line {
        Some(n) => format!("{input}:{n}"),
        None => input.to_string(),
    };
    let first_line = line.unwrap_or(1);
    match serde_json::from_str::<Report>(text) {
        Ok(mut report) => {
            if report.threat_model.is_none() {
                drydock_engine::assess(&mut report, model);
            }
            builder.add(&source, &report);
        }
        Err(e) => builder.skip(format!(
            "{input}:{}:{}: not a drydock JSON report (drydock audit --format json): {e}",
            first_line + e.line() - 1,
            e.column()
        )),
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

pub fn merge(args: MergeArgs) -> Result<u8> {
    let model = drydock_threat::Model::builtin();
    let mut builder = FleetBuilder::default();
    for input in &args.inputs {
        if input.as_os_str() == "-" {
            let stdin = std::io::stdin();
            let mut reader = stdin.lock();
            let mut line_no = 0;
            loop {
                line_no += 1;
                let mut line = Vec::new();
                let read = (&mut reader)
                    .take(MAX_REPORT_BYTES + 1)
                    .read_until(b'\n', &mut line)
                    .context("cannot read standard input")?;
                if read == 0 {
                    break;
                }
                if line.len() as u64 > MAX_REPORT_BYTES {
                    builder.skip(format!(
                        "standard input:{line_no}: a report over {} MiB",
                        MAX_REPORT_BYTES >> 20
                    ));
                    // The rest of the over-long line.
                    let mut rest = Vec::new();
                    reader.read_until(b'\n', &mut rest)?;
                    continue;
                }
                let text = String::from_utf8_lossy(&line);
                if text.trim().is_empty() {
                    continue;
                }
                add_text(&mut builder, &model, "standard input", Some(line_no), &text);
            }
            continue;
        }
        let files = if input.is_dir() {
            let mut files = Vec::new();
            json_files(input, &mut files)?;
            files
        } else if input.exists() {
            vec![input.clone()]
        } else {
            anyhow::bail!("{}: no such file or directory", input.display());
        };
        for file in files {
            let source = file.display().to_string();
            let text = std::fs::File::open(&file)
                .map_err(anyhow::Error::from)
                .and_then(|mut f| drydock_engine::read_bounded(&mut f, MAX_REPORT_BYTES, &source));
            match text {
                // A facts file (`drydock collect -o`) is audited here, then merged.
                Ok(text) if text[..text.len().min(400)].contains("\"collector_version\"") => {
                    let options = drydock_engine::AuditOptions {
                        facts: Some(file.clone()),
                        ..Default::default()
                    };
                    match drydock_engine::audit(&options, &drydock_collect::engine::Silent) {
                        Ok(audit) => builder.add(&source, &audit.report),
                        Err(e) => builder.skip(format!("{source}: {e:#}")),
                    }
                }
                Ok(text) => add_text(&mut builder, &model, &source, None, &text),
                Err(e) => builder.skip(format!("{source}: {e:#}")),
            }
        }
    }
    let fleet = builder.finish(drydock_engine::TOOL_VERSION);
    let out = match args.format {
        MergeFormat::Text => drydock_render::fleet::text(&fleet, args.top),
        MergeFormat::Json => serde_json::to_string_pretty(&fleet)? + "\n",
        MergeFormat::Markdown => drydock_render::fleet::markdown(&fleet, args.top),
        MergeFormat::Html => drydock_render::fleet::html(&fleet),
    };
    write_output(args.output.as_ref(), &out)?;
    for skipped in &fleet.skipped {
        eprintln!("drydock: left out: {skipped}");
    }
    Ok(fleet.exit_code() as u8)
}
