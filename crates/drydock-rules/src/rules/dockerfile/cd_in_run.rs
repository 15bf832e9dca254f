use super::shell::{StageScope, program, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `RUN cd …` used to change the working directory.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The change does not last past the RUN, so later steps silently run elsewhere than intended.
    ///
    /// ## Remediation
    /// Use `WORKDIR /path`.
    pub static RULE = {
        id: "DF029",
        name: "dockerfile-cd-in-run",
        title: "A RUN changes directory with cd",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    parsed
        .iter()
        .find(|(p, _)| *p == "cd")
        .map(|(_, a)| format!("cd {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(ctx, StageScope::EveryStage, runs, breaks, "use WORKDIR")
}
