use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// That each container's CPU use is bounded or weighted by any of the engine's means: CPU
    /// shares other than the default (0 or 1024), `--cpus` (`NanoCpus`), a CFS quota
    /// (`--cpu-quota`) or a CPU set (`--cpuset-cpus`).
    ///
    /// ## Why it matters
    /// An unbounded container can starve the others and the host of CPU.
    ///
    /// ## Remediation
    /// Run with `--cpus <n>` or `--cpu-shares <weight>` (compose: `cpus`, `cpu_shares`,
    /// `deploy.resources.limits.cpus`).
    pub static RULE = {
        id: "DH086",
        name: "container-without-cpu-limit",
        cis: ["5.12"],
        target: Container,
        severity: Low,
        stride: [DenialOfService],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let evidence = Evidence::new(
            "CPU settings",
            format!(
                "CpuShares={} NanoCpus={} CpuQuota={} CpusetCpus={:?}",
                c.cpu_shares, c.nano_cpus, c.cpu_quota, c.cpuset_cpus
            ),
        )
        .expected("shares other than 0/1024, or a CPU limit, quota or set");
        let shares = c.cpu_shares != 0 && c.cpu_shares != 1024;
        if shares || c.nano_cpus > 0 || c.cpu_quota > 0 || !c.cpuset_cpus.is_empty() {
            Outcome::pass(object, "CPU use is bounded or weighted").with(evidence)
        } else {
            Outcome::fail(object, "no CPU limit or priority").with(evidence)
        }
    })
}
