use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether a container runs under a custom cgroup parent (`--cgroup-parent`). Unset passes;
    /// a custom parent fails, with the parent as evidence (CIS 5.25 audits that the parent is
    /// the default).
    ///
    /// ## Why it matters
    /// The cgroup parent decides which limits apply above the container; a wrong one can
    /// escape the limits meant for it.
    ///
    /// ## Remediation
    /// Remove `--cgroup-parent` unless the parent is deliberately sized.
    pub static RULE = {
        id: "DH099",
        name: "container-cgroup-parent-changed",
        cis: ["5.25"],
        target: Container,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        if c.cgroup_parent.is_empty() {
            Outcome::pass(object, "uses the default cgroup parent")
        } else {
            Outcome::fail(
                object,
                format!("runs under the custom cgroup parent {}", c.cgroup_parent),
            )
            .with(
                Evidence::new("HostConfig.CgroupParent", c.cgroup_parent.clone())
                    .expected("the default (empty)"),
            )
        }
    })
}
