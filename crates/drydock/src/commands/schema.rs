//! `drydock schema`: the JSON Schema of the report, generated from its types.

use anyhow::Result;
use drydock_model::report::Report;
use std::io::Write;

pub fn schema() -> Result<u8> {
    let schema = schemars::schema_for!(Report);
    writeln!(
        anstream::stdout(),
        "{}",
        serde_json::to_string_pretty(&schema)?
    )?;
    Ok(0)
}
