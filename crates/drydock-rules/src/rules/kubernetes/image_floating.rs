use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Container images without a tag other than `latest` and without a digest.
    ///
    /// ## Why it matters
    /// A floating tag runs whatever was pushed last; nodes may even run different versions side by
    /// side.
    ///
    /// ## Remediation
    /// Use a version tag pinned by digest.
    pub static RULE = {
        id: "KC18",
        name: "container-image-floating",
        title: "A container image is untagged or latest",
        cis: [],
        kube_cis: [],
        target: KubeWorkload,
        severity: Medium,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            if let Some(n) = c.node.get("image") {
                let image = n.as_str().unwrap_or("");
                let (_, tag, digest) =
                    crate::rules::dockerfile::base_image_latest::split_reference(image);
                if !image.is_empty() && digest.is_none() && tag.is_none_or(|t| t == "latest") {
                    out.push(
                        finding(&RULE, w, Some(c.name), n, format!("image {image} floats")).with(
                            Evidence::new("image", image).expected("a version tag and digest"),
                        ),
                    );
                }
            }
        }
        out
    })
}
