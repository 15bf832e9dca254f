use super::base_image_latest::split_reference;
use super::shell::finding;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `COPY --from=<image>` naming an external image (not a stage, not a stage number) that is
    /// untagged or `latest` and not pinned by digest.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// Files copied from a floating image change without any change to the Dockerfile.
    ///
    /// ## Remediation
    /// Pin the image by version tag and digest, or build the files in a stage of your own.
    pub static RULE = {
        id: "DF035",
        name: "dockerfile-copy-from-floating-image",
        title: "COPY --from names a floating image",
        cis: ["4.2"],
        target: Dockerfile,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        let stages = file.stages();
        file.instructions
            .iter()
            .filter(|i| i.keyword == "COPY")
            .filter_map(|i| {
                let from = i.flag("from")?.value.clone()?;
                let is_stage = from.parse::<usize>().is_ok()
                    || stages
                        .iter()
                        .any(|s| s.name.as_deref() == Some(from.to_ascii_lowercase().as_str()));
                if is_stage || from.contains('$') {
                    return None;
                }
                let (_, tag, digest) = split_reference(&from);
                (digest.is_none() && tag.is_none_or(|t| t == "latest")).then(|| {
                    finding(d, i, format!("copies from `{from}`, which floats"))
                        .with(Evidence::new("--from", from.clone()).expected("a pinned image"))
                })
            })
            .collect()
    })
}
