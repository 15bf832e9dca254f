use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use crate::rules::image_archive::vulnerabilities::verdict;
use drydock_model::facts::ArchivedImage;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// With a vulnerability database (`--vuln-db`): each container's image, when drydock read
    /// that image in the same audit (an archive named on the command line, or a local image
    /// with `--image-layers`, matched by its reference), judged as AR007 judges the image: a
    /// fixable known vulnerability at or above `--vuln-threshold` fails the container. An
    /// image that was not read is unknown, with how to read it. Without a database the rule
    /// says nothing, and the threat it mitigates stays unknown for want of vulnerability data.
    ///
    /// ## Why it matters
    /// A workload runs whatever flaws its image carries; the cluster's other settings only
    /// limit what an attacker does once in.
    ///
    /// ## Remediation
    /// Rebuild the image on current packages, push it with a new tag, and roll the workload to
    /// it.
    pub static RULE = {
        id: "KC22",
        name: "container-image-known-vulnerabilities",
        title: "A container's image has fixable known vulnerabilities",
        cis: [],
        kube_cis: [],
        target: KubeWorkload,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

/// The image drydock read whose name is `reference` (`docker.io/library/` and `:latest`
/// written or not).
fn read_image<'a>(ctx: &'a Context, reference: &str) -> Option<&'a ArchivedImage> {
    let normal = |r: &str| -> String {
        let r = r
            .trim_start_matches("docker.io/")
            .trim_start_matches("library/");
        let last = r.rsplit('/').next().unwrap_or(r);
        if last.contains(':') || last.contains('@') {
            r.to_string()
        } else {
            format!("{r}:latest")
        }
    };
    let wanted = normal(reference);
    ctx.facts
        .archives()
        .flat_map(|a| a.images.iter())
        .find(|i| i.name.split(", ").any(|n| normal(n) == wanted))
}

fn check(ctx: &Context) -> Vec<Outcome> {
    if ctx.facts.vulnerability_db.is_none() {
        return Vec::new();
    }
    per_workload(ctx, |w| {
        let mut out = Vec::new();
        for c in w.containers() {
            let Some(n) = c.node.get("image") else {
                continue;
            };
            let image = n.as_str().unwrap_or("");
            if image.is_empty() {
                continue;
            }
            let object = object_ref(w.object, Some(c.name));
            let outcome = match read_image(ctx, image) {
                Some(read) => {
                    let judged = verdict(ctx, read, ObjectRef::clone(&object));
                    if judged.status == drydock_model::model::Status::Fail {
                        // Placed and exemptable as the workload's other findings are.
                        let mut f = finding(&RULE, w, Some(c.name), n, judged.message.clone());
                        f.evidence = judged.evidence;
                        f
                    } else {
                        judged.at(&w.object.path, n.pos.line, n.pos.column)
                    }
                }
                None => Outcome::unknown(
                    object,
                    format!(
                        "image {image} was not read in this audit: give its `docker save` archive as a path, or pull it and add --image-layers"
                    ),
                )
                .at(&w.object.path, n.pos.line, n.pos.column)
                .with(Evidence::new("image", image)),
            };
            out.push(outcome);
        }
        out
    })
}
