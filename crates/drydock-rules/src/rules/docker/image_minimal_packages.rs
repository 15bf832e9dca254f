use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Nothing drydock can settle from the engine: whether each image carries only the
    /// packages it needs. The number of layers is reported as a hint.
    ///
    /// ## Why it matters
    /// Every extra package is attack surface and a source of vulnerabilities to patch.
    ///
    /// ## Remediation
    /// Build from minimal bases (distroless, scratch, slim variants) and multi-stage builds.
    pub static RULE = {
        id: "DH065",
        name: "image-packages-unreviewed",
        cis: ["4.3"],
        target: Image,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|i, object| {
        let layers = i.history.iter().filter(|h| !h.empty_layer).count();
        Outcome::manual(object, "confirm the image installs only what it needs")
            .with(Evidence::new("layers", layers.to_string()))
    })
}
