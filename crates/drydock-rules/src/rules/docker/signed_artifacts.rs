use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Nothing the engine's metadata proves: whether the artifacts each image is built from are
    /// signed and their signatures checked. Digests are reported.
    ///
    /// ## Why it matters
    /// Unsigned artifacts cannot be traced to a publisher; a tampered one looks like any other.
    ///
    /// ## Remediation
    /// Sign images and their inputs (cosign, Notation) and verify at admission.
    pub static RULE = {
        id: "DH074",
        name: "image-signatures-unreviewed",
        cis: ["4.12"],
        target: Image,
        severity: Low,
        stride: [Tampering, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        Outcome::manual(
            object,
            "confirm the image's artifacts are signed and verified",
        )
        .with(Evidence::new(
            "RepoDigests",
            if i.repo_digests.is_empty() {
                "none".into()
            } else {
                i.repo_digests.join(", ")
            },
        ))
    })
}
