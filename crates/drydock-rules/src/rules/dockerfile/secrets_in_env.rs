use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::secrets::{is_masked, is_secret_name, looks_like_secret_value, mask};
use drydock_parse::dockerfile::key_values;

declare_rule! {
    /// ## What it checks
    /// `ENV` and `ARG` instructions that give a secret-looking variable (`*PASSWORD*`,
    /// `*TOKEN*`, `*SECRET*`, `*API_KEY*`…) a literal value. Values are never shown: findings
    /// carry only their length. A value that refers to another variable (`$DB_PASSWORD`) is not a
    /// literal.
    ///
    /// Stages: every stage — a builder stage's `ENV` and `ARG` values stay in its layers, the
    /// build cache and the build's history even when nothing ships from it.
    ///
    /// ## Why it matters
    /// `ENV` values are stored in the image's configuration and `ARG` values in its history:
    /// anyone who can pull the image can read them.
    ///
    /// ## Remediation
    /// Use `RUN --mount=type=secret,id=…` at build time and a secrets manager or mounted file at
    /// run time.
    pub static RULE = {
        id: "DF009",
        name: "dockerfile-secret-in-env",
        title: "A secret is set with ENV or ARG",
        cis: ["4.10"],
        target: Dockerfile,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "ENV" || i.keyword == "ARG")
            .flat_map(|i| {
                key_values(&i.args.text(), i.keyword == "ENV", file.directives.escape)
                    .into_iter()
                    .filter(|(k, v)| {
                        (is_secret_name(k) || looks_like_secret_value(v) || is_masked(v))
                            && !v.is_empty()
                            && !v.starts_with('$')
                    })
                    .map(|(k, v)| {
                        finding(d, i, format!("{} sets {k} to a literal value", i.keyword)).with(
                            Evidence::new(k.clone(), mask(&v)).expected("no secret in the image"),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}
