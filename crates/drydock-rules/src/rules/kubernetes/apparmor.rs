use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That the AppArmor profile is not overridden to anything but the runtime default or a local
    /// profile: `securityContext.appArmorProfile.type` (v1.30+, pod and containers) must be
    /// `RuntimeDefault` or `Localhost`, and the `container.apparmor.security.beta.kubernetes.io/*`
    /// annotations `runtime/default` or `localhost/*`.
    ///
    /// ## Why it matters
    /// An unconfined container loses the AppArmor restrictions on files, mounts and signals.
    ///
    /// ## Remediation
    /// Remove the override, or use `RuntimeDefault` or a `Localhost` profile.
    pub static RULE = {
        id: "KP07",
        name: "pss-apparmor",
        title: "An AppArmor profile is overridden",
        cis: [],
        kube_cis: [],
        pss: ("AppArmor", Baseline),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        let mut out = Vec::new();
        if minor >= 30 {
            out = forbidden_security_settings(
                &RULE,
                w,
                "appArmorProfile.type",
                |n| !matches!(n.as_str(), Some("RuntimeDefault" | "Localhost")),
                |t| format!("has AppArmor profile {t}"),
                "RuntimeDefault or Localhost",
            );
        }
        for (k, v) in w
            .pod_meta
            .and_then(|m| m.get("annotations"))
            .map_or(&[][..], Node::entries)
        {
            let key = k.as_str().unwrap_or("");
            if let Some(container) =
                key.strip_prefix("container.apparmor.security.beta.kubernetes.io/")
            {
                let value = v.as_str().unwrap_or("");
                if value != "runtime/default" && !value.starts_with("localhost/") {
                    out.push(
                        finding(
                            &RULE,
                            w,
                            Some(container),
                            v,
                            format!("AppArmor annotation {value}"),
                        )
                        .with(Evidence::new(key, value).expected("runtime/default or localhost/*")),
                    );
                }
            }
        }
        out
    })
}
