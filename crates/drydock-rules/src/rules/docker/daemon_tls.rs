use super::daemon_setting::setting_evidence;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether dockerd listens on TCP — a `tcp://` address in `-H`/`--host` or in the `hosts`
    /// array of daemon.json (one line or many), or a TCP `ListenStream=` in docker.socket when
    /// started with `fd://` — and if so, that it verifies clients: `tlsverify` true (as a flag
    /// or in daemon.json) with a CA named. A `tcp://` inside another setting (a syslog address)
    /// is not a listener.
    ///
    /// ## Why it matters
    /// The API is root on the host. On TCP without client verification, anyone who can reach
    /// the port owns the host; `--tls` alone encrypts but lets any client in.
    ///
    /// ## Remediation
    /// Listen on the unix socket only, or set `tlsverify: true` with `tlscacert`, `tlscert` and
    /// `tlskey`, and give each client a certificate signed by that CA.
    pub static RULE = {
        id: "DH027",
        name: "daemon-tcp-without-tls-verify",
        cis: ["2.7"],
        target: Daemon,
        severity: Critical,
        stride: [Spoofing, ElevationOfPrivilege, InformationDisclosure],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let hosts_lookup = ctx.daemon.lookup("hosts");
    let hosts = match ctx.daemon.hosts() {
        Ok(h) => h,
        Err(reason) => {
            return vec![Outcome::unknown(
                object,
                format!("listen addresses cannot be determined: {reason}"),
            )];
        }
    };
    let mut tcp: Vec<String> = hosts
        .iter()
        .filter(|h| h.starts_with("tcp://"))
        .cloned()
        .collect();
    if hosts.iter().any(|h| h.starts_with("fd://")) {
        for unit in ctx
            .facts
            .host
            .units
            .iter()
            .filter(|u| u.name == "docker.socket")
        {
            tcp.extend(
                unit.listen_stream
                    .iter()
                    .filter(|l| !l.starts_with('/') && !l.starts_with('@'))
                    .map(|l| format!("tcp://{l} (docker.socket)")),
            );
        }
    }
    let hosts_evidence = setting_evidence(
        "hosts",
        &hosts_lookup,
        &hosts.join(", "),
        "unix socket, or tcp with tlsverify",
    );
    if tcp.is_empty() {
        return vec![
            Outcome::pass(object, "dockerd listens on no TCP address").with(hosts_evidence),
        ];
    }
    let verify = ctx.daemon.lookup("tlsverify");
    let tls = ctx.daemon.lookup("tls");
    let verify_on = match verify.as_bool(false) {
        Ok(v) => v,
        Err(reason) => {
            return vec![Outcome::unknown(
                object,
                format!("tlsverify cannot be determined: {reason}"),
            )];
        }
    };
    let tls_on = tls.as_bool(false).unwrap_or(false) || verify_on;
    let evidence = [
        hosts_evidence,
        setting_evidence("tlsverify", &verify, &verify_on.to_string(), "true"),
        Evidence::new("tcp listeners", tcp.join(", ")),
    ];
    if verify_on {
        vec![
            Outcome::pass(
                object,
                "dockerd listens on TCP and verifies client certificates",
            )
            .with_all(evidence),
        ]
    } else if tls_on {
        vec![
            Outcome::fail(
                object,
                "dockerd listens on TCP with TLS but accepts any client",
            )
            .with_all(evidence),
        ]
    } else {
        vec![Outcome::fail(object, "dockerd listens on TCP without TLS").with_all(evidence)]
    }
}
