use super::service::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `image:` of a service that does not build it, without a tag other than `latest` and without a digest.
    ///
    /// ## Why it matters
    /// A floating tag runs whatever was pushed last.
    ///
    /// ## Remediation
    /// Name a version tag and pin the digest.
    pub static RULE = {
        id: "CO028",
        name: "compose-image-floating",
        title: "The image is untagged or latest",
        cis: ["4.2", "5.28"],
        target: ComposeService,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if at(s, "build").is_none()
            && let Some(n) = at(s, "image")
        {
            let image = n.as_str().unwrap_or("");
            let (_, tag, digest) =
                crate::rules::dockerfile::base_image_latest::split_reference(image);
            if digest.is_none() && tag.is_none_or(|t| t == "latest") && !image.is_empty() {
                out.push(
                    finding(c, s, n, format!("image {image} floats"))
                        .with(Evidence::new("image", image).expected("a version tag or digest")),
                );
            }
        }
        out
    })
}
