use super::shell::object;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Lines the Dockerfile parser cannot read: unknown instructions, a missing `FROM`,
    /// unterminated heredocs, bad parser directives. The rest of the file is still checked.
    ///
    /// Stages: the file as a whole.
    ///
    /// ## Why it matters
    /// A file that does not build as written is not what ships; checks on the broken part
    /// cannot be trusted.
    ///
    /// ## Remediation
    /// Fix the line; `docker build --check` reports the same problems.
    pub static RULE = {
        id: "DF034",
        name: "dockerfile-syntax-error",
        title: "The Dockerfile has a syntax error",
        cis: [],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.errors
            .iter()
            .map(|e| {
                Outcome::fail(object(d), format!("line {}: {}", e.line, e.message))
                    .at(&d.path, e.line, e.column)
            })
            .collect()
    })
}
