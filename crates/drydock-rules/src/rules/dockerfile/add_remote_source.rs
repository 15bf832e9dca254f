use super::add_instead_of_copy::{is_remote, sources};
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Each `ADD` of a URL or git repository without `--checksum` to verify what arrives.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Whatever the server returns at build time goes into the image unchecked.
    ///
    /// ## Remediation
    /// Add `--checksum=sha256:<digest>`, or download in a `RUN` and verify with `sha256sum -c`.
    pub static RULE = {
        id: "DF008",
        name: "dockerfile-add-remote-source",
        title: "ADD fetches a remote source without a checksum",
        cis: ["4.9"],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "ADD" && i.flag("checksum").is_none())
            .filter_map(|i| {
                let remote: Vec<String> = sources(&i.args)
                    .into_iter()
                    .filter(|s| is_remote(s))
                    .collect();
                (!remote.is_empty()).then(|| {
                    finding(
                        d,
                        i,
                        format!("ADD fetches {} without a checksum", remote.join(", ")),
                    )
                    .with(Evidence::new("ADD", i.args.text()).expected("--checksum=sha256:…"))
                })
            })
            .collect()
    })
}
