use super::workload::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_parse::yaml::Node;

declare_rule! {
    /// ## What it checks
    /// That every volume is one of configMap, csi, downwardAPI, emptyDir, ephemeral,
    /// persistentVolumeClaim, projected or secret.
    ///
    /// ## Why it matters
    /// Other volume types reach node or network storage directly, outside what the cluster
    /// administrator provisions.
    ///
    /// ## Remediation
    /// Use a persistentVolumeClaim backed by a storage class instead.
    pub static RULE = {
        id: "KP12",
        name: "pss-volume-types",
        title: "Volume types beyond the restricted set are used",
        cis: [],
        kube_cis: [],
        pss: ("Volume Types", Restricted),
        target: KubeWorkload,
        severity: Medium,
        stride: [Tampering, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    per_workload(ctx, |w| {
        let mut out: Vec<Outcome> = Vec::new();
        const ALLOWED: &[&str] = &[
            "configMap",
            "csi",
            "downwardAPI",
            "emptyDir",
            "ephemeral",
            "persistentVolumeClaim",
            "projected",
            "secret",
        ];
        for v in w.spec.get("volumes").map_or(&[][..], Node::items) {
            for (k, _) in v.entries() {
                let key = k.as_str().unwrap_or("");
                if key != "name" && !ALLOWED.contains(&key) {
                    out.push(
                        finding(&RULE, w, None, k, format!("volume type {key}"))
                            .with(Evidence::new("volumes[]", key).expected(ALLOWED.join(", "))),
                    );
                }
            }
        }
        out
    })
}
