use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// `seLinuxOptions` of the pod and containers: `type` must be empty or `container_t`,
    /// `container_init_t`, `container_kvm_t` (and `container_engine_t` from v1.31); `user` and
    /// `role` must not be set.
    ///
    /// ## Why it matters
    /// A custom SELinux type or user can lift the confinement that keeps containers away from the
    /// node's files.
    ///
    /// ## Remediation
    /// Remove the `seLinuxOptions` fields, or use one of the allowed types.
    pub static RULE = {
        id: "KP08",
        name: "pss-selinux",
        title: "SELinux options go beyond the allowed types",
        cis: [],
        kube_cis: [],
        pss: ("SELinux", Baseline),
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
        let mut out: Vec<Outcome> = Vec::new();
        let mut types = vec!["", "container_t", "container_init_t", "container_kvm_t"];
        if minor >= 31 {
            types.push("container_engine_t");
        }
        let mut places: Vec<(Option<String>, &drydock_parse::yaml::Node)> = Vec::new();
        if let Some(o) = w.pod_setting("seLinuxOptions") {
            places.push((None, o));
        }
        for c in w.containers() {
            if let Some(o) = c.setting("seLinuxOptions") {
                places.push((Some(c.name.to_string()), o));
            }
        }
        for (container, opts) in places {
            if let Some(t) = opts.get("type")
                && !types.contains(&t.as_str().unwrap_or(""))
            {
                let ty = t.as_str().unwrap_or("");
                out.push(
                    finding(
                        &RULE,
                        w,
                        container.as_deref(),
                        t,
                        format!("SELinux type {ty}"),
                    )
                    .with(Evidence::new("seLinuxOptions.type", ty).expected(types.join(", "))),
                );
            }
            for key in ["user", "role"] {
                if let Some(v) = opts.get(key)
                    && !v.is_null()
                {
                    out.push(
                        finding(
                            &RULE,
                            w,
                            container.as_deref(),
                            v,
                            format!("SELinux {key} is set"),
                        )
                        .with(
                            Evidence::new(
                                format!("seLinuxOptions.{key}"),
                                v.as_str().unwrap_or(""),
                            )
                            .expected("unset"),
                        ),
                    );
                }
            }
        }
        out
    })
}
