use super::rbac::*;
use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Each namespace that the audited manifests define or deploy workloads into, against the
    /// NetworkPolicies in the same manifests: a namespace with none fails. Manifests without a
    /// namespace are taken as `default`.
    ///
    /// ## Why it matters
    /// Without a NetworkPolicy every pod can reach every other pod in the cluster, so one
    /// compromised pod can reach them all.
    ///
    /// ## Remediation
    /// Add a default-deny NetworkPolicy to each namespace and allow the flows the applications
    /// need.
    pub static RULE = {
        id: "KC14",
        name: "namespace-without-network-policy",
        title: "A namespace has no NetworkPolicy",
        cis: [],
        kube_cis: ["5.3.2"],
        target: KubeObject,
        severity: Medium,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    use std::collections::BTreeMap;
    let project = ctx.project();
    let mut seen: BTreeMap<&str, &crate::project::KubeObject> = BTreeMap::new();
    for o in &project.kube {
        let ns = if o.kind == "Namespace" {
            Some(o.name.as_str())
        } else if workload(o).is_some() {
            Some(o.namespace_or_default())
        } else {
            None
        };
        if let Some(ns) = ns {
            seen.entry(ns).or_insert(o);
        }
    }
    let covered: Vec<&str> = project
        .kube
        .iter()
        .filter(|o| o.kind == "NetworkPolicy")
        .map(|o| o.namespace_or_default())
        .collect();
    seen.into_iter()
        .filter(|(ns, _)| !covered.contains(ns))
        .map(|(ns, o)| {
            object_finding(
                &RULE,
                o,
                &o.node,
                format!("namespace {ns} has no NetworkPolicy in these manifests"),
            )
            .with(Evidence::new("namespace", ns.to_string()).expected("a NetworkPolicy"))
        })
        .collect()
}
