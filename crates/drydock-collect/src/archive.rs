//! Image archives — `docker save` tarballs (legacy and OCI), OCI layout directories, and the
//! stream the Engine API exports — read as streams, never extracted.
//!
//! Each layer is read once into a list of its entries; the manifest then orders the layers and
//! whiteouts are applied to find the final filesystem: setuid/setgid files and files holding
//! keys or credentials. Entries with absolute or `..` names are refused, layers that decompress
//! beyond a bound are cut off, and each refusal is reported with the archive's name.

use drydock_model::facts::{ArchivedImage, ImageArchiveFacts};
use drydock_model::secrets::redact_env;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// Most bytes one layer may decompress to.
pub const MAX_LAYER_BYTES: u64 = 16 * 1024 * 1024 * 1024;
/// Most entries one layer may hold.
pub const MAX_LAYER_ENTRIES: usize = 2_000_000;
/// Largest JSON document (manifest, config) kept.
const MAX_JSON_BYTES: u64 = 8 * 1024 * 1024;

/// What one layer holds.
#[derive(Debug, Default, Clone)]
struct Layer {
    /// Path → (mode, interesting content) for files; whiteouts separately.
    files: Vec<(String, u32, Option<&'static str>)>,
    /// Paths deleted by `.wh.` entries.
    deleted: Vec<String>,
    /// Directories made opaque by `.wh..wh..opq`.
    opaque: Vec<String>,
    /// The text of the files that say what is installed (os-release, package databases).
    inventory: Vec<(String, String)>,
    /// Why the layer was not read whole, when it was not.
    problem: Option<String>,
}

/// Past this much output, a stream that expands more than [`MAX_EXPANSION`]-fold is refused.
const EXPANSION_CHECKED_AFTER: u64 = 1 << 30;
/// Most a compressed stream may expand past [`EXPANSION_CHECKED_AFTER`]: real layers compress a
/// a few times (very repetitive text a few hundred), a compression bomb of zeros about a
/// thousand.
const MAX_EXPANSION: u64 = 500;

/// Counts the bytes read from a stream, for the expansion check of what decompresses it.
struct Counted<R> {
    inner: R,
    count: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Counts bytes and fails past a bound, or past an expansion ratio of the compressed bytes
/// read (a decompression bomb stops here, in bounded time as well as memory).
struct Bounded<R> {
    inner: R,
    read: u64,
    limit: u64,
    /// Bytes read from the compressed stream, when there is one.
    compressed: Option<std::rc::Rc<std::cell::Cell<u64>>>,
    /// Output after which the expansion is checked.
    check_after: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(io::Error::other(format!(
                "decompresses to more than {} GiB; refused",
                self.limit >> 30
            )));
        }
        if let Some(compressed) = &self.compressed
            && self.read > self.check_after
            && self.read > compressed.get().saturating_mul(MAX_EXPANSION)
        {
            return Err(io::Error::other(format!(
                "expands more than {MAX_EXPANSION}-fold past {} MiB (a compression bomb); refused",
                self.check_after >> 20
            )));
        }
        Ok(n)
    }
}

impl<'a> Bounded<Box<dyn Read + 'a>> {
    /// A stream, decompressed when it starts with the gzip magic, cut off past `limit` bytes of
    /// output or past the expansion a compression bomb shows.
    fn over<R: BufRead + 'a>(mut buffered: R, limit: u64) -> Self {
        let gz = buffered
            .fill_buf()
            .map(|b| b.starts_with(&[0x1f, 0x8b]))
            .unwrap_or(false);
        let (inner, compressed): (Box<dyn Read + 'a>, _) = if gz {
            let count = std::rc::Rc::new(std::cell::Cell::new(0));
            let counted = Counted {
                inner: buffered,
                count: count.clone(),
            };
            (
                Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(counted))),
                Some(count),
            )
        } else {
            (Box::new(buffered), None)
        };
        Bounded {
            inner,
            read: 0,
            limit,
            compressed,
            check_after: EXPANSION_CHECKED_AFTER,
        }
    }
}

/// Normalises a tar entry name; `None` for absolute names or names that climb with `..`.
fn clean_name(name: &str) -> Option<String> {
    if name.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn secret_content(head: &[u8]) -> Option<&'static str> {
    let text = String::from_utf8_lossy(head);
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    if text.contains("aws_secret_access_key") {
        return Some("AWS credentials");
    }
    if text.contains("\"auths\"") && text.contains("\"auth\"") {
        return Some("registry credentials");
    }
    None
}

/// Reads one layer stream (plain or gzip tar).
fn read_layer<R: Read>(reader: R, name: &str, problems: &mut Vec<String>) -> Layer {
    let known = problems.len();
    let mut layer = read_layer_bounded(reader, name, problems, MAX_LAYER_BYTES);
    if problems.len() > known {
        layer.problem = Some(problems[known..].join("; "));
    }
    layer
}

fn read_layer_bounded<R: Read>(
    reader: R,
    name: &str,
    problems: &mut Vec<String>,
    limit: u64,
) -> Layer {
    let mut buffered = BufReader::new(reader);
    let zstd = buffered
        .fill_buf()
        .map(|b| b.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]))
        .unwrap_or(false);
    if zstd {
        problems.push(format!("layer {name} is zstd-compressed, which drydock does not read yet; its files were not checked"));
        return Layer::default();
    }
    let mut archive = tar::Archive::new(Bounded::over(buffered, limit));
    let mut layer = Layer::default();
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            problems.push(format!("layer {name}: {e}"));
            return layer;
        }
    };
    for (count, entry) in entries.enumerate() {
        if count >= MAX_LAYER_ENTRIES {
            problems.push(format!(
                "layer {name} has more than {MAX_LAYER_ENTRIES} entries; the rest was not read"
            ));
            break;
        }
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!(
                    "layer {name}: {e}; the rest of the layer was not read"
                ));
                break;
            }
        };
        let raw = entry
            .path()
            .map(|p| p.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(path) = clean_name(&raw) else {
            problems.push(format!(
                "layer {name}: entry `{raw}` has an absolute or `..` path; refused"
            ));
            continue;
        };
        let (dir, base) = match path.rsplit_once('/') {
            Some((d, b)) => (d.to_string(), b.to_string()),
            None => (String::new(), path.clone()),
        };
        if base == ".wh..wh..opq" {
            layer.opaque.push(dir);
            continue;
        }
        if let Some(target) = base.strip_prefix(".wh.") {
            layer.deleted.push(if dir.is_empty() {
                target.to_string()
            } else {
                format!("{dir}/{target}")
            });
            continue;
        }
        let header = entry.header();
        let kind = header.entry_type();
        if !(kind.is_file() || kind.is_hard_link()) {
            continue;
        }
        let mode = header.mode().unwrap_or(0) & 0o7777;
        let size = header.size().unwrap_or(0);
        if kind.is_file() && is_inventory(&path) {
            if size > MAX_INVENTORY_BYTES {
                problems.push(format!(
                    "layer {name}: {path} is larger than {} MiB; the packages it lists were not read",
                    MAX_INVENTORY_BYTES >> 20
                ));
            } else {
                let mut text = String::new();
                if entry.read_to_string(&mut text).is_ok() {
                    layer.inventory.push((path.clone(), text));
                }
            }
        }
        let mut found = drydock_model::secrets::secret_file_kind(&path);
        if found.is_none() && kind.is_file() && size > 0 && size <= 64 * 1024 {
            let mut head = [0u8; 512];
            let n = entry.read(&mut head).unwrap_or(0);
            found = secret_content(&head[..n]);
        }
        layer.files.push((path, mode, found));
    }
    layer
}

/// Largest package database read (Debian's status file of a large image is a few MiB).
const MAX_INVENTORY_BYTES: u64 = 64 * 1024 * 1024;

/// Files that say what an image holds: its release and its package databases.
fn is_inventory(path: &str) -> bool {
    matches!(
        path,
        "etc/os-release"
            | "usr/lib/os-release"
            | "var/lib/dpkg/status"
            | "lib/apk/db/installed"
            | "var/lib/rpm/Packages"
            | "var/lib/rpm/rpmdb.sqlite"
            | "usr/lib/sysimage/rpm/rpmdb.sqlite"
    ) || path.starts_with("var/lib/dpkg/status.d/")
}

/// The inventory files of the final filesystem, layers applied in order with their whiteouts.
fn flatten_inventory(layers: &[&Layer]) -> BTreeMap<String, String> {
    let mut fs: BTreeMap<String, String> = BTreeMap::new();
    for layer in layers {
        for dir in &layer.opaque {
            let prefix = format!("{dir}/");
            fs.retain(|p, _| !p.starts_with(&prefix));
        }
        for gone in &layer.deleted {
            let prefix = format!("{gone}/");
            fs.retain(|p, _| p != gone && !p.starts_with(&prefix));
        }
        for (path, text) in &layer.inventory {
            fs.insert(path.clone(), text.clone());
        }
    }
    fs
}

/// What the inventory files say: the release, the packages, the databases not read.
fn inventory_of(
    files: &BTreeMap<String, String>,
) -> (
    Option<drydock_model::facts::OsFacts>,
    Vec<drydock_model::facts::PackageFacts>,
    Vec<String>,
) {
    use drydock_parse::packages::{parse_apk_installed, parse_dpkg_status, parse_os_release};
    let os = files
        .get("etc/os-release")
        .or_else(|| files.get("usr/lib/os-release"))
        .map(|text| parse_os_release(text))
        .filter(|os| !os.id.is_empty())
        .map(|os| drydock_model::facts::OsFacts {
            id: os.id,
            version_id: os.version_id,
            codename: os.codename,
            pretty_name: os.pretty_name,
        });
    let mut packages = Vec::new();
    let to_facts =
        |manager: &str, p: drydock_parse::packages::Package| drydock_model::facts::PackageFacts {
            manager: manager.to_string(),
            name: p.name,
            version: p.version,
            source: p.source,
            source_version: p.source_version,
            arch: p.arch,
        };
    for (path, text) in files {
        if path == "var/lib/dpkg/status" || path.starts_with("var/lib/dpkg/status.d/") {
            packages.extend(
                parse_dpkg_status(text)
                    .into_iter()
                    .map(|p| to_facts("deb", p)),
            );
        } else if path == "lib/apk/db/installed" {
            packages.extend(
                parse_apk_installed(text)
                    .into_iter()
                    .map(|p| to_facts("apk", p)),
            );
        }
    }
    packages.sort_by(|a, b| a.name.cmp(&b.name).then(a.version.cmp(&b.version)));
    packages.dedup();
    let unread = files
        .keys()
        .filter(|p| p.contains("rpm"))
        .map(|p| format!("/{p}: RPM databases are not read yet; the packages it lists are unknown"))
        .collect();
    (os, packages, unread)
}

/// The final filesystem of ordered layers: path → (mode, secret kind).
fn flatten(layers: &[&Layer]) -> BTreeMap<String, (u32, Option<&'static str>)> {
    let mut fs: BTreeMap<String, (u32, Option<&'static str>)> = BTreeMap::new();
    for layer in layers {
        for dir in &layer.opaque {
            let prefix = format!("{dir}/");
            fs.retain(|p, _| !p.starts_with(&prefix));
        }
        for gone in &layer.deleted {
            let prefix = format!("{gone}/");
            fs.retain(|p, _| p != gone && !p.starts_with(&prefix));
        }
        for (path, mode, secret) in &layer.files {
            fs.insert(path.clone(), (*mode, *secret));
        }
    }
    fs
}

/// An image from its config and its layers as the manifest lists them (`None`: not in the
/// archive).
fn image_from(config: &Value, name: String, listed: &[(&str, Option<&Layer>)]) -> ArchivedImage {
    let layers: Vec<&Layer> = listed.iter().filter_map(|(_, l)| *l).collect();
    let layers = layers.as_slice();
    let unread_layers = listed
        .iter()
        .filter_map(|(name, layer)| match layer {
            None => Some(format!("{name}: not in the archive")),
            Some(l) => l.problem.clone(),
        })
        .collect();
    let c = config.get("config").unwrap_or(&Value::Null);
    let strings = |v: Option<&Value>| -> Vec<String> {
        v.and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let fs = flatten(layers);
    let (os, packages, packages_unread) = inventory_of(&flatten_inventory(layers));
    ArchivedImage {
        os,
        packages,
        packages_unread,
        vulnerabilities: None,
        name,
        user: c
            .get("User")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        healthcheck: c
            .get("Healthcheck")
            .and_then(|h| h.get("Test"))
            .map(|t| strings(Some(t))),
        env: strings(c.get("Env"))
            .iter()
            .map(|e| redact_env(e))
            .collect(),
        exposed_ports: c
            .get("ExposedPorts")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
        setuid_files: fs
            .iter()
            .filter(|(_, (m, _))| m & 0o6000 != 0)
            .map(|(p, (m, _))| (format!("/{p}"), *m))
            .collect(),
        secret_files: fs
            .iter()
            .filter_map(|(p, (_, s))| s.map(|s| (format!("/{p}"), s.to_string())))
            .collect(),
        layers: layers.len(),
        unread_layers,
    }
}

/// Reads an archive file or an OCI layout directory.
pub fn read_archive(path: &Path) -> ImageArchiveFacts {
    let shown = path.to_string_lossy().trim_start_matches("./").to_string();
    if path.is_dir() {
        return read_oci_dir(path, shown);
    }
    match crate::root::open_regular(path) {
        Ok(f) => read_stream(f, shown),
        Err(e) => ImageArchiveFacts {
            path: shown,
            images: Vec::new(),
            problems: vec![crate::root::describe(&e)],
        },
    }
}

/// Reads a `docker save` (or OCI) tar stream.
pub fn read_stream<R: Read>(reader: R, shown: String) -> ImageArchiveFacts {
    let mut problems = Vec::new();
    let mut archive = tar::Archive::new(Bounded::over(BufReader::new(reader), MAX_LAYER_BYTES * 4));
    let mut json: HashMap<String, Value> = HashMap::new();
    let mut layers: HashMap<String, Layer> = HashMap::new();
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            return ImageArchiveFacts {
                path: shown,
                images: Vec::new(),
                problems: vec![format!("not a tar archive: {e}")],
            };
        }
    };
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("{e}; the rest of the archive was not read"));
                break;
            }
        };
        let raw = entry
            .path()
            .map(|p| p.to_string_lossy().to_string())
            .unwrap_or_default();
        let Some(name) = clean_name(&raw) else {
            problems.push(format!(
                "entry `{raw}` has an absolute or `..` path; refused"
            ));
            continue;
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let size = entry.header().size().unwrap_or(0);
        let looks_json = name.ends_with(".json") || name == "oci-layout";
        let is_blob = name.starts_with("blobs/");
        if looks_json || (is_blob && size <= MAX_JSON_BYTES) {
            // Small blobs may be configs or manifests: peek before deciding.
            let mut buf = Vec::new();
            if (&mut entry)
                .take(MAX_JSON_BYTES + 1)
                .read_to_end(&mut buf)
                .is_err()
            {
                continue;
            }
            if buf.first() == Some(&b'{') || buf.first() == Some(&b'[') {
                if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                    json.insert(name, v);
                }
                continue;
            }
            let layer = read_layer(io::Cursor::new(buf), &name, &mut problems);
            layers.insert(name, layer);
            continue;
        }
        if name.ends_with(".tar")
            || name.ends_with("layer.tar")
            || is_blob
            || name.ends_with(".tar.gz")
        {
            let layer = read_layer(&mut entry, &name, &mut problems);
            layers.insert(name, layer);
        }
    }
    let mut images = Vec::new();
    if let Some(manifest) = json.get("manifest.json").and_then(Value::as_array) {
        for m in manifest {
            let config_name = m.get("Config").and_then(Value::as_str).unwrap_or("");
            let config = json.get(config_name).cloned().unwrap_or(Value::Null);
            let names: Vec<String> = m
                .get("RepoTags")
                .and_then(Value::as_array)
                .map(|t| {
                    t.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let order: Vec<(&str, Option<&Layer>)> = m
                .get("Layers")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|n| n.as_str())
                        .map(|n| (n, layers.get(n)))
                        .collect()
                })
                .unwrap_or_default();
            let name = names
                .first()
                .cloned()
                .unwrap_or_else(|| config_name.to_string());
            images.push(image_from(&config, name, &order));
        }
    } else if let Some(index) = json.get("index.json") {
        let blob = |digest: &str| json.get(&format!("blobs/{}", digest.replace(':', "/")));
        for (name, manifest) in oci_manifests(index, &|d| blob(d).cloned()) {
            let config = manifest
                .get("config")
                .and_then(|c| c.get("digest"))
                .and_then(Value::as_str)
                .and_then(blob)
                .cloned()
                .unwrap_or(Value::Null);
            let order: Vec<(&str, Option<&Layer>)> = manifest
                .get("layers")
                .and_then(Value::as_array)
                .map(|l| {
                    l.iter()
                        .filter_map(|d| d.get("digest").and_then(Value::as_str))
                        .map(|d| (d, layers.get(&format!("blobs/{}", d.replace(':', "/")))))
                        .collect()
                })
                .unwrap_or_default();
            images.push(image_from(&config, name, &order));
        }
    } else if !json.is_empty() || !layers.is_empty() {
        problems.push("no manifest.json or index.json: not an image archive".into());
    }
    ImageArchiveFacts {
        path: shown,
        images,
        problems,
    }
}

/// Image manifests reachable from an OCI index (nested indexes followed), with their names.
fn oci_manifests(index: &Value, blob: &dyn Fn(&str) -> Option<Value>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for m in index
        .get("manifests")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let digest = m.get("digest").and_then(Value::as_str).unwrap_or("");
        let name = m
            .get("annotations")
            .and_then(|a| {
                a.get("io.containerd.image.name")
                    .or_else(|| a.get("org.opencontainers.image.ref.name"))
            })
            .and_then(Value::as_str)
            .unwrap_or(digest)
            .to_string();
        let Some(doc) = blob(digest) else { continue };
        if doc.get("manifests").is_some() {
            for (n, inner) in oci_manifests(&doc, blob) {
                out.push((
                    if n.starts_with("sha256:") {
                        name.clone()
                    } else {
                        n
                    },
                    inner,
                ));
            }
        } else if doc.get("layers").is_some() {
            out.push((name, doc));
        }
    }
    out
}

fn read_oci_dir(dir: &Path, shown: String) -> ImageArchiveFacts {
    let mut problems = Vec::new();
    let read_json = |p: &Path| -> Option<Value> {
        let f = crate::root::open_regular(p).ok()?;
        serde_json::from_reader(f.take(MAX_JSON_BYTES)).ok()
    };
    let blob_path = |digest: &str| dir.join("blobs").join(digest.replace(':', "/"));
    let Some(index) = read_json(&dir.join("index.json")) else {
        return ImageArchiveFacts {
            path: shown,
            images: Vec::new(),
            problems: vec!["index.json is missing or not JSON".into()],
        };
    };
    let mut images = Vec::new();
    for (name, manifest) in oci_manifests(&index, &|d| read_json(&blob_path(d))) {
        let config = manifest
            .get("config")
            .and_then(|c| c.get("digest"))
            .and_then(Value::as_str)
            .and_then(|d| read_json(&blob_path(d)))
            .unwrap_or(Value::Null);
        let mut layers: Vec<(&str, Option<Layer>)> = Vec::new();
        for d in manifest
            .get("layers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|l| l.get("digest").and_then(Value::as_str))
        {
            match crate::root::open_regular(&blob_path(d)) {
                Ok(f) => layers.push((d, Some(read_layer(f, d, &mut problems)))),
                Err(e) => {
                    problems.push(format!("layer {d}: {}", crate::root::describe(&e)));
                    layers.push((d, None));
                }
            }
        }
        let order: Vec<(&str, Option<&Layer>)> =
            layers.iter().map(|(d, l)| (*d, l.as_ref())).collect();
        images.push(image_from(&config, name, &order));
    }
    ImageArchiveFacts {
        path: shown,
        images,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tar_of(entries: &[(&str, u32, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, mode, data) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(*mode);
            h.set_entry_type(tar::EntryType::Regular);
            h.set_cksum();
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn whiteouts_setuid_and_keys_across_layers() {
        let l1 = tar_of(&[
            ("usr/bin/su", 0o4755, b"x"),
            ("etc/key.pem", 0o600, b"-----BEGIN RSA PRIVATE KEY-----\n"),
            ("opt/tool", 0o6755, b"x"),
        ]);
        let l2 = tar_of(&[
            ("usr/bin/.wh.su", 0o644, b""),
            ("root/.ssh/id_rsa", 0o600, b"k"),
        ]);
        let config =
            br#"{"config":{"User":"","Env":["API_TOKEN=abc"],"ExposedPorts":{"22/tcp":{}}}}"#;
        let manifest = br#"[{"Config":"c.json","RepoTags":["app:1"],"Layers":["l1/layer.tar","l2/layer.tar"]}]"#;
        let outer = tar_of(&[
            ("l1/layer.tar", 0o644, &l1),
            ("l2/layer.tar", 0o644, &l2),
            ("c.json", 0o644, config),
            ("manifest.json", 0o644, manifest),
        ]);
        let facts = read_stream(io::Cursor::new(outer), "app.tar".into());
        assert!(facts.problems.is_empty(), "{:?}", facts.problems);
        let image = &facts.images[0];
        assert_eq!(image.name, "app:1");
        assert_eq!(image.setuid_files, vec![("/opt/tool".to_string(), 0o6755)]);
        let secrets: Vec<&str> = image.secret_files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(secrets, ["/etc/key.pem", "/root/.ssh/id_rsa"]);
        assert_eq!(image.env, vec!["API_TOKEN=<redacted:3-chars>"]);
        assert_eq!(image.exposed_ports, vec!["22/tcp"]);
    }

    #[test]
    fn a_compression_bomb_is_cut_off_with_a_message() {
        use std::io::Write as _;
        // 64 MiB of zeros in a tar, gzipped to a few dozen KiB, read with a 1 MiB bound.
        let tar = tar_of(&[("big", 0o644, &vec![0u8; 64 << 20])]);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&tar).unwrap();
        let packed = gz.finish().unwrap();
        assert!(packed.len() < 1 << 20);
        let mut problems = Vec::new();
        read_layer_bounded(io::Cursor::new(packed), "bomb", &mut problems, 1 << 20);
        assert!(
            problems.iter().any(|p| p.contains("refused")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_stream_that_expands_a_thousandfold_is_refused_early() {
        use std::io::Write as _;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![0u8; 16 << 20]).unwrap();
        let packed = gz.finish().unwrap();
        let mut bounded = Bounded::over(BufReader::new(io::Cursor::new(packed)), u64::MAX);
        assert!(
            bounded.compressed.is_some(),
            "gzip is recognised by its magic"
        );
        bounded.check_after = 1 << 20;
        let err = io::copy(&mut bounded, &mut io::sink()).unwrap_err();
        assert!(err.to_string().contains("compression bomb"), "{err}");
        assert!(
            bounded.read < 4 << 20,
            "stopped soon after the check: {}",
            bounded.read
        );
        // An ordinary compressed stream goes through.
        let text: Vec<u8> = (0..400_000u32)
            .flat_map(|i| format!("line {i} of a layer\n").into_bytes())
            .collect();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&text).unwrap();
        let mut bounded = Bounded::over(
            BufReader::new(io::Cursor::new(gz.finish().unwrap())),
            u64::MAX,
        );
        bounded.check_after = 1 << 20;
        assert_eq!(
            io::copy(&mut bounded, &mut io::sink()).unwrap(),
            text.len() as u64
        );
    }

    #[test]
    fn traversal_names_are_refused() {
        assert_eq!(clean_name("../etc/passwd"), None);
        assert_eq!(clean_name("/etc/passwd"), None);
        assert_eq!(clean_name("./a//b"), Some("a/b".into()));
    }

    #[test]
    fn garbage_is_reported_not_trusted() {
        let facts = read_stream(
            io::Cursor::new(b"definitely not a tar archive, just text".repeat(20)),
            "x.tar".into(),
        );
        assert!(facts.images.is_empty());
    }
}
