use super::shell::{finding, program, runs};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

fn is_update(prog: &str, args: &[String]) -> bool {
    let first = args.first().map(String::as_str).unwrap_or("");
    matches!(
        (prog, first),
        ("apt-get" | "apt" | "apk", "update")
            | ("yum" | "dnf" | "microdnf", "makecache")
            | ("zypper", "refresh" | "ref")
    )
}

fn is_install(prog: &str, args: &[String]) -> bool {
    let first = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(String::as_str)
        .unwrap_or("");
    matches!(
        (prog, first),
        (
            "apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "zypper",
            "install" | "upgrade" | "dist-upgrade" | "update" | "in"
        ) | ("apk", "add" | "upgrade")
    ) && !is_update(prog, args)
}

declare_rule! {
    /// ## What it checks
    /// Each `RUN` that refreshes the package index (`apt-get update`, `apk update`,
    /// `yum makecache`…) without installing anything in the same instruction.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// The lone update is cached as its own layer; later builds install from a stale index and
    /// miss security fixes.
    ///
    /// ## Remediation
    /// Update and install in one `RUN`: `RUN apt-get update && apt-get install -y …`.
    pub static RULE = {
        id: "DF006",
        name: "dockerfile-update-alone",
        title: "A RUN refreshes the package index without installing",
        cis: ["4.7"],
        target: Dockerfile,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        runs(file)
            .into_iter()
            .filter_map(|(ins, cmds)| {
                let parsed: Vec<(&str, &[String])> = cmds.iter().map(|c| program(c)).collect();
                let update = parsed.iter().find(|(p, a)| is_update(p, a))?;
                (!parsed.iter().any(|(p, a)| is_install(p, a))).then(|| {
                    finding(
                        d,
                        ins,
                        format!(
                            "`{} {}` runs without an install in the same RUN",
                            update.0,
                            update.1.join(" ")
                        ),
                    )
                    .with(
                        Evidence::new("RUN", ins.args.text())
                            .expected("update and install in one RUN"),
                    )
                })
            })
            .collect()
    })
}
