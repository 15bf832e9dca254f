use super::daemon_setting::check_bool;
use crate::declare_rule;
use crate::fix::{TextEdit, json::set_key};
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// That the userland proxy is off (`--userland-proxy=false`, `"userland-proxy": false`);
    /// it is on by default.
    ///
    /// ## Why it matters
    /// With it on, a `docker-proxy` process per published port forwards traffic: more code
    /// running as root on the host and source addresses hidden from the container.
    ///
    /// ## Remediation
    /// Set `"userland-proxy": false` in daemon.json and restart dockerd (hairpin NAT then
    /// handles local traffic).
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` sets `"userland-proxy": false` in daemon.json. Published ports
    /// are then served by iptables alone; a container reaching its own published port through
    /// the host (hairpin) may need the kernel's hairpin NAT. dockerd must be restarted.
    pub static RULE = {
        id: "DH036",
        name: "daemon-userland-proxy-enabled",
        cis: ["2.16"],
        target: Daemon,
        severity: Low,
        stride: [ElevationOfPrivilege, Repudiation],
        fix: Available,
        fixer: (Unsafe, "set \"userland-proxy\": false in daemon.json", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_bool(ctx, "userland-proxy", true, false, "userland proxy")
}

fn fix(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    set_key(text, "userland-proxy", "false")
}
