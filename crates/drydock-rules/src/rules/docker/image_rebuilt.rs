use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// When each image was built, for a person to confirm images are scanned and rebuilt as
    /// patches appear.
    ///
    /// ## Why it matters
    /// An image is frozen at build time; without rebuilds, fixed vulnerabilities stay in it.
    ///
    /// ## Remediation
    /// Scan images in CI and on a schedule, and rebuild them on new base images.
    pub static RULE = {
        id: "DH066",
        name: "image-patching-unreviewed",
        cis: ["4.4"],
        target: Image,
        severity: Medium,
        stride: [ElevationOfPrivilege, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        Outcome::manual(
            object,
            "confirm the image is scanned and rebuilt with current patches",
        )
        .with(Evidence::new("Created", i.created.clone()))
    })
}
