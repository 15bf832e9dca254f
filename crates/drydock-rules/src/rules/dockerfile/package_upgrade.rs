use super::shell::{StageScope, program, run_findings, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// `apt-get upgrade`/`dist-upgrade`, `apk upgrade`, `yum update`/`upgrade` or `dnf upgrade` without package names.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Upgrading everything makes the build unrepeatable and hides which fixes the image relies on; the base image should be rebuilt instead.
    ///
    /// ## Remediation
    /// Use an up-to-date base image, and install the specific package versions you need.
    pub static RULE = {
        id: "DF020",
        name: "dockerfile-package-upgrade",
        title: "The image upgrades all packages",
        cis: [],
        target: Dockerfile,
        severity: Low,
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
        .find(|(p, a)| {
            let rest: Vec<&String> = a.iter().filter(|x| !x.starts_with('-')).collect();
            match *p {
                "apt-get" | "apt" => rest.first().is_some_and(|x| {
                    *x == "upgrade" || *x == "dist-upgrade" || *x == "full-upgrade"
                }),
                "apk" => rest.first().is_some_and(|x| *x == "upgrade"),
                "yum" | "dnf" | "microdnf" => {
                    rest.first()
                        .is_some_and(|x| *x == "update" || *x == "upgrade")
                        && rest.len() == 1
                }
                _ => false,
            }
        })
        .map(|(p, a)| format!("{p} {}", a.join(" ")))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    run_findings(
        ctx,
        StageScope::EveryStage,
        runs,
        breaks,
        "every package is upgraded",
    )
}
