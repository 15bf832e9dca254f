use super::shell::{StageScope, program, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `chmod` to 777, 666 or any mode that lets others write (`o+w`, `a+w`).
    ///
    /// Stages: those that ship — the target stage (the last one, or the `build.target` of a compose
    /// service that builds the file) and the stages it is built `FROM`; a stage only
    /// copied from (`COPY --from`) leaves nothing of this in the image.
    ///
    /// ## Why it matters
    /// Any process in the container, whatever its user, can then replace those files — binaries and configuration included.
    ///
    /// ## Remediation
    /// Give the files to the user that needs them (`--chown`, `chown`) with `755`/`644`.
    pub static RULE = {
        id: "DF015",
        name: "dockerfile-world-writable",
        title: "Files are made writable by everyone",
        cis: [],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

/// Whether a whole RUN script (its commands) breaks the rule.
fn breaks(cmds: &[Vec<String>]) -> Option<String> {
    let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
    parsed
        .iter()
        .filter(|(p, _)| *p == "chmod")
        .find_map(|(_, a)| {
            a.iter()
                .find(|m| {
                    let m = m.as_str();
                    (m.len() >= 3
                        && m.chars().all(|c| c.is_ascii_digit())
                        && m.chars()
                            .last()
                            .and_then(|c| c.to_digit(8))
                            .is_some_and(|o| o & 2 != 0))
                        || m.contains("o+w")
                        || m.contains("a+w")
                        || m == "+w"
                        || m.contains("ugo+w")
                })
                .map(|m| format!("chmod {m} {}", a.last().map(String::as_str).unwrap_or("")))
        })
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::Shipped,
        runs,
        breaks,
        "writable by every user",
    )
}
