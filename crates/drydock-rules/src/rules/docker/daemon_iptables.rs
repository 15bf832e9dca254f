use super::daemon_setting::check_bool;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That dockerd manages iptables: `iptables` is not `false` (it is `true` by default).
    ///
    /// ## Why it matters
    /// With iptables management off, published ports, isolation between networks and
    /// masquerading depend on hand-written rules that drift from what the containers need;
    /// containers end up either unreachable or exposed.
    ///
    /// ## Remediation
    /// Remove `--iptables=false` and `"iptables": false`, then restart dockerd.
    pub static RULE = {
        id: "DH024",
        name: "daemon-iptables-disabled",
        cis: ["2.4"],
        target: Daemon,
        severity: Medium,
        stride: [InformationDisclosure, Tampering],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_bool(ctx, "iptables", true, true, "iptables management")
}
