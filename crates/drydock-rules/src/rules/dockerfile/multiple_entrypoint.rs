use super::shell::overridden_instructions;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Stages with more than one `ENTRYPOINT`: only the last one takes effect.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The earlier ones are dead code that misleads readers and reviewers about what the
    /// container runs.
    ///
    /// ## Remediation
    /// Keep a single `ENTRYPOINT` per stage.
    pub static RULE = {
        id: "DF018",
        name: "dockerfile-multiple-entrypoint",
        title: "A stage has several ENTRYPOINT instructions",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| overridden_instructions(d, file, "ENTRYPOINT"))
}
