use crate::declare_rule;
use crate::rule::Context;
use crate::rules::image_archive::vulnerabilities::{missing_data, verdict};
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether each local image carries known vulnerabilities that have a fix. With
    /// `--image-layers` and `--vuln-db`, drydock reads the packages in the image's layers and
    /// matches them against the offline OSV database: the image fails when a fixable
    /// vulnerability at or above `--vuln-threshold` (default medium) remains, and passes only
    /// when the database is fresh (`--vuln-max-age`, default 7 days) and everything was read.
    /// A scanner's report (Trivy's or Grype's JSON, as `--evidence`) gives the same verdict.
    /// Without such data the check is left to a person, with the image's build date.
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
    let layers: Vec<&drydock_model::facts::ArchivedImage> = ctx
        .facts
        .engine
        .known()
        .map(|e| {
            e.image_layers
                .iter()
                .flat_map(|a| a.images.iter())
                .collect()
        })
        .unwrap_or_default();
    ctx.per_image(|i, object| {
        let read = layers
            .iter()
            .find(|a| a.name == i.id || i.repo_tags.contains(&a.name));
        match (read, ctx.facts.vulnerability_db.is_some()) {
            (Some(image), true) => verdict(ctx, image, object),
            (None, true) => Outcome::manual(
                object,
                "the image's packages were not read: add --image-layers to match them against the vulnerability database, or confirm it is scanned and rebuilt",
            )
            .with(Evidence::new("Created", i.created.clone())),
            (_, false) => Outcome::manual(
                object,
                format!(
                    "confirm the image is scanned and rebuilt with current patches ({})",
                    missing_data(ctx).unwrap_or_default()
                ),
            )
            .with(Evidence::new("Created", i.created.clone())),
        }
    })
}
