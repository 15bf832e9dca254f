use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That `securityContext.sysctls` only names the safe set: kernel.shm_rmid_forced,
    /// net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies,
    /// net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports (v1.27+),
    /// net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl and
    /// net.ipv4.tcp_keepalive_probes (v1.29+), net.ipv4.tcp_rmem and net.ipv4.tcp_wmem (v1.32+),
    /// net.ipv4.tcp_slow_start_after_idle and net.ipv4.tcp_notsent_lowat (v1.37+).
    ///
    /// ## Why it matters
    /// Other sysctls are node-wide or not isolated: a pod could change the node's kernel behaviour
    /// for every workload.
    ///
    /// ## Remediation
    /// Remove the sysctl, or set it on the node.
    pub static RULE = {
        id: "KP11",
        name: "pss-unsafe-sysctls",
        title: "Unsafe sysctls are set",
        cis: [],
        kube_cis: [],
        pss: ("Sysctls", Baseline),
        target: KubeWorkload,
        severity: Medium,
        stride: [ElevationOfPrivilege, DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let minor = pss_minor(ctx);
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        let mut safe = vec![
            "kernel.shm_rmid_forced",
            "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",
        ];
        if minor >= 27 {
            safe.push("net.ipv4.ip_local_reserved_ports");
        }
        if minor >= 29 {
            safe.extend([
                "net.ipv4.tcp_keepalive_time",
                "net.ipv4.tcp_fin_timeout",
                "net.ipv4.tcp_keepalive_intvl",
                "net.ipv4.tcp_keepalive_probes",
            ]);
        }
        if minor >= 32 {
            safe.extend(["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]);
        }
        if minor >= 37 {
            safe.extend([
                "net.ipv4.tcp_slow_start_after_idle",
                "net.ipv4.tcp_notsent_lowat",
            ]);
        }
        for s in w.pod_setting("sysctls").map_or(&[][..], Node::items) {
            if let Some(name) = s.get("name")
                && !safe.contains(&name.as_str().unwrap_or(""))
            {
                let n = name.as_str().unwrap_or("");
                out.push(
                    finding(&RULE, w, None, name, format!("unsafe sysctl {n}")).with(
                        Evidence::new("spec.securityContext.sysctls[].name", n)
                            .expected("a safe sysctl"),
                    ),
                );
            }
        }
        out
    })
}
