use super::host_file::{check_mode, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon's TLS private key named by tlskey has no permission bit outside `400`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Anyone who can read the key can impersonate the daemon to its clients.
    ///
    /// ## Remediation
    /// `chmod 400 <path>` (or stricter).
    pub static RULE = {
        id: "DH052",
        name: "tls-server-key-too-permissive",
        cis: ["3.14"],
        target: File,
        severity: High,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlskey") {
        Ok(paths) => check_mode(
            ctx,
            &paths,
            "the daemon's TLS private key named by tlskey",
            0o400,
        ),
        Err(outcomes) => outcomes,
    }
}
