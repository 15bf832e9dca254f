use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That no container port sets a `hostPort` other than 0.
    ///
    /// ## Why it matters
    /// A host port binds the node's own address, bypassing network policies and colliding with the
    /// node's services.
    ///
    /// ## Remediation
    /// Remove `hostPort`; expose the workload through a Service.
    pub static RULE = {
        id: "KP06",
        name: "pss-host-ports",
        title: "Host ports are used",
        cis: [],
        kube_cis: ["5.2.12"],
        pss: ("Host Ports", Baseline),
        target: KubeWorkload,
        severity: Medium,
        stride: [InformationDisclosure, Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            for p in c.node.get("ports").map_or(&[][..], Node::items) {
                if let Some(h) = p.get("hostPort")
                    && h.as_str().is_some_and(|t| t != "0")
                {
                    let port = h.as_str().unwrap_or("");
                    out.push(
                        finding(&RULE, w, Some(c.name), h, format!("hostPort {port}"))
                            .with(Evidence::new("ports[].hostPort", port).expected("0 or unset")),
                    );
                }
            }
        }
        out
    })
}
