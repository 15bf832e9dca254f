use super::shell::{StageScope, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `RUN` commands that call `sudo`.
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// Build steps already run as the current `USER`; sudo in an image means it ships a setuid binary and a sudoers policy that an intruder can use.
    ///
    /// ## Remediation
    /// Switch with `USER root` for the step and back afterwards, or use gosu/su-exec at run time.
    pub static RULE = {
        id: "DF014",
        name: "dockerfile-uses-sudo",
        title: "A RUN uses sudo",
        cis: [],
        target: Dockerfile,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    cmds.iter()
        .find(|c| c.first().map(String::as_str) == Some("sudo"))
        .map(|c| c.join(" "))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(ctx, StageScope::Shipped, runs, breaks, "sudo in an image")
}
