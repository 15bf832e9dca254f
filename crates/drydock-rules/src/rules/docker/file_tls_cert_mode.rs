use super::host_file::{check_mode, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the daemon's TLS certificate named by tlscert has no permission bit outside `444`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A writable certificate lets others impersonate the daemon.
    ///
    /// ## Remediation
    /// `chmod 444 <path>` (or stricter).
    pub static RULE = {
        id: "DH050",
        name: "tls-server-cert-too-permissive",
        cis: ["3.12"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlscert") {
        Ok(paths) => check_mode(
            ctx,
            &paths,
            "the daemon's TLS certificate named by tlscert",
            0o444,
        ),
        Err(outcomes) => outcomes,
    }
}
