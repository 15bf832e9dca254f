use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That neither the pod nor any container sets `seccompProfile.type: Unconfined` (nor the older
    /// `unconfined` seccomp annotations).
    ///
    /// ## Why it matters
    /// Without seccomp the whole kernel system-call interface is open to the container.
    ///
    /// ## Remediation
    /// Remove the `Unconfined` profile; use `RuntimeDefault`.
    pub static RULE = {
        id: "KP10",
        name: "pss-seccomp-unconfined",
        title: "Seccomp is turned off",
        cis: [],
        kube_cis: [],
        pss: ("Seccomp", Baseline),
        target: KubeWorkload,
        severity: High,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out = forbidden_security_settings(
            &RULE,
            w,
            "seccompProfile.type",
            |n| n.as_str() == Some("Unconfined"),
            |_| "runs without seccomp".to_string(),
            "RuntimeDefault or Localhost",
        );
        for (k, v) in w
            .pod_meta
            .and_then(|m| m.get("annotations"))
            .map_or(&[][..], Node::entries)
        {
            let key = k.as_str().unwrap_or("");
            let container = key.strip_prefix("container.seccomp.security.alpha.kubernetes.io/");
            if (key == "seccomp.security.alpha.kubernetes.io/pod" || container.is_some())
                && v.as_str() == Some("unconfined")
            {
                out.push(
                    finding(&RULE, w, container, v, format!("{key}: unconfined"))
                        .with(Evidence::new(key, "unconfined").expected("runtime/default")),
                );
            }
        }
        out
    })
}
