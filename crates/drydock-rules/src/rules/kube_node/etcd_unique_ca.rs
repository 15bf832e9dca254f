use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That etcd trusts its own CA (`--trusted-ca-file`) and not the one the API server uses for
    /// its clients (`--client-ca-file`). Different paths are shown for a person to confirm they
    /// hold different CAs; the same path fails.
    ///
    /// ## Why it matters
    /// With a shared CA every client certificate of the cluster, a kubelet's included, is accepted
    /// by etcd.
    ///
    /// ## Remediation
    /// Create a CA for etcd alone and point `--trusted-ca-file` at it.
    pub static RULE = {
        id: "KN067",
        name: "etcd-unique-ca",
        cis: [],
        kube_cis: ["2.7"],
        target: KubeComponent,
        severity: Medium,
        stride: [Spoofing],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, ETCD, |node, etcd| {
        let trusted = match etcd_setting(node, etcd, "trusted-ca-file", "ETCD_TRUSTED_CA_FILE") {
            Ok(s) => s,
            Err(outcome) => return vec![*outcome],
        };
        let Some(trusted) = trusted.filter(|s| !s.value.is_empty()) else {
            return vec![Outcome::fail(
                etcd.object(),
                "etcd names no trusted CA for its clients",
            )];
        };
        let etcd_ca = etcd.host_path(&trusted.value);
        let evidence =
            Evidence::new("etcd --trusted-ca-file", etcd_ca.clone()).source(trusted.source.clone());
        let api_ca = node
            .component(APISERVER)
            .and_then(|a| a.flag("client-ca-file").map(|f| a.host_path(&f.value)));
        match api_ca {
            Some(api) if api == etcd_ca => vec![
                Outcome::fail(
                    etcd.object(),
                    "etcd trusts the same CA file as the API server's clients",
                )
                .with(evidence)
                .with(Evidence::new("kube-apiserver --client-ca-file", api)),
            ],
            Some(api) => vec![Outcome::manual(
                etcd.object(),
                "etcd and the API server name different CA files; confirm they hold different CAs",
            )
            .with(evidence)
            .with(Evidence::new("kube-apiserver --client-ca-file", api))],
            None => {
                vec![Outcome::manual(
                etcd.object(),
                "the API server's client CA is not known here; confirm etcd's CA is its own",
            )
            .with(evidence)]
            }
        }
    })
}
