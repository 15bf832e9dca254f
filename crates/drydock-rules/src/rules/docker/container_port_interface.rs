use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

/// Whether a host address means "every interface".
pub fn is_wildcard(host_ip: &str) -> bool {
    matches!(
        host_ip.trim_matches(|c| c == '[' || c == ']'),
        "" | "0.0.0.0" | "::" | "0:0:0:0:0:0:0:0"
    )
}

declare_rule! {
    /// ## What it checks
    /// That every published port is bound to a specific host address, not to all of them: an
    /// empty host IP, `0.0.0.0` and the IPv6 wildcard `::` all fail.
    ///
    /// ## Why it matters
    /// A port bound to every interface is reachable from every network the host is on,
    /// including the ones it should not serve.
    ///
    /// ## Remediation
    /// Publish with an address: `-p 127.0.0.1:8080:80` or the address of the serving interface.
    pub static RULE = {
        id: "DH088",
        name: "container-port-on-all-interfaces",
        cis: ["5.14"],
        target: Container,
        severity: Medium,
        stride: [InformationDisclosure, Spoofing],
        fix: Available,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_container(|c, object| {
        let wild: Vec<Evidence> = c
            .ports
            .iter()
            .filter(|p| is_wildcard(&p.host_ip))
            .map(|p| Evidence::new("port", p.describe()).expected("a specific host address"))
            .collect();
        if c.ports.is_empty() {
            Outcome::pass(object, "publishes no ports")
        } else if wild.is_empty() {
            Outcome::pass(
                object,
                "every published port is bound to a specific address",
            )
        } else {
            Outcome::fail(object, "publishes ports on every host interface").with_all(wild)
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn ipv6_wildcard_counts() {
        assert!(super::is_wildcard("::"));
        assert!(super::is_wildcard("[::]"));
        assert!(super::is_wildcard(""));
        assert!(!super::is_wildcard("127.0.0.1"));
        assert!(!super::is_wildcard("::1"));
    }
}
