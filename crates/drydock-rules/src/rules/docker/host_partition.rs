use crate::declare_rule;
use crate::rule::Context;
use drydock_model::facts::MountEntry;
use drydock_model::model::{Evidence, ObjectRef, Outcome};
use drydock_settings::paths::docker_root_dir;

declare_rule! {
    /// ## What it checks
    /// That the Docker root directory (`/var/lib/docker` unless moved) lives on a filesystem of
    /// its own: it is a mount point, and that mount is not a bind mount of the root
    /// filesystem's device. With user-namespace remapping the engine reports a subdirectory
    /// (`/var/lib/docker/100000.100000`), so its parent is judged.
    ///
    /// ## Why it matters
    /// Images, layers, logs and volumes grow without bound. On the root filesystem, a container
    /// that fills them fills `/` and stops the host.
    ///
    /// ## Remediation
    /// Give the Docker root its own partition or logical volume and mount it there (an entry in
    /// `/etc/fstab`), or point `data-root` at a dedicated filesystem.
    pub static RULE = {
        id: "DH001",
        name: "docker-root-not-separate-partition",
        cis: ["1.1.1"],
        target: Host,
        severity: Low,
        stride: [DenialOfService],
        fix: None,
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    let mut dir = docker_root_dir(&ctx.facts.host, ctx.engine().ok());
    let remapped = ctx.engine().is_ok_and(|e| {
        e.info
            .security_options
            .iter()
            .any(|o| o.contains("name=userns"))
    });
    if remapped && let Some((parent, _)) = dir.rsplit_once('/') {
        dir = parent.to_string();
    }
    let object = ObjectRef::file(&dir);
    let mounts = match ctx.facts.host.mounts.known() {
        Some(m) => m,
        None => {
            return vec![Outcome::unknown(
                object,
                format!(
                    "the mount table could not be read: {}",
                    ctx.facts.host.mounts.reason().unwrap_or("unknown")
                ),
            )];
        }
    };
    let containing = containing_mount(mounts, &dir);
    let root_device = mounts
        .iter()
        .rev()
        .find(|m| m.mount_point == "/")
        .map(|m| m.device.clone());
    match containing {
        Some(m) if m.mount_point == dir => {
            if Some(&m.device) == root_device.as_ref() && m.mount_point != "/" {
                vec![Outcome::fail(
                    object,
                    "the Docker root is a mount point, but of the root filesystem's own device (a bind mount), not a separate partition",
                )
                .with(Evidence::new("mount", format!("{} from {} ({}{})", m.mount_point, m.source, m.device, if m.fs_root != "/" { format!(", subtree {}", m.fs_root) } else { String::new() })).expected("a device other than the root filesystem's"))]
            } else {
                vec![
                    Outcome::pass(object, "the Docker root is on its own filesystem").with(
                        Evidence::new(
                            "mount",
                            format!(
                                "{} from {} ({}, {})",
                                m.mount_point, m.source, m.fs_type, m.device
                            ),
                        ),
                    ),
                ]
            }
        }
        Some(m) => vec![
            Outcome::fail(
                object,
                format!(
                    "the Docker root is not a mount point; it lives on {}",
                    m.mount_point
                ),
            )
            .with(
                Evidence::new(
                    "containing mount",
                    format!("{} ({})", m.mount_point, m.device),
                )
                .expected(format!("{dir} mounted on its own")),
            ),
        ],
        None => vec![Outcome::unknown(
            object,
            "no mount in the mount table contains the Docker root",
        )],
    }
}

fn containing_mount<'a>(mounts: &'a [MountEntry], dir: &str) -> Option<&'a MountEntry> {
    // The last matching entry wins: later mounts shadow earlier ones at the same point.
    mounts
        .iter()
        .filter(|m| {
            m.mount_point == "/"
                || dir == m.mount_point
                || dir
                    .strip_prefix(&m.mount_point)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|m| m.mount_point.len())
}
