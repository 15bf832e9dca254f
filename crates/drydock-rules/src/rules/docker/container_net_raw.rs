use super::container_capabilities::effective;
use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// Whether a container runs with `NET_RAW`: Docker grants it by default, so a container
    /// has it unless it drops `NET_RAW` (or `ALL`); a privileged container has it whatever it
    /// drops.
    ///
    /// ## Why it matters
    /// Raw sockets let a process forge packets: ARP and DNS spoofing of its neighbours on the
    /// bridge, ICMP tricks, traffic that no port mapping shows. CIS 5.4 only fails capabilities
    /// *added* beyond the defaults, so a container with the defaults passes it while keeping
    /// this one; few services need it (ping does, and modern ping uses ICMP sockets instead).
    ///
    /// ## Example
    /// `docker run nginx` keeps `NET_RAW`; `docker run --cap-drop NET_RAW nginx` does not.
    ///
    /// ## Remediation
    /// Run the container with `--cap-drop NET_RAW` (or `--cap-drop ALL` and add back only what
    /// it needs); in compose, `cap_drop: [NET_RAW]`.
    ///
    /// ## Fix safety
    /// A process that really sends raw packets (some ping builds, network tools) stops working.
    pub static RULE = {
        id: "DH118",
        name: "container-keeps-net-raw",
        title: "The container keeps the NET_RAW capability",
        cis: [],
        target: Container,
        severity: Medium,
        stride: [Spoofing, Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let raw = Evidence::new(
            "CapAdd / CapDrop",
            format!(
                "add [{}] drop [{}]",
                c.cap_add.join(", "),
                c.cap_drop.join(", ")
            ),
        )
        .expected("NET_RAW (or ALL) dropped");
        match effective(c.privileged, &c.cap_add, &c.cap_drop) {
            None => Outcome::fail(
                object,
                if c.privileged {
                    "is privileged, so it has NET_RAW with every other capability"
                } else {
                    "adds every capability, NET_RAW among them"
                },
            )
            .with(raw),
            Some(caps) if caps.contains("NET_RAW") => {
                Outcome::fail(object, "keeps NET_RAW (Docker grants it unless dropped)").with(raw)
            }
            Some(_) => Outcome::pass(object, "runs without NET_RAW").with(raw),
        }
    })
}
