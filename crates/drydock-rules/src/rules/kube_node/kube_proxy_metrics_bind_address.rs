use super::check::*;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_settings::kube_node::*;

declare_rule! {
    /// ## What it checks
    /// That kube-proxy serves metrics on the loopback interface only: `metricsBindAddress` of its
    /// `--config` file (which kube-proxy prefers over most flags), else `--metrics-bind-address`,
    /// else the default `127.0.0.1:10249`.
    ///
    /// ## Why it matters
    /// Metrics reachable from the network describe the cluster's services to anyone.
    ///
    /// ## Remediation
    /// Set `metricsBindAddress: 127.0.0.1:10249`.
    pub static RULE = {
        id: "KN097",
        name: "kube-proxy-metrics-bind-address",
        cis: [],
        kube_cis: ["4.3.1"],
        target: KubeComponent,
        severity: Medium,
        stride: [InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    on_component(ctx, KUBE_PROXY, |node, c| {
        let (value, source) = match c.flag("config") {
            Some(flag) => {
                let path = c.host_path(&flag.value);
                match config_file(node.facts, &path) {
                    ConfigFile::Problem(p) => {
                        return vec![Outcome::unknown(
                            c.object(),
                            format!("kube-proxy's configuration could not be read: {p}"),
                        )];
                    }
                    ConfigFile::Parsed(root) => match root.get("metricsBindAddress") {
                        Some(n) if n.as_str().is_some_and(|s| !s.is_empty()) => (
                            n.as_str().unwrap_or_default().to_string(),
                            format!("{path} line {}", n.pos.line),
                        ),
                        _ => (
                            "127.0.0.1:10249".to_string(),
                            format!("default (not set in {path})"),
                        ),
                    },
                }
            }
            None => match c.flag("metrics-bind-address") {
                Some(f) => (f.value.clone(), format!("{} in {}", f.text, c.source())),
                None => (
                    "127.0.0.1:10249".to_string(),
                    "default (flag not given)".to_string(),
                ),
            },
        };
        let host = value.rsplit_once(':').map_or(value.as_str(), |(h, _)| h);
        let loopback =
            host == "127.0.0.1" || host == "[::1]" || host == "::1" || host == "localhost";
        let evidence = Evidence::new("metrics bind address", value.clone())
            .expected("127.0.0.1:<port>")
            .source(source);
        let outcome = if loopback {
            Outcome::pass(c.object(), format!("kube-proxy serves metrics on {value}"))
        } else {
            Outcome::fail(
                c.object(),
                format!("kube-proxy serves metrics on {value}, beyond the loopback interface"),
            )
        };
        vec![outcome.with(evidence)]
    })
}
