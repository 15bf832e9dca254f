use super::shell::{StageScope, program, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `apt-get install` without `-y`/`--yes`/`--assume-yes` (or `-qq`, which implies it).
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The build waits for an answer that never comes, or fails.
    ///
    /// ## Remediation
    /// Add `-y`.
    pub static RULE = {
        id: "DF028",
        name: "dockerfile-apt-interactive",
        title: "apt-get install without -y",
        cis: [],
        target: Dockerfile,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    parsed
        .iter()
        .find(|(p, a)| {
            *p == "apt-get"
                && a.iter().any(|x| x == "install")
                && !a.iter().any(|x| {
                    x == "-y"
                        || x == "--yes"
                        || x == "--assume-yes"
                        || x == "-qq"
                        || (x.starts_with('-') && !x.starts_with("--") && x.contains('y'))
                })
        })
        .map(|(p, a)| format!("{p} {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::EveryStage,
        runs,
        breaks,
        "the install asks for confirmation",
    )
}
