use super::shell::{StageScope, program, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `RUN` commands that pipe a download straight into a shell (`curl … | sh`, `wget -O- … | bash`).
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The script runs as whatever the server sends at build time, unreviewed and unverified.
    ///
    /// ## Remediation
    /// Download to a file, verify its checksum or signature, then run it.
    pub static RULE = {
        id: "DF013",
        name: "dockerfile-pipe-to-shell",
        title: "A download is piped into a shell",
        cis: [],
        target: Dockerfile,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    let joined: Vec<String> = cmds.iter().map(|c| c.join(" ")).collect();
    for (i, (p, _)) in parsed.iter().enumerate() {
        if matches!(*p, "curl" | "wget")
            && let Some((next, _)) = parsed.get(i + 1)
            && matches!(
                *next,
                "sh" | "bash" | "zsh" | "ash" | "dash" | "python" | "python3" | "perl"
            )
        {
            return Some(format!("{} | {}", joined[i], joined[i + 1]));
        }
    }
    None
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::EveryStage,
        runs,
        breaks,
        "a download runs unverified",
    )
}
