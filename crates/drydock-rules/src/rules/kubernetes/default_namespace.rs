use super::rbac::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Objects whose `metadata.namespace` is `default`. Objects without a namespace land wherever
    /// they are applied and are not judged.
    ///
    /// ## Why it matters
    /// The default namespace mixes unrelated workloads under one set of policies and service
    /// accounts.
    ///
    /// ## Remediation
    /// Create a namespace per application and deploy there.
    pub static RULE = {
        id: "KC16",
        name: "default-namespace-used",
        title: "Objects are placed in the default namespace",
        cis: [],
        kube_cis: ["5.6.4"],
        target: KubeObject,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.project()
        .kube
        .iter()
        .filter(|o| o.namespace.as_deref() == Some("default"))
        .filter_map(|o| {
            let node = o.node.get("metadata")?.get("namespace")?;
            Some(
                object_finding(&RULE, o, node, "placed in the default namespace").with(
                    Evidence::new("metadata.namespace", "default")
                        .expected("a dedicated namespace"),
                ),
            )
        })
        .collect()
}
