use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether dockerd runs rootless (the engine lists `name=rootless` among its security
    /// options). When it does not, a person decides whether rootless mode fits the workload.
    ///
    /// ## Why it matters
    /// A rootful daemon makes every container escape and every API client root on the host.
    /// Rootless mode confines the daemon and its containers to one unprivileged user.
    ///
    /// ## Remediation
    /// Where the workload allows it, install and run Docker in rootless mode
    /// (`dockerd-rootless-setuptool.sh install`).
    pub static RULE = {
        id: "DH021",
        name: "daemon-runs-as-root",
        cis: ["2.1"],
        target: Daemon,
        severity: Medium,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    match ctx.engine() {
        Ok(engine) => {
            let rootless = engine
                .info
                .security_options
                .iter()
                .any(|o| o.contains("name=rootless"));
            let evidence =
                Evidence::new("SecurityOptions", engine.info.security_options.join("; "))
                    .source("GET /info");
            if rootless {
                vec![Outcome::pass(ObjectRef::daemon(), "dockerd runs rootless").with(evidence)]
            } else {
                vec![
                    Outcome::manual(
                        ObjectRef::daemon(),
                        "dockerd runs as root; consider rootless mode",
                    )
                    .with(evidence),
                ]
            }
        }
        Err(reason) => vec![Outcome::unknown(ObjectRef::daemon(), reason)],
    }
}
