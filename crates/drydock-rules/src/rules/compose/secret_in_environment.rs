use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `environment` entries whose name looks secret (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`…) with a literal value written in the file (a `${VAR}` reference is fine). Values are masked.
    ///
    /// ## Why it matters
    /// Compose files are committed and shared; the value is readable by everyone with the repository and in `docker inspect`.
    ///
    /// ## Remediation
    /// Use `secrets:`, or `${VAR}` from an untracked `.env`.
    pub static RULE = {
        id: "CO029",
        name: "compose-secret-in-environment",
        title: "A secret is written in the environment",
        cis: ["4.10"],
        target: ComposeService,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        for (name, node) in environment(s) {
            if !drydock_model::secrets::is_secret_name(&name) {
                continue;
            }
            let written = node
                .raw
                .as_deref()
                .cloned()
                .or_else(|| node.as_str().map(str::to_string))
                .unwrap_or_default();
            let value = written
                .split_once('=')
                .map(|(k, v)| {
                    if k == name {
                        v.to_string()
                    } else {
                        written.clone()
                    }
                })
                .unwrap_or(written.clone());
            if !value.is_empty() && !value.contains('$') {
                out.push(
                    finding(c, s, node, format!("{name} is set to a literal value")).with(
                        Evidence::new(name.clone(), drydock_model::secrets::mask(&value))
                            .expected("a secret or ${VAR}"),
                    ),
                );
            }
        }
        out
    })
}
