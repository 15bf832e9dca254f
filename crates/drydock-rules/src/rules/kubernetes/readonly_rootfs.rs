use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Containers (init and ephemeral ones included) whose `securityContext.readOnlyRootFilesystem`
    /// is not `true`. Pods for Windows (`spec.os.name: windows`) are left alone: Windows
    /// containers cannot have a read-only root.
    ///
    /// ## Why it matters
    /// A writable root filesystem lets a compromised process replace the application's own
    /// binaries and libraries, drop tools and keep them across the process's restarts inside the
    /// container: the Kubernetes counterpart of CIS Docker 5.13 (and of compose's `read_only`).
    /// CIS Kubernetes 5.7.3 asks for security contexts that restrict containers this way.
    ///
    /// ## Example
    /// A container with no `securityContext`, or `readOnlyRootFilesystem: false`.
    ///
    /// ## Remediation
    /// Set `securityContext.readOnlyRootFilesystem: true` on the container and mount an
    /// `emptyDir` volume where it must write (`/tmp`, caches).
    ///
    /// ## Fix safety
    /// Unsafe: an application that writes outside its volumes fails until those paths are
    /// mounted.
    pub static RULE = {
        id: "KC21",
        name: "workload-rootfs-writable",
        title: "A container's root filesystem is writable",
        cis: [],
        kube_cis: ["5.7.3"],
        target: KubeWorkload,
        severity: Medium,
        stride: [Tampering],
        fix: Available,
        fixer: (Unsafe, "set securityContext.readOnlyRootFilesystem: true on the container; paths it writes need emptyDir volumes", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        if w.is_windows() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for c in w.containers() {
            let (failure, message) = match c.setting("readOnlyRootFilesystem") {
                Some(n) if n.as_bool() == Some(true) => continue,
                Some(n) => (
                    RequiredSetting::Wrong(n),
                    "readOnlyRootFilesystem is not true",
                ),
                None => (
                    RequiredSetting::Unset,
                    "readOnlyRootFilesystem is not set (the root filesystem is writable)",
                ),
            };
            out.push(required_setting_finding(
                &RULE,
                w,
                &c,
                failure,
                message.to_string(),
                "securityContext.readOnlyRootFilesystem",
                "true",
            ));
        }
        out
    })
}

fn fix(
    text: &str,
    finding: &drydock_model::report::ResultEntry,
) -> Option<Vec<crate::fix::TextEdit>> {
    crate::fix::yaml::ensure_security_context(
        text,
        finding,
        &[],
        &[("readOnlyRootFilesystem", "true")],
    )
}
