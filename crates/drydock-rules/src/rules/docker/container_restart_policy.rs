use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Each container's restart policy by name and count: `on-failure` with at most 5 retries
    /// passes, and so does `no` (the container is never restarted); `always`,
    /// `unless-stopped`, and `on-failure` with no limit (0) or more than 5 fail.
    ///
    /// ## Why it matters
    /// A container that restarts without end keeps a failing or attacked service cycling and
    /// can exhaust the host; a bounded retry count stops it and draws attention.
    ///
    /// ## Remediation
    /// Run with `--restart on-failure:5`; `docker update --restart on-failure:5 <container>`
    /// changes a running one.
    pub static RULE = {
        id: "DH089",
        name: "container-restart-unbounded",
        cis: ["5.15"],
        target: Container,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let policy = &c.restart_policy;
        let name = if policy.name.is_empty() {
            "no"
        } else {
            policy.name.as_str()
        };
        let evidence = Evidence::new(
            "HostConfig.RestartPolicy",
            format!("{name}:{}", policy.maximum_retry_count),
        )
        .expected("on-failure:5 (or no)");
        match name {
            "no" => Outcome::pass(object, "never restarted automatically").with(evidence),
            "on-failure" if (1..=5).contains(&policy.maximum_retry_count) => Outcome::pass(
                object,
                format!("restarted at most {} times", policy.maximum_retry_count),
            )
            .with(evidence),
            "on-failure" => Outcome::fail(
                object,
                if policy.maximum_retry_count == 0 {
                    "restarted on failure without limit".to_string()
                } else {
                    format!("restarted up to {} times", policy.maximum_retry_count)
                },
            )
            .with(evidence),
            other => Outcome::fail(
                object,
                format!("restart policy {other} restarts without limit"),
            )
            .with(evidence),
        }
    })
}
