use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Where each image comes from — its tags and digests — for a person to confirm the
    /// registries and publishers are trusted.
    ///
    /// ## Why it matters
    /// An image from an unknown publisher runs its code with whatever access the container
    /// gets; typosquatted and backdoored images are common.
    ///
    /// ## Remediation
    /// Pull from registries you control or trust, pin images by digest, and verify signatures.
    pub static RULE = {
        id: "DH064",
        name: "image-source-unreviewed",
        cis: ["4.2"],
        target: Image,
        severity: Medium,
        stride: [Tampering, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        Outcome::manual(object, "confirm the image comes from a trusted source")
            .with(Evidence::new(
                "RepoTags",
                if i.repo_tags.is_empty() {
                    "none".into()
                } else {
                    i.repo_tags.join(", ")
                },
            ))
            .with(Evidence::new(
                "RepoDigests",
                if i.repo_digests.is_empty() {
                    "none (built or loaded locally)".into()
                } else {
                    i.repo_digests.join(", ")
                },
            ))
    })
}
