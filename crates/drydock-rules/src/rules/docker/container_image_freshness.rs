use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Which image each container was created from, for a person to confirm that pulls fetch
    /// the current version rather than a stale local copy. A reference without a tag or with
    /// `latest` is pointed out.
    ///
    /// ## Why it matters
    /// A stale cached image keeps old vulnerabilities; a floating tag makes what runs
    /// unpredictable.
    ///
    /// ## Remediation
    /// Pull explicitly before deploying (`docker pull`, `--pull always`) and pin by digest.
    pub static RULE = {
        id: "DH102",
        name: "container-image-freshness-unreviewed",
        cis: ["5.28"],
        target: Container,
        severity: Low,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let floating = !c.image.contains('@') && {
            let last = c.image.rsplit('/').next().unwrap_or(&c.image);
            !last.contains(':') || last.ends_with(":latest")
        };
        Outcome::manual(
            object,
            if floating {
                "created from a floating tag; confirm it is current"
            } else {
                "confirm the image is current"
            },
        )
        .with(Evidence::new("Config.Image", c.image.clone()))
    })
}
