//! Where a command's output goes: standard output (styled when it is a terminal) or a file
//! (never styled).

use anyhow::{Context as _, Result};
use drydock_model::report::Report;
use std::io::Write;
use std::path::PathBuf;

/// Writes the JSON report to the file or standard output.
pub fn write_report_json(path: Option<&PathBuf>, report: &mut Report) -> Result<()> {
    let mut writer = output_writer(path)?;
    drydock_render::json::write_report(&mut writer, report)?;
    writer.flush()?;
    Ok(())
}

/// A buffered writer to the file, or to standard output without a file.
fn output_writer(path: Option<&PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Writes JSON straight to the file or standard output, without building the text in memory.
pub fn write_json<T: serde::Serialize>(path: Option<&PathBuf>, value: &T) -> Result<()> {
    let mut writer = output_writer(path)?;
    serde_json::to_writer_pretty(&mut writer, value)?;
    writer.write_all(b"\n")?;
    writer.flush()?;
    Ok(())
}

/// Writes text to the file (styles stripped) or standard output.
pub fn write_output(path: Option<&PathBuf>, content: &str) -> Result<()> {
    match path {
        Some(path) => {
            // Styles never go into files.
            let plain = anstream::adapter::strip_str(content).to_string();
            std::fs::write(path, plain).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut out = anstream::stdout();
            out.write_all(content.as_bytes())?;
            out.flush()?;
            Ok(())
        }
    }
}
