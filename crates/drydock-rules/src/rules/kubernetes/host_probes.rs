use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// From PSS v1.34: that no probe (`livenessProbe`, `readinessProbe`, `startupProbe`) and no
    /// lifecycle hook (`postStart`, `preStop`) of any container sets `httpGet.host` or
    /// `tcpSocket.host`. Only an empty or absent host is allowed — `127.0.0.1` too is refused.
    ///
    /// ## Why it matters
    /// The kubelet sends probes and hooks from the node. A host field makes it connect to any
    /// address the node can reach, so a pod author can have the node call internal services or
    /// the node's own ports on their behalf.
    ///
    /// ## Remediation
    /// Remove `host`; the kubelet then targets the pod's own IP. Use an `exec` probe for checks
    /// that need another address.
    pub static RULE = {
        id: "KP18",
        name: "pss-host-probes",
        title: "Probes or lifecycle hooks name a host",
        cis: [],
        kube_cis: [],
        pss: ("Host Probes / Lifecycle Hooks", Baseline),
        target: KubeWorkload,
        severity: Medium,
        stride: [Spoofing, InformationDisclosure],
        fix: None,
        check: check,
    };
}

/// Where handlers live in a container, as (path to the handler, its name in messages).
const HANDLERS: [(&[&str], &str); 5] = [
    (&["livenessProbe"], "livenessProbe"),
    (&["readinessProbe"], "readinessProbe"),
    (&["startupProbe"], "startupProbe"),
    (&["lifecycle", "postStart"], "lifecycle.postStart"),
    (&["lifecycle", "preStop"], "lifecycle.preStop"),
];

fn check(ctx: &Context) -> Vec<Outcome> {
    if pss_minor(ctx) < 34 {
        return Vec::new();
    }
    per_workload(ctx, |w| {
        let mut out = Vec::new();
        for c in w.containers() {
            for (path, label) in HANDLERS {
                let Some(handler) = path.iter().try_fold(c.node, |n, key| n.get(key)) else {
                    continue;
                };
                for action in ["httpGet", "tcpSocket"] {
                    let Some(host) = handler.get(action).and_then(|a| a.get("host")) else {
                        continue;
                    };
                    let value = host.as_str().unwrap_or("");
                    if host.is_null() || value.is_empty() {
                        continue;
                    }
                    let field = format!("{label}.{action}.host");
                    out.push(
                        finding(
                            &RULE,
                            w,
                            Some(c.name),
                            host,
                            format!("{field} sends the kubelet to {value}"),
                        )
                        .with(Evidence::new(field, value).expected("unset or empty")),
                    );
                }
            }
        }
        out
    })
}
