use super::host_file::check_mode;
use crate::declare_rule;
use crate::model::Outcome;
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// That containerd's socket has no permission bit outside `660`. Modes are compared bit by bit, so
    /// a mode that is numerically smaller but grants another bit (`0606` against `0644`) fails.
    ///
    /// ## Why it matters
    /// Whoever can write to containerd's socket controls every container.
    ///
    /// ## Remediation
    /// `chmod 660 <path>` (or stricter).
    pub static RULE = {
        id: "DH062",
        name: "containerd-sock-too-permissive",
        cis: ["3.24"],
        target: File,
        severity: High,
        stride: [Tampering, InformationDisclosure],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    #[allow(unused_imports)]
    use crate::paths::*;
    let paths: Vec<String> = first_present(
        &ctx.facts.host.files,
        &containerd_socket_paths(&ctx.facts.host),
    )
    .map(|(p, _)| vec![p.to_string()])
    .unwrap_or_default();
    if paths.is_empty() {
        return super::host_file::not_configured(
            "containerd.sock",
            "containerd socket was not collected",
        );
    }
    check_mode(ctx, &paths, "containerd's socket", 0o660)
}
