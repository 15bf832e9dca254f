use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `WORKDIR` with a relative path (not starting with `/` or a variable).
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// A relative path depends on every earlier `WORKDIR` and on the base image: files land
    /// where nobody reviewed them.
    ///
    /// ## Remediation
    /// Use an absolute path: `WORKDIR /app`.
    pub static RULE = {
        id: "DF019",
        name: "dockerfile-relative-workdir",
        title: "WORKDIR is a relative path",
        cis: [],
        target: Dockerfile,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "WORKDIR")
            .filter(|i| {
                let p = i.args.text();
                let p = p.trim().trim_matches('"');
                let windows_drive = p.len() > 1 && p.as_bytes()[1] == b':';
                !(p.starts_with('/') || p.starts_with('$') || windows_drive)
            })
            .map(|i| {
                finding(d, i, format!("WORKDIR {} is relative", i.args.text()))
                    .with(Evidence::new("WORKDIR", i.args.text()).expected("an absolute path"))
            })
            .collect()
    })
}
