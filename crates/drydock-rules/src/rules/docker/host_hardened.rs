use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Nothing a program can settle: whether the host operating system itself is hardened
    /// (a benchmark for the OS, minimal packages, patched kernel). drydock reports the kernel
    /// and OS it saw.
    ///
    /// ## Why it matters
    /// Containers share the host kernel; a weak host undoes every container control.
    ///
    /// ## Remediation
    /// Harden the OS with its own CIS benchmark or a hardened distribution, and keep it patched.
    pub static RULE = {
        id: "DH019",
        name: "host-hardening-unverified",
        cis: ["1.2.1"],
        target: Host,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let mut outcome = Outcome::manual(ObjectRef::host(), "review the host's own hardening");
    if let Ok(engine) = ctx.engine() {
        outcome = outcome.with(Evidence::new("operating system", engine.version.os.clone()));
        if let Some(kernel) = &engine.version.kernel_version {
            outcome = outcome.with(Evidence::new("kernel", kernel.clone()));
        }
    }
    vec![outcome]
}
