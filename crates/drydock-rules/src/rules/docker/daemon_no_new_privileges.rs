use super::daemon_setting::check_bool;
use crate::declare_rule;
use crate::fix::{TextEdit, json::set_key};
use crate::rule::Context;
use drydock_model::model::Outcome;
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// That the daemon starts every container with `no-new-privileges` (`--no-new-privileges`
    /// or `"no-new-privileges": true`).
    ///
    /// ## Why it matters
    /// Without it, a process in a container can gain privileges through setuid or setgid
    /// binaries (`su`, `sudo`, a planted file) — the usual second step of an attack.
    ///
    /// ## Remediation
    /// Set `"no-new-privileges": true` in daemon.json and restart dockerd.
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` sets `"no-new-privileges": true` in daemon.json. New
    /// containers can no longer gain privileges through setuid binaries (`sudo` inside a
    /// container stops working). dockerd must be restarted.
    pub static RULE = {
        id: "DH034",
        name: "daemon-new-privileges-allowed",
        cis: ["2.14"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: Available,
        fixer: (Unsafe, "set \"no-new-privileges\": true in daemon.json", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    check_bool(
        ctx,
        "no-new-privileges",
        false,
        true,
        "daemon-wide no-new-privileges",
    )
}

fn fix(text: &str, _: &ResultEntry) -> Option<Vec<TextEdit>> {
    set_key(text, "no-new-privileges", "true")
}
