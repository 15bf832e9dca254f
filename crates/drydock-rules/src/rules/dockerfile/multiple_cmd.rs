use super::shell::overridden_instructions;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Stages with more than one `CMD`: only the last one takes effect.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The earlier ones are dead code that misleads readers and reviewers about what the
    /// container runs.
    ///
    /// ## Remediation
    /// Keep a single `CMD` per stage.
    pub static RULE = {
        id: "DF017",
        name: "dockerfile-multiple-cmd",
        title: "A stage has several CMD instructions",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| overridden_instructions(d, file, "CMD"))
}
