//! Reading host files under an audited root (`/`, or `--root DIR` for a mounted or copied host).
//!
//! Paths are resolved component by component as the kernel would inside a chroot: an absolute
//! symlink target starts again at the audited root, `..` stops at it, and so no symlink ever
//! leads out of it. Every read is capped so a huge or endless file cannot exhaust memory.

use drydock_model::facts::{FileKind, FileProbe, FileStat};
use std::collections::{HashMap, VecDeque};
use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Largest configuration file drydock reads.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Most symlinks followed while resolving one path (Linux's own limit).
const MAX_SYMLINKS: usize = 40;

/// A host path resolved inside the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Where to find it on this machine.
    pub real: PathBuf,
    /// The host path it stands for after following symlinks.
    pub host_path: String,
}

/// The audited filesystem root, with the user and group names found under it.
#[derive(Debug, Clone)]
pub struct HostRoot {
    root: PathBuf,
    users: HashMap<u32, String>,
    groups: HashMap<u32, String>,
}

impl HostRoot {
    /// A root at `dir`; reads its `/etc/passwd` and `/etc/group` for names.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        let mut root = HostRoot {
            root: dir.into(),
            users: HashMap::new(),
            groups: HashMap::new(),
        };
        root.users = root.id_names("/etc/passwd");
        root.groups = root.id_names("/etc/group");
        root
    }

    /// The root directory on this machine.
    pub fn dir(&self) -> &Path {
        &self.root
    }

    /// Whether this is the live host's own root.
    pub fn is_live(&self) -> bool {
        self.root == Path::new("/")
    }

    fn id_names(&self, path: &str) -> HashMap<u32, String> {
        let Ok(text) = self.read_to_string(path) else {
            return HashMap::new();
        };
        text.lines()
            .filter_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                let id = fields.nth(1)?.parse().ok()?;
                Some((id, name.to_string()))
            })
            .collect()
    }

    /// Resolves a host path inside the root, following symlinks without leaving it.
    pub fn resolve(&self, host_path: &str) -> io::Result<Resolved> {
        let mut done: Vec<String> = Vec::new();
        let mut todo: VecDeque<String> = components(host_path).collect();
        let mut followed = 0;
        while let Some(part) = todo.pop_front() {
            match part.as_str() {
                "." => continue,
                ".." => {
                    done.pop();
                    continue;
                }
                _ => {}
            }
            let candidate = self.real_of(&done, Some(&part));
            let meta = match fs::symlink_metadata(&candidate) {
                Ok(meta) => meta,
                Err(e) if e.kind() == io::ErrorKind::NotFound && todo.is_empty() => {
                    done.push(part);
                    return Err(io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("{} does not exist", join_host(&done)),
                    ));
                }
                Err(e) => return Err(e),
            };
            if meta.file_type().is_symlink() {
                followed += 1;
                if followed > MAX_SYMLINKS {
                    return Err(io::Error::other(format!(
                        "too many levels of symbolic links resolving {host_path}"
                    )));
                }
                let target = fs::read_link(&candidate)?;
                let target = target.to_string_lossy().to_string();
                if target.starts_with('/') {
                    done.clear();
                }
                for (i, c) in components(&target).enumerate() {
                    todo.insert(i, c);
                }
            } else {
                done.push(part);
            }
        }
        Ok(Resolved {
            real: self.real_of(&done, None),
            host_path: join_host(&done),
        })
    }

    fn real_of(&self, done: &[String], next: Option<&str>) -> PathBuf {
        let mut path = self.root.clone();
        for c in done.iter().map(String::as_str).chain(next) {
            path.push(c);
        }
        path
    }

    /// Reads a host file as text, refusing files over [`MAX_FILE_BYTES`].
    pub fn read_to_string(&self, host_path: &str) -> io::Result<String> {
        let resolved = self.resolve(host_path)?;
        let file = open_regular(&resolved.real).map_err(|e| {
            if e.kind() == io::ErrorKind::InvalidInput {
                io::Error::other(format!("{host_path} is not a regular file"))
            } else {
                e
            }
        })?;
        let mut buf = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf)?;
        if buf.len() as u64 > MAX_FILE_BYTES {
            return Err(io::Error::other(format!(
                "{host_path} is larger than {} MiB",
                MAX_FILE_BYTES / 1024 / 1024
            )));
        }
        String::from_utf8(buf)
            .map_err(|_| io::Error::other(format!("{host_path} is not valid UTF-8 text")))
    }

    /// Lists the entries of a host directory (names only).
    pub fn read_dir(&self, host_path: &str) -> io::Result<Vec<String>> {
        let resolved = self.resolve(host_path)?;
        let mut names: Vec<String> = fs::read_dir(&resolved.real)?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        Ok(names)
    }

    /// Whether a host path exists (after resolution).
    pub fn exists(&self, host_path: &str) -> bool {
        self.resolve(host_path)
            .is_ok_and(|r| r.real.symlink_metadata().is_ok())
    }

    /// Ownership, mode and kind of a host path, with symlinks followed inside the root.
    pub fn stat(&self, host_path: &str) -> FileProbe {
        let resolved = match self.resolve(host_path) {
            Ok(r) => r,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return FileProbe::Absent,
            Err(e) => {
                return FileProbe::Unreadable {
                    reason: describe(&e),
                };
            }
        };
        match fs::symlink_metadata(&resolved.real) {
            Ok(meta) => {
                let ft = meta.file_type();
                let kind = if ft.is_dir() {
                    FileKind::Directory
                } else if ft.is_file() {
                    FileKind::File
                } else if ft.is_socket() {
                    FileKind::Socket
                } else if ft.is_symlink() {
                    FileKind::Symlink
                } else {
                    FileKind::Other
                };
                FileProbe::Present(FileStat {
                    kind,
                    mode: meta.mode() & 0o7777,
                    uid: meta.uid(),
                    gid: meta.gid(),
                    user: self.users.get(&meta.uid()).cloned(),
                    group: self.groups.get(&meta.gid()).cloned(),
                    resolved: (resolved.host_path != normalise(host_path))
                        .then(|| resolved.host_path.clone()),
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => FileProbe::Absent,
            Err(e) => FileProbe::Unreadable {
                reason: describe(&e),
            },
        }
    }
}

/// A short, human reason for an I/O error.
pub fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::NotFound => "not found".to_string(),
        _ => e.to_string(),
    }
}

fn components(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split('/')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

fn join_host(parts: &[String]) -> String {
    format!("/{}", parts.join("/"))
}

fn normalise(path: &str) -> String {
    join_host(&components(path).collect::<Vec<_>>())
}

/// Opens a file for reading without ever waiting on it: the file is opened non-blocking (a
/// FIFO with no writer would otherwise block the open forever) and refused, with
/// `ErrorKind::InvalidInput`, unless it is a regular file. Reads from a regular file are not
/// affected by the flag.
pub fn open_regular(path: &std::path::Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, socket or device is never read)",
        ));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn absolute_symlinks_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("etc/docker")).unwrap();
        fs::create_dir_all(root.join("srv")).unwrap();
        fs::write(root.join("srv/real.json"), "{}").unwrap();
        symlink("/srv/real.json", root.join("etc/docker/daemon.json")).unwrap();
        // A link that tries to climb out ends at the root, not above it.
        symlink("../../../../../etc/passwd", root.join("etc/docker/escape")).unwrap();
        let host = HostRoot::new(root);
        let r = host.resolve("/etc/docker/daemon.json").unwrap();
        assert_eq!(r.host_path, "/srv/real.json");
        assert_eq!(r.real, root.join("srv/real.json"));
        assert!(host.read_to_string("/etc/docker/escape").is_err());
        assert!(matches!(host.stat("/etc/docker/escape"), FileProbe::Absent));
    }

    #[test]
    fn symlink_loops_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        symlink("/b", dir.path().join("a")).unwrap();
        symlink("/a", dir.path().join("b")).unwrap();
        let host = HostRoot::new(dir.path());
        match host.stat("/a") {
            FileProbe::Unreadable { reason } => assert!(reason.contains("too many levels")),
            other => panic!("{other:?}"),
        }
    }
}
