use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That no volume is a `hostPath`.
    ///
    /// ## Why it matters
    /// A hostPath volume exposes the node's filesystem to the pod: its configuration, credentials
    /// and the container runtime's socket.
    ///
    /// ## Remediation
    /// Use a persistentVolumeClaim, configMap, secret or emptyDir instead.
    pub static RULE = {
        id: "KP05",
        name: "pss-hostpath-volumes",
        title: "HostPath volumes are used",
        cis: [],
        kube_cis: ["5.2.11"],
        pss: ("HostPath Volumes", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [Tampering, InformationDisclosure, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for v in w.spec.get("volumes").map_or(&[][..], Node::items) {
            if let Some((k, p)) = v.entry("hostPath") {
                let path = p.get("path").and_then(|x| x.as_str()).unwrap_or("");
                let volume = v.get("name").and_then(|n| n.as_str()).unwrap_or("");
                out.push(
                    finding(
                        &RULE,
                        w,
                        None,
                        k,
                        format!("volume {volume} mounts host path {path}"),
                    )
                    .with(Evidence::new("hostPath.path", path).expected("no hostPath volumes")),
                );
            }
        }
        out
    })
}
