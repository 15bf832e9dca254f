use super::host_file::{check_mode, tls_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That the TLS CA certificate named by tlscacert has no permission bit outside `444`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Replacing the CA lets anyone mint a client certificate the daemon accepts.
    ///
    /// ## Remediation
    /// `chmod 444 <path>` (or stricter).
    pub static RULE = {
        id: "DH048",
        name: "tls-ca-cert-too-permissive",
        cis: ["3.10"],
        target: File,
        severity: High,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match tls_targets(ctx, "tlscacert") {
        Ok(paths) => check_mode(
            ctx,
            &paths,
            "the TLS CA certificate named by tlscacert",
            0o444,
        ),
        Err(outcomes) => outcomes,
    }
}
