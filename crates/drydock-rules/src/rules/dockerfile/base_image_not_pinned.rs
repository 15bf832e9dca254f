use super::base_image_latest::split_reference;
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Each `FROM` of an external image that has a tag but no digest.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Tags move: a registry (or whoever controls it) can point `3.12` at different content. A
    /// digest names exactly the bytes that were reviewed.
    ///
    /// ## Remediation
    /// Append the digest: `FROM python:3.12-slim@sha256:<digest>` (and let a bot update it).
    pub static RULE = {
        id: "DF003",
        name: "dockerfile-base-image-not-pinned",
        title: "A base image is not pinned by digest",
        cis: ["4.2"],
        target: Dockerfile,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.stages()
            .iter()
            .filter(|s| s.pulls_external_image())
            .filter_map(|s| {
                let (_, tag, digest) = split_reference(&s.base);
                (digest.is_none() && tag.is_some_and(|t| t != "latest")).then(|| {
                    finding(
                        d,
                        &file.instructions[s.from_index],
                        format!("base image `{}` is not pinned by digest", s.base),
                    )
                    .with(Evidence::new("FROM", s.base.clone()).expected("image@sha256:<digest>"))
                })
            })
            .collect()
    })
}
