use super::add_instead_of_copy::sources;
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `COPY .` or `ADD .` (the whole build context) when the context has no `.dockerignore`.
    ///
    /// Stages: the file as a whole.
    ///
    /// ## Why it matters
    /// Everything in the directory lands in the image: `.git`, `.env`, keys, local
    /// configuration.
    ///
    /// ## Remediation
    /// Add a `.dockerignore` that excludes `.git`, `.env*`, keys and build output, or copy only
    /// the files needed.
    pub static RULE = {
        id: "DF033",
        name: "dockerfile-copies-context-without-dockerignore",
        title: "The whole build context is copied without a .dockerignore",
        cis: ["4.10"],
        target: Dockerfile,
        severity: Medium,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        if d.dockerignore {
            return Vec::new();
        }
        file.instructions
            .iter()
            .filter(|i| (i.keyword == "COPY" || i.keyword == "ADD") && i.flag("from").is_none())
            .filter(|i| sources(&i.args).iter().any(|s| s == "." || s == "./"))
            .map(|i| {
                finding(
                    d,
                    i,
                    "copies the whole build context, which has no .dockerignore",
                )
                .with(
                    Evidence::new(i.keyword.clone(), i.args.text())
                        .expected("a .dockerignore next to the context"),
                )
            })
            .collect()
    })
}
