//! Shared reading of archived images for the rules.

use crate::rule::Context;
use drydock_model::facts::{ArchivedImage, ImageArchiveFacts};
use drydock_model::model::{ObjectRef, Outcome, Target};

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
    ctx.facts
        .archives()
        .flat_map(|a| {
            a.images
                .iter()
                .flat_map(|i| check(a, i))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The outcome of a check of an image's files that found nothing: none when every layer was
/// read, unknown (with the layers and why) when some was not, since the files looked for may
/// be in it.
pub fn nothing_found(archive: &ImageArchiveFacts, image: &ArchivedImage) -> Vec<Outcome> {
    if image.unread_layers.is_empty() {
        return Vec::new();
    }
    vec![
        Outcome::unknown(
            object(archive, image),
            format!(
                "{} layer(s) could not be read whole: {}",
                image.unread_layers.len(),
                image.unread_layers.join("; ")
            ),
        )
        .at(&archive.path, 1, 1),
    ]
}
