//! What an image says is installed: `/etc/os-release`, Debian's `var/lib/dpkg/status` (and
//! `status.d/` in distroless images), Alpine's `lib/apk/db/installed`; and the version orders
//! those package managers use, to tell whether an installed version is below a fixed one.

use std::cmp::Ordering;

/// An installed package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// Binary package name.
    pub name: String,
    /// Installed version, as the package manager writes it.
    pub version: String,
    /// The source package it was built from (Debian), when it differs from the name.
    pub source: Option<String>,
    /// The source package's version, when it differs from the binary's (a binNMU, or a
    /// `Source: name (version)` field). Advisories name source packages and their versions.
    pub source_version: Option<String>,
    /// Architecture.
    pub arch: Option<String>,
}

/// The distribution, from `os-release`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OsRelease {
    /// `ID` (`debian`, `ubuntu`, `alpine`).
    pub id: String,
    /// `VERSION_ID` (`12`, `22.04`, `3.19.1`).
    pub version_id: String,
    /// `VERSION_CODENAME` (`bookworm`).
    pub codename: Option<String>,
    /// `PRETTY_NAME`.
    pub pretty_name: Option<String>,
}

/// Reads an `os-release` file: `KEY=value` lines, values quoted or not.
pub fn parse_os_release(text: &str) -> OsRelease {
    let mut os = OsRelease::default();
    for line in text.lines() {
        let Some((key, value)) = line.trim().split_once('=') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).to_string();
        match key.trim() {
            "ID" => os.id = value,
            "VERSION_ID" => os.version_id = value,
            "VERSION_CODENAME" => os.codename = Some(value),
            "PRETTY_NAME" => os.pretty_name = Some(value),
            _ => {}
        }
    }
    os
}

/// Reads a dpkg status file (or one `status.d/` entry): the packages whose `Status` says they
/// are installed (distroless entries have no `Status`: they are).
pub fn parse_dpkg_status(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    for stanza in text.split("\n\n") {
        let (mut name, mut version, mut source, mut arch, mut status) =
            (None, None, None, None, None);
        let mut source_version: Option<String> = None;
        for line in stanza.lines() {
            // Continuation lines (descriptions) start with a space.
            if line.starts_with([' ', '\t']) {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key {
                "Package" => name = Some(value.to_string()),
                "Version" => version = Some(value.to_string()),
                // `Source: name (version)` when the source version differs.
                "Source" => {
                    let mut words = value.split_whitespace();
                    source = words.next().map(str::to_string);
                    source_version = words
                        .next()
                        .and_then(|v| v.strip_prefix('('))
                        .and_then(|v| v.strip_suffix(')'))
                        .map(str::to_string);
                }
                "Architecture" => arch = Some(value.to_string()),
                "Status" => status = Some(value.to_string()),
                _ => {}
            }
        }
        let installed = status
            .as_deref()
            .is_none_or(|s| s.split_whitespace().last() == Some("installed"));
        if let (Some(name), Some(version), true) = (name, version, installed) {
            out.push(Package {
                source: source.filter(|s| *s != name),
                source_version: source_version.filter(|v| *v != version),
                name,
                version,
                arch,
            });
        }
    }
    out
}

/// Reads Alpine's installed database: `P:` name, `V:` version, `A:` architecture, `o:` origin,
/// one package per blank-line-separated block.
pub fn parse_apk_installed(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let (mut name, mut version, mut origin, mut arch) = (None, None, None, None);
        for line in block.lines() {
            match line.split_at_checked(2) {
                Some(("P:", v)) => name = Some(v.to_string()),
                Some(("V:", v)) => version = Some(v.to_string()),
                Some(("o:", v)) => origin = Some(v.to_string()),
                Some(("A:", v)) => arch = Some(v.to_string()),
                _ => {}
            }
        }
        if let (Some(name), Some(version)) = (name, version) {
            out.push(Package {
                source: origin.filter(|o| *o != name),
                source_version: None,
                name,
                version,
                arch,
            });
        }
    }
    out
}

/// dpkg's order of a character in the non-digit parts of a version: `~` before everything,
/// even the end; then the end and digits; then letters; then everything else.
fn dpkg_order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(b'~') => -1,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's comparison of one part (upstream version or revision).
fn dpkg_part(a: &[u8], b: &[u8]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        // The non-digit prefixes, character by character.
        while (i < a.len() && !a[i].is_ascii_digit()) || (j < b.len() && !b[j].is_ascii_digit()) {
            let x = dpkg_order(a.get(i).copied().filter(|c| !c.is_ascii_digit()));
            let y = dpkg_order(b.get(j).copied().filter(|c| !c.is_ascii_digit()));
            if x != y {
                return x.cmp(&y);
            }
            if i < a.len() && !a[i].is_ascii_digit() {
                i += 1;
            }
            if j < b.len() && !b[j].is_ascii_digit() {
                j += 1;
            }
        }
        // Then the digit runs, as numbers (leading zeros do not count).
        while i < a.len() && a[i] == b'0' {
            i += 1;
        }
        while j < b.len() && b[j] == b'0' {
            j += 1;
        }
        let start = (i, j);
        while i < a.len() && a[i].is_ascii_digit() {
            i += 1;
        }
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let (x, y) = (&a[start.0..i], &b[start.1..j]);
        let by_length = x.len().cmp(&y.len());
        if by_length != Ordering::Equal {
            return by_length;
        }
        let by_digits = x.cmp(y);
        if by_digits != Ordering::Equal {
            return by_digits;
        }
    }
    Ordering::Equal
}

/// `[epoch:]upstream[-revision]`.
fn dpkg_split(v: &str) -> (u64, &str, &str) {
    let v = v.trim();
    let (epoch, rest) = match v.split_once(':') {
        Some((e, rest)) if e.chars().all(|c| c.is_ascii_digit()) && !e.is_empty() => {
            (e.parse().unwrap_or(u64::MAX), rest)
        }
        _ => (0, v),
    };
    match rest.rsplit_once('-') {
        Some((upstream, revision)) => (epoch, upstream, revision),
        None => (epoch, rest, ""),
    }
}

/// Debian's version order, as `dpkg --compare-versions` has it.
pub fn dpkg_compare(a: &str, b: &str) -> Ordering {
    let (ea, ua, ra) = dpkg_split(a);
    let (eb, ub, rb) = dpkg_split(b);
    ea.cmp(&eb)
        .then_with(|| dpkg_part(ua.as_bytes(), ub.as_bytes()))
        .then_with(|| dpkg_part(ra.as_bytes(), rb.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dpkg_order_by_hand() {
        use Ordering::*;
        for (a, b, want) in [
            ("1.0", "1.0", Equal),
            ("1.0~rc1", "1.0", Less),
            ("1.0", "1.0+b1", Less),
            ("1:0.9", "2.0", Greater),
            ("2.30-1", "2.30-1+deb12u1", Less),
            ("1.2.10", "1.2.9", Greater),
            ("1.01", "1.1", Equal),
            ("1.0a", "1.0", Greater),
            ("1.0-1", "1.0", Greater),
            ("7.88.1-10+deb12u5", "7.88.1-10+deb12u12", Less),
        ] {
            assert_eq!(dpkg_compare(a, b), want, "{a} vs {b}");
        }
    }

    #[test]
    fn status_files_and_os_release_are_read() {
        let status = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u4\nDescription: GNU C Library\n continued\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\nPackage: curl\nStatus: install ok installed\nSource: curl (7.88.1-10)\nVersion: 7.88.1-10+deb12u5\n";
        let packages = parse_dpkg_status(status);
        assert_eq!(packages.len(), 2, "{packages:?}");
        assert_eq!(packages[0].source.as_deref(), Some("glibc"));
        assert_eq!(
            packages[1].source, None,
            "a source named as the package is no source"
        );
        let apk = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:busybox-binsh\nV:1.36.1-r15\no:busybox\n";
        let packages = parse_apk_installed(apk);
        assert_eq!(packages.len(), 2);
        assert_eq!(packages[1].source.as_deref(), Some("busybox"));
        let os = parse_os_release(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n",
        );
        assert_eq!((os.id.as_str(), os.version_id.as_str()), ("debian", "12"));
        assert_eq!(os.codename.as_deref(), Some("bookworm"));
    }
}

/// A part of an Alpine version (`digits{.digits}[letter]{_suffix[digits]}[~hash][-rdigits]`).
/// The kinds are in the order apk ranks them when one version goes on where the other stops:
/// the one that goes on with the higher-ranked part is the smaller (`1.0` < `1.0.1`,
/// `1.0-r1` < `1.0.1`, `1.7` < `1.7b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ApkKind {
    FirstNumber,
    Number,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    Revision,
    End,
    Invalid,
}

/// Suffix words in rising order; those before [`APK_NO_SUFFIX`] are pre-releases (smaller
/// than no suffix), those after it snapshots and patches (larger).
const APK_SUFFIXES: [&str; 9] = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];
const APK_NO_SUFFIX: usize = 4;

#[derive(Debug, Clone, Copy)]
struct ApkPart<'a> {
    kind: ApkKind,
    text: &'a str,
    number: u128,
    /// Rank of a suffix word (0-based in [`APK_SUFFIXES`], shifted past "no suffix").
    suffix: usize,
}

/// Splits an Alpine version into its parts, ending with an `End` part (or `Invalid` where
/// apk would refuse it).
fn apk_parts(version: &str) -> Vec<ApkPart<'_>> {
    let bytes = version.as_bytes();
    let mut parts = Vec::new();
    let mut at = 0;
    let part = |kind, text, number, suffix| ApkPart {
        kind,
        text,
        number,
        suffix,
    };
    let run = |from: usize, ok: &dyn Fn(u8) -> bool| -> usize {
        let mut end = from;
        while end < bytes.len() && ok(bytes[end]) {
            end += 1;
        }
        end
    };
    let digits = |from: usize| -> (usize, u128) {
        let end = run(from, &|c: u8| c.is_ascii_digit());
        let number = bytes[from..end].iter().fold(0u128, |n, d| {
            n.saturating_mul(10).saturating_add(u128::from(d - b'0'))
        });
        (end, number)
    };
    let (end, number) = digits(0);
    if end == 0 {
        parts.push(part(ApkKind::Invalid, "", 0, 0));
        return parts;
    }
    parts.push(part(ApkKind::FirstNumber, &version[..end], number, 0));
    at = at.max(end);
    loop {
        let previous = parts.last().map_or(ApkKind::FirstNumber, |p| p.kind);
        let Some(&c) = bytes.get(at) else {
            parts.push(part(ApkKind::End, "", 0, 0));
            return parts;
        };
        let next = match c {
            b'a'..=b'z' if previous <= ApkKind::Number => {
                at += 1;
                Some(part(
                    ApkKind::Letter,
                    &version[at - 1..at],
                    u128::from(c),
                    0,
                ))
            }
            b'.' | b'0'..=b'9' => {
                let start = at + usize::from(c == b'.');
                let kind = match previous {
                    ApkKind::FirstNumber | ApkKind::Number => Some(ApkKind::Number),
                    ApkKind::Suffix if c != b'.' => Some(ApkKind::SuffixNumber),
                    _ => None,
                };
                let (end, number) = digits(start);
                at = end;
                kind.filter(|_| end > start)
                    .map(|kind| part(kind, &version[start..end], number, 0))
            }
            b'_' if previous <= ApkKind::SuffixNumber => {
                let end = run(at + 1, &|c: u8| c.is_ascii_lowercase());
                let word = &version[at + 1..end];
                at = end;
                APK_SUFFIXES.iter().position(|s| *s == word).map(|i| {
                    let rank = if i < APK_NO_SUFFIX { i } else { i + 1 };
                    part(ApkKind::Suffix, word, 0, rank)
                })
            }
            b'~' if previous < ApkKind::CommitHash => {
                let end = run(at + 1, &|c: u8| {
                    c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
                });
                let hash = &version[at + 1..end];
                at = end;
                (!hash.is_empty()).then(|| part(ApkKind::CommitHash, hash, 0, 0))
            }
            b'-' if previous < ApkKind::Revision && bytes.get(at + 1) == Some(&b'r') => {
                let (end, number) = digits(at + 2);
                let start = at + 2;
                at = end;
                (end > start).then(|| part(ApkKind::Revision, &version[start..end], number, 0))
            }
            _ => None,
        };
        match next {
            Some(p) => parts.push(p),
            None => {
                parts.push(part(ApkKind::Invalid, "", 0, 0));
                return parts;
            }
        }
    }
}

/// Whether apk would accept the version.
pub fn apk_valid(version: &str) -> bool {
    apk_parts(version).last().map(|p| p.kind) == Some(ApkKind::End)
}

/// Two parts of the same kind.
fn apk_part_cmp(a: &ApkPart, b: &ApkPart) -> Ordering {
    match a.kind {
        // A number with a leading zero after a dot is compared as text, as apk does.
        ApkKind::Number if a.text.starts_with('0') || b.text.starts_with('0') => a.text.cmp(b.text),
        ApkKind::FirstNumber
        | ApkKind::Number
        | ApkKind::SuffixNumber
        | ApkKind::Revision
        | ApkKind::Letter => a.number.cmp(&b.number),
        ApkKind::Suffix => a.suffix.cmp(&b.suffix),
        ApkKind::CommitHash | ApkKind::End | ApkKind::Invalid => a.text.cmp(b.text),
    }
}

/// Alpine's version order, as apk (3.x) has it.
pub fn apk_compare(a: &str, b: &str) -> Ordering {
    let (x, y) = (apk_parts(a), apk_parts(b));
    for (p, q) in x.iter().zip(&y) {
        if p.kind != q.kind {
            // One goes on where the other stops, or with another kind of part: a
            // pre-release suffix makes it smaller; otherwise the higher-ranked kind does.
            let pre = |part: &ApkPart| part.kind == ApkKind::Suffix && part.suffix < APK_NO_SUFFIX;
            if pre(p) {
                return Ordering::Less;
            }
            if pre(q) {
                return Ordering::Greater;
            }
            return q.kind.cmp(&p.kind);
        }
        if p.kind >= ApkKind::End {
            return Ordering::Equal;
        }
        let by_value = apk_part_cmp(p, q);
        if by_value != Ordering::Equal {
            return by_value;
        }
    }
    Ordering::Equal
}
