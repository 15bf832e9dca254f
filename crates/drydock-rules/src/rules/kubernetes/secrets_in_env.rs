use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// Containers that read secrets into environment variables (`env[].valueFrom.secretKeyRef`,
    /// `envFrom[].secretRef`).
    ///
    /// ## Why it matters
    /// Environment variables leak into logs, crash dumps, child processes and `kubectl describe`;
    /// files can be permission-limited and rotated.
    ///
    /// ## Remediation
    /// Mount the secret as a volume and read the file.
    pub static RULE = {
        id: "KC15",
        name: "secrets-in-environment",
        title: "Secrets are passed as environment variables",
        cis: [],
        kube_cis: ["5.4.1"],
        target: KubeWorkload,
        severity: Low,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        for c in w.containers() {
            for e in c.node.get("env").map_or(&[][..], Node::items) {
                if let Some((r, _)) = e.get("valueFrom").and_then(|v| v.entry("secretKeyRef")) {
                    let var = e.get("name").and_then(|n| n.as_str()).unwrap_or("");
                    out.push(
                        finding(
                            &RULE,
                            w,
                            Some(c.name),
                            r,
                            format!("{var} comes from a secret"),
                        )
                        .with(Evidence::new("env", var).expected("a secret volume")),
                    );
                }
            }
            for e in c.node.get("envFrom").map_or(&[][..], Node::items) {
                if let Some((r, secret)) = e.entry("secretRef") {
                    out.push(
                        finding(
                            &RULE,
                            w,
                            Some(c.name),
                            r,
                            "every key of a secret becomes an environment variable",
                        )
                        .with(
                            Evidence::new(
                                "envFrom",
                                secret.get("name").and_then(|n| n.as_str()).unwrap_or(""),
                            )
                            .expected("a secret volume"),
                        ),
                    );
                }
            }
        }
        out
    })
}
