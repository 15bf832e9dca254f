use super::archived::{object, per_archived_image};
use super::vulnerabilities::verdict;
use crate::declare_rule;
use crate::rule::Context;

declare_rule! {
    /// ## What it checks
    /// The packages installed in the image (Debian and Ubuntu's dpkg database, Alpine's apk
    /// database, read from the layers) against an offline database of OSV advisories
    /// (`--vuln-db`), in the distribution's own version order. The image fails when a package
    /// has a known vulnerability with a published fix at or above the threshold
    /// (`--vuln-threshold`, default medium; unknown severity counts as at it). Each finding
    /// names the package, the installed and fixed versions, the advisory and its severity.
    ///
    /// It passes only when every layer and package database was read, the release maps to an
    /// ecosystem the database holds records for, every database file was read, and the
    /// database is no older than `--vuln-max-age` days (default 7). Otherwise the result is
    /// unknown and says which of these is missing.
    ///
    /// ## Why it matters
    /// An image is frozen when it is built: every flaw found in its packages since then stays
    /// in it until it is rebuilt, ready for whoever reaches the container.
    ///
    /// ## Remediation
    /// Rebuild the image on a current base and upgrade the packages named (`apt-get install
    /// --only-upgrade PACKAGE`, `apk upgrade PACKAGE`), then scan it again.
    pub static RULE = {
        id: "AR007",
        name: "archived-image-known-vulnerabilities",
        title: "The image has packages with fixable known vulnerabilities",
        cis: ["4.4"],
        target: ImageArchive,
        severity: High,
        stride: [Tampering, ElevationOfPrivilege],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<drydock_model::model::Outcome> {
    per_archived_image(ctx, |a, i| {
        vec![verdict(ctx, i, object(a, i)).at(&a.path, 1, 1)]
    })
}
