use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, ObjectRef, Outcome};

declare_rule! {
    /// ## What it checks
    /// That the storage driver in use (as the engine reports it, else the configured
    /// `storage-driver`) is not `aufs`.
    ///
    /// ## Why it matters
    /// aufs is unmaintained, has known kernel crashes and is gone from current kernels and engines.
    ///
    /// ## Remediation
    /// Move to `overlay2`: set `"storage-driver": "overlay2"`, restart dockerd, and rebuild or
    /// re-pull images (the old driver's data is not migrated).
    pub static RULE = {
        id: "DH026",
        name: "daemon-aufs-storage-driver",
        cis: ["2.6"],
        target: Daemon,
        severity: Medium,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let object = ObjectRef::daemon();
    let (driver, source) = match ctx.engine() {
        Ok(e) => (Some(e.info.driver.clone()), "GET /info".to_string()),
        Err(_) => {
            let lookup = ctx.daemon.lookup("storage-driver");
            match lookup.as_string() {
                Ok(v) => (v, lookup.source()),
                Err(reason) => {
                    return vec![Outcome::unknown(
                        object,
                        format!("storage driver cannot be determined: {reason}"),
                    )];
                }
            }
        }
    };
    match driver {
        Some(d) if d == "aufs" => vec![
            Outcome::fail(object, "the aufs storage driver is in use").with(
                Evidence::new("storage driver", d)
                    .expected("not aufs")
                    .source(source),
            ),
        ],
        Some(d) => vec![
            Outcome::pass(object, format!("storage driver is {d}")).with(
                Evidence::new("storage driver", d)
                    .expected("not aufs")
                    .source(source),
            ),
        ],
        None => vec![Outcome::pass(
            object,
            "no storage driver is forced; current engines never pick aufs by themselves",
        )],
    }
}
