use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That in the file `--encryption-provider-config` names, every resource's first provider (the
    /// one that encrypts new writes) is `aescbc`, `kms` or `secretbox`.
    ///
    /// ## Why it matters
    /// An `identity` first provider writes clear text; `aesgcm` is unsafe without frequent key
    /// rotation.
    ///
    /// ## Remediation
    /// Put `kms` (or `secretbox`/`aescbc`) first in each resource's providers, then rewrite
    /// existing Secrets so they are encrypted.
    pub static RULE = {
        id: "KN049",
        name: "apiserver-encryption-providers",
        cis: [],
        kube_cis: ["1.2.28"],
        target: KubeComponent,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, APISERVER, |node, c| {
        let Some(flag) = c.flag("encryption-provider-config") else {
            return vec![
                Outcome::fail(
                    c.object(),
                    "no encryption configuration is given, so Secrets are stored in clear text",
                )
                .with(Evidence::new("--encryption-provider-config", "not set").expected("a file")),
            ];
        };
        let path = c.host_path(&flag.value);
        let root = match config_file(node.facts, &path) {
            ConfigFile::Parsed(root) => root,
            ConfigFile::Problem(p) => {
                return vec![Outcome::unknown(
                    c.object(),
                    format!("the encryption configuration could not be read: {p}"),
                )];
            }
        };
        let strong = ["aescbc", "kms", "secretbox"];
        let mut outcomes = Vec::new();
        for resource in root.get("resources").map(|r| r.items()).unwrap_or_default() {
            let names: Vec<&str> = resource
                .get("resources")
                .map(|r| r.items())
                .unwrap_or_default()
                .iter()
                .filter_map(|n| n.as_str())
                .collect();
            let first = resource
                .get("providers")
                .and_then(|p| p.items().first())
                .and_then(|p| p.entries().first())
                .and_then(|(k, _)| k.as_str().map(str::to_string));
            let line = resource.pos.line;
            let what = names.join(",");
            let evidence = Evidence::new(
                format!("first provider for {what}"),
                first.clone().unwrap_or_else(|| "none".into()),
            )
            .expected("aescbc, kms or secretbox")
            .source(format!("{path} line {line}"));
            let outcome = match first.as_deref() {
                Some(p) if strong.contains(&p) => {
                    Outcome::pass(c.object(), format!("{what} is encrypted with {p}"))
                }
                Some(p) => Outcome::fail(
                    c.object(),
                    format!("{what} is written with the {p} provider"),
                ),
                None => Outcome::fail(c.object(), format!("{what} has no provider")),
            };
            outcomes.push(outcome.with(evidence));
        }
        if outcomes.is_empty() {
            outcomes.push(Outcome::fail(
                c.object(),
                format!("{path} lists no resources to encrypt"),
            ));
        }
        outcomes
    })
}
