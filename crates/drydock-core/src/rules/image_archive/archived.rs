//! Shared reading of archived images for the rules.

use crate::facts::{ArchivedImage, ImageArchiveFacts};
use crate::model::{ObjectRef, Outcome, Target};
use crate::rule::Context;

/// The object of an archived image.
pub fn object(archive: &ImageArchiveFacts, image: &ArchivedImage) -> ObjectRef {
    ObjectRef {
        kind: Target::ImageArchive,
        id: format!("{}#{}", archive.path, image.name),
        name: format!("{} ({})", image.name, archive.path),
    }
}

/// A failing outcome on an archived image (located at the archive itself).
pub fn finding(
    archive: &ImageArchiveFacts,
    image: &ArchivedImage,
    message: impl Into<String>,
) -> Outcome {
    Outcome::fail(object(archive, image), message).at(&archive.path, 1, 1)
}

/// Applies `check` to every image of every archive, and to local images whose layers were read.
pub fn per_archived_image(
    ctx: &Context,
    check: impl Fn(&ImageArchiveFacts, &ArchivedImage) -> Vec<Outcome>,
) -> Vec<Outcome> {
    let local = ctx
        .facts
        .engine
        .known()
        .map(|e| e.image_layers.as_slice())
        .unwrap_or_default();
    ctx.facts
        .project
        .archives
        .iter()
        .chain(local)
        .flat_map(|a| {
            a.images
                .iter()
                .flat_map(|i| check(a, i))
                .collect::<Vec<_>>()
        })
        .collect()
}
