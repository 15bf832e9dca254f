use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::secrets::{is_masked, is_secret_name};

declare_rule! {
    /// ## What it checks
    /// Each image's environment and history for values of secret-looking variables
    /// (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*API_KEY*`…), as set by `ENV` or passed as build
    /// arguments. Values are masked when collected and never shown.
    ///
    /// ## Why it matters
    /// Anything in an image's configuration or history can be read by whoever can pull it,
    /// for as long as the image exists.
    ///
    /// ## Remediation
    /// Pass secrets at build time with `RUN --mount=type=secret` and at run time through a
    /// secrets manager or a mounted file (`*_FILE` variables).
    pub static RULE = {
        id: "DH072",
        name: "image-contains-secrets",
        cis: ["4.10"],
        target: Image,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        let mut hits = Vec::new();
        for entry in &i.env {
            if let Some((name, value)) = entry.split_once('=')
                && is_secret_name(name)
                && !value.is_empty()
            {
                hits.push(
                    Evidence::new(
                        "Config.Env",
                        format!(
                            "{name}={}",
                            if is_masked(value) {
                                value.to_string()
                            } else {
                                drydock_model::secrets::mask(value)
                            }
                        ),
                    )
                    .expected("no secret values"),
                );
            }
        }
        for h in &i.history {
            if h.created_by.split(' ').any(|w| {
                w.split_once('=')
                    .is_some_and(|(n, v)| is_secret_name(n) && !v.is_empty())
            }) {
                hits.push(
                    Evidence::new(
                        "history",
                        drydock_model::secrets::redact_assignments(&h.created_by),
                    )
                    .expected("no secret values"),
                );
            }
        }
        if hits.is_empty() {
            Outcome::manual(
                object,
                "no secret-looking variables; confirm no secret files were copied in",
            )
        } else {
            Outcome::fail(object, "secret-looking values are stored in the image").with_all(hits)
        }
    })
}
