use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// The deprecated `MAINTAINER` instruction.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// It is ignored by current tooling; ownership recorded there is lost to scanners and
    /// registries that read labels.
    ///
    /// ## Remediation
    /// Use `LABEL org.opencontainers.image.authors="…"`.
    pub static RULE = {
        id: "DF025",
        name: "dockerfile-maintainer-deprecated",
        title: "MAINTAINER is deprecated",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Repudiation],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "MAINTAINER")
            .map(|i| {
                finding(
                    d,
                    i,
                    "MAINTAINER is deprecated; use the org.opencontainers.image.authors label",
                )
            })
            .collect()
    })
}
