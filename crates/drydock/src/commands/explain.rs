//! `drydock explain` and `drydock coverage`: one rule's documentation, and what the catalog
//! covers of each benchmark version.

use anyhow::{Result, bail};
use clap::Args;
use drydock_engine::parse_benchmark;
use drydock_render::catalog;
use drydock_rules::rule::Rule;
use drydock_rules::rules::catalog as rule_catalog;
use std::io::Write;

#[derive(Args)]
pub struct ExplainArgs {
    /// Rule id (DH079), name (privileged-container) or CIS control id (5.5).
    pub id: String,
    /// Benchmark a CIS id is numbered in: a cis-docker version, or cis-kubernetes-1.12.
    #[arg(long, default_value = "cis-docker-1.6.0")]
    pub benchmark: String,
}

pub fn explain(args: ExplainArgs) -> Result<u8> {
    let ExplainArgs { id, benchmark } = args;
    let kube = benchmark.trim_start_matches("cis-kubernetes-") == "1.12";
    let found: Vec<&Rule> = if kube {
        rule_catalog()
            .into_iter()
            .filter(|r| r.kube_cis.contains(&id.as_str()))
            .collect()
    } else {
        drydock_rules::rules::query(&id, parse_benchmark(&benchmark)?)
    };
    if found.is_empty() {
        bail!("no rule matches `{id}` in {benchmark} (try `drydock rules`)");
    }
    let mut out = anstream::stdout();
    for (i, rule) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write!(out, "{}", catalog::explain(rule))?;
    }
    Ok(0)
}

pub fn coverage() -> Result<u8> {
    write!(anstream::stdout(), "{}", catalog::coverage(&rule_catalog()))?;
    Ok(0)
}
