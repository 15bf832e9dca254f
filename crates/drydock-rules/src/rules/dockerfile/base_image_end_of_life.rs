use super::shell::finding;
use crate::declare_rule;
use crate::eol::{evidence, for_image, past_end};
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Each `FROM` of an external image whose name and tag say which distribution release or
    /// language runtime it is (`debian:10`, `python:3.8-slim-bullseye`, `node:16-alpine3.15`,
    /// `ubi8`): the release must still get security updates today, by drydock's end-of-life
    /// table (from endoflife.date; its date is in the evidence). Tags that name no version
    /// (`latest`, a digest alone) are left to DF002 and DF003.
    ///
    /// For Debian the end counted is that of Debian LTS; for Ubuntu and RHEL that of standard
    /// support (their extended support is a paid subscription).
    ///
    /// ## Why it matters
    /// Past its end a release gets no fixes: every vulnerability found in it afterwards stays
    /// in every image built on it.
    ///
    /// ## Remediation
    /// Move the base to a supported release (`debian:12`, `python:3.12-slim-bookworm`,
    /// `node:22-alpine3.21`) and rebuild.
    pub static RULE = {
        id: "DF036",
        name: "dockerfile-base-image-end-of-life",
        title: "A base image's release no longer gets security updates",
        cis: [],
        target: Dockerfile,
        severity: High,
        stride: [Tampering],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let today = ctx.options.today.as_str();
    ctx.per_dockerfile(|d, file| {
        file.stages()
            .iter()
            .filter(|s| s.pulls_external_image())
            .flat_map(|s| {
                for_image(&s.base)
                    .into_iter()
                    .filter(|e| past_end(e, today) == Some(true))
                    .map(|e| {
                        finding(
                            d,
                            &file.instructions[s.from_index],
                            format!(
                                "base image `{}` is {} {}, whose security updates ended {}",
                                s.base,
                                e.product,
                                e.cycle,
                                e.end.unwrap_or_default()
                            ),
                        )
                        .with_all(evidence(e, today))
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    })
}
