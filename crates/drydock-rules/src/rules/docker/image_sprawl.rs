use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// How many images the host keeps and how many of them any container uses, for a person
    /// to prune the rest.
    ///
    /// ## Why it matters
    /// Unused images hold old vulnerabilities and make it hard to tell what is deployed.
    ///
    /// ## Remediation
    /// Remove unused images: `docker image prune -a` after checking the list.
    pub static RULE = {
        id: "DH107",
        name: "image-sprawl",
        cis: ["6.1"],
        target: Host,
        severity: Info,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match ctx.engine() {
        Ok(e) => {
            let used = e.images.iter().filter(|i| !i.used_by.is_empty()).count();
            let unused: Vec<String> = e
                .images
                .iter()
                .filter(|i| i.used_by.is_empty())
                .map(|i| crate::rule::image_ref(i).name)
                .collect();
            let o = Outcome::manual(
                ObjectRef::host(),
                format!("{} images, {used} used by containers", e.images.len()),
            )
            .with(Evidence::new("images", e.images.len().to_string()))
            .with(Evidence::new("in use", used.to_string()));
            vec![if unused.is_empty() {
                o
            } else {
                o.with(Evidence::new("unused", unused.join(", ")))
            }]
        }
        Err(reason) => vec![Outcome::unknown(ObjectRef::host(), reason)],
    }
}
