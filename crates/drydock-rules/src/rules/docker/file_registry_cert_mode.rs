use super::host_file::{check_mode, registry_cert_targets};
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// That each file under /etc/docker/certs.d has no permission bit outside `444`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// A writable registry certificate lets others redirect image pulls to a registry they control.
    ///
    /// ## Remediation
    /// `chmod 444 <path>` (or stricter).
    pub static RULE = {
        id: "DH046",
        name: "registry-cert-too-permissive",
        cis: ["3.8"],
        target: File,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match registry_cert_targets(ctx) {
        Ok(paths) => check_mode(ctx, &paths, "each file under /etc/docker/certs.d", 0o444),
        Err(outcomes) => outcomes,
    }
}
