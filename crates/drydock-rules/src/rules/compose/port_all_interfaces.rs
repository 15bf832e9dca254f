use super::service::*;
use crate::declare_rule;
use crate::fix::{TextEdit, scalar_range_at};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;

declare_rule! {
    /// ## What it checks
    /// Published ports without a host address, or with `0.0.0.0` or `::`. A service with
    /// `network_mode: host` publishes nothing (Docker ignores its `ports:` with a warning): it
    /// listens on the host's own interfaces, which `compose-host-network` reports.
    ///
    /// ## Why it matters
    /// A port on every interface is reachable from every network the host is on.
    ///
    /// ## Remediation
    /// Bind to an address: `"127.0.0.1:8080:80"` or the serving interface.
    pub static RULE = {
        id: "CO012",
        name: "compose-port-all-interfaces",
        title: "A port is published on every interface",
        cis: ["5.14"],
        target: ComposeService,
        severity: Medium,
        stride: [InformationDisclosure, Spoofing],
        fix: Available,
        fixer: (Unsafe, "publish the port on 127.0.0.1 only; other hosts can no longer reach it", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_service(|c, s| {
        let mut out: Vec<Outcome> = Vec::new();
        if at(s, "network_mode").and_then(|n| n.as_str()) == Some("host") {
            return out;
        }
        for p in ports(s) {
            if p.host_ip
                .as_deref()
                .is_none_or(crate::rules::docker::container_port_interface::is_wildcard)
            {
                out.push(
                    finding(
                        c,
                        s,
                        p.node,
                        format!("publishes {} on every interface", p.target),
                    )
                    .with(
                        Evidence::new("ports", p.node.as_str().unwrap_or("(long syntax)"))
                            .expected("a host address"),
                    ),
                );
            }
        }
        out
    })
}

/// The short syntax rewritten to bind the loopback address: `8080:80` → `127.0.0.1:8080:80`,
/// `80` → `127.0.0.1::80` (a random host port, as before), `0.0.0.0:…` and `[::]:…` replaced.
/// Written in double quotes, so that no YAML 1.1 reader takes `8080:80` for a number.
fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let location = finding.location.as_ref()?;
    let range = scalar_range_at(text, location.line as usize, location.column as usize)?;
    let written = &text[range.clone()];
    let inner = written.trim_matches(|c| c == '"' || c == '\'');
    if inner.contains([' ', '{', '"', '\'']) || inner.is_empty() {
        return None;
    }
    let bound = if let Some(rest) = inner
        .strip_prefix("0.0.0.0:")
        .or_else(|| inner.strip_prefix("[::]:"))
    {
        format!("127.0.0.1:{rest}")
    } else {
        let (ports, _) = inner.split_once('/').unwrap_or((inner, ""));
        match ports.matches(':').count() {
            0 => format!("127.0.0.1::{inner}"),
            1 => format!("127.0.0.1:{inner}"),
            _ => return None,
        }
    };
    Some(vec![TextEdit {
        range,
        text: format!("\"{bound}\""),
    }])
}
