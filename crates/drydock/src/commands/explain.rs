//! `drydock explain` and `drydock coverage`: one rule's documentation, and what the catalog
//! covers of each benchmark version.

use anyhow::{Result, bail};
use clap::Args;
use drydock_engine::parse_benchmark;
use drydock_model::benchmark::DockerBenchmark;
use drydock_render::catalog;
use drydock_rules::rule::Rule;
use drydock_rules::rules::catalog as rule_catalog;
use std::io::Write;

#[derive(Args)]
pub struct ExplainArgs {
    /// Rule id (DH079), name (privileged-container) or CIS control id (5.5).
    pub id: String,
    /// Benchmark a CIS id is numbered in: a cis-docker version, or cis-kubernetes-1.12.
    /// Default: cis-docker-1.6.0, and when the id means other controls in older versions,
    /// those are listed too.
    #[arg(long)]
    pub benchmark: Option<String>,
}

pub fn explain(args: ExplainArgs) -> Result<u8> {
    let ExplainArgs { id, benchmark } = args;
    let chosen = benchmark.is_some();
    let benchmark = benchmark.unwrap_or_else(|| "cis-docker-1.6.0".to_string());
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
    // CIS renumbered controls between versions: a user quoting an older benchmark may mean
    // another control by the same id. Without --benchmark, say so.
    if !chosen && !kube {
        let ids = |rules: &[&Rule]| {
            let mut v: Vec<&str> = rules.iter().map(|r| r.id).collect();
            v.sort_unstable();
            v
        };
        let others: Vec<(DockerBenchmark, Vec<&'static Rule>)> = DockerBenchmark::ALL
            .into_iter()
            .filter(|b| *b != DockerBenchmark::V160)
            .map(|b| (b, drydock_rules::rules::query(&id, b)))
            .filter(|(_, rules)| !rules.is_empty() && ids(rules) != ids(&found))
            .collect();
        if !others.is_empty() {
            writeln!(
                out,
                "{id} is numbered differently across CIS Docker versions; this is {id} of cis-docker-1.6.0. Elsewhere:"
            )?;
            for (b, rules) in &others {
                let names: Vec<String> = rules
                    .iter()
                    .map(|r| format!("{} {} ({})", r.id, r.name, r.title()))
                    .collect();
                writeln!(out, "  {}: {}", b.name(), names.join("; "))?;
            }
            writeln!(
                out,
                "Name the version with --benchmark to see that control.\n"
            )?;
        }
    }
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
