use crate::declare_rule;
use crate::rule::Context;
use drydock_model::model::Outcome;

declare_rule! {
    /// ## What it checks
    /// Nothing the engine's metadata shows: whether images still carry setuid and setgid
    /// files. A person checks, for example with
    /// `docker run --rm --entrypoint find <image> / -perm /6000 -type f`.
    ///
    /// ## Why it matters
    /// setuid binaries are the classic way for a process to gain root inside a container.
    ///
    /// ## Remediation
    /// Remove the bits in the Dockerfile: `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +`.
    pub static RULE = {
        id: "DH070",
        name: "image-setuid-unreviewed",
        cis: ["4.8"],
        target: Image,
        severity: Low,
        stride: [ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_image(|_, object| {
        Outcome::manual(object, "check the image for setuid and setgid files")
    })
}
