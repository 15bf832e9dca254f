use super::archived::{object, per_archived_image};
use crate::declare_rule;
use crate::eol::{evidence, for_os, past_end};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};

declare_rule! {
    /// ## What it checks
    /// The distribution release an image is built on, from its `os-release`: it must still
    /// get security updates today, by drydock's end-of-life table (from endoflife.date; its
    /// date is in the evidence). Debian, Ubuntu, Alpine, RHEL, CentOS, Rocky, AlmaLinux and
    /// Amazon Linux releases are known. An image without an `os-release` (scratch,
    /// distroless-static) has no release to judge; a release the table does not know is
    /// unknown, as is any release when today's date is unknown.
    ///
    /// ## Why it matters
    /// Past its end a release gets no fixes: every vulnerability found in its packages
    /// afterwards stays in the image, however often it is rebuilt on the same base.
    ///
    /// ## Remediation
    /// Rebuild the image on a supported release of its distribution.
    pub static RULE = {
        id: "AR008",
        name: "archived-image-end-of-life",
        title: "The image's distribution release no longer gets security updates",
        cis: [],
        target: ImageArchive,
        severity: High,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let today = ctx.options.today.as_str();
    per_archived_image(ctx, |a, i| {
        let target = object(a, i);
        let outcome = match &i.os {
            None if i.unread_layers.is_empty() => Outcome::not_applicable(
                target,
                "no os-release in the image: no distribution release to judge",
            ),
            None => Outcome::unknown(
                target,
                "some layers could not be read whole, and no os-release was found in the rest",
            ),
            Some(os) => match for_os(&os.id, &os.version_id) {
                None => Outcome::unknown(
                    target,
                    format!(
                        "{} {} is not in drydock's end-of-life table",
                        os.id, os.version_id
                    ),
                )
                .with(Evidence::new(
                    "os-release",
                    format!("{} {}", os.id, os.version_id),
                )),
                Some(entry) => {
                    let release = format!("{} {}", entry.product, entry.cycle);
                    let outcome = match past_end(entry, today) {
                        Some(true) => Outcome::fail(
                            target,
                            format!(
                                "{release} no longer gets security updates (they ended {})",
                                entry.end.unwrap_or_default()
                            ),
                        ),
                        Some(false) => Outcome::pass(
                            target,
                            format!(
                                "{release} gets security updates until {}",
                                entry.end.unwrap_or_default()
                            ),
                        ),
                        None if entry.end.is_none() => Outcome::pass(
                            target,
                            format!("{release}: no end of security updates is set yet"),
                        ),
                        None => Outcome::unknown(target, "today's date is unknown"),
                    };
                    outcome.with_all(evidence(entry, today))
                }
            },
        };
        vec![outcome.at(&a.path, 1, 1)]
    })
}
