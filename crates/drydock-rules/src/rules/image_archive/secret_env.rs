use super::archived::{finding, per_archived_image};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `Env` entries of the image whose names look secret and whose values are set (values are masked when read).
    ///
    /// ## Why it matters
    /// Anyone who can pull the image reads them.
    ///
    /// ## Remediation
    /// Pass secrets at run time; build with secret mounts.
    pub static RULE = {
        id: "AR003",
        name: "archived-image-secret-in-env",
        title: "A secret is stored in the image's environment",
        cis: ["4.10"],
        target: ImageArchive,
        severity: High,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_archived_image(ctx, |a, i| {
        let mut out: Vec<Outcome> = Vec::new();
        for e in &i.env {
            if let Some((k, v)) = e.split_once('=')
                && drydock_model::secrets::is_secret_name(k)
                && !v.is_empty()
            {
                out.push(
                    finding(a, i, format!("{k} is stored in the image"))
                        .with(Evidence::new("config.Env", e.clone())),
                );
            }
        }
        out
    })
}
