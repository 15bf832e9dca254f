use super::shell::finding;
use crate::declare_rule;
use crate::fix::{TextEdit, dockerfile_instruction};
use crate::rule::Context;
use drydock_model::model::{Evidence, Outcome};
use drydock_model::report::ResultEntry;
use drydock_parse::dockerfile::{Args, shell_words};

/// Sources of an `ADD`/`COPY` (the last word is the destination).
pub fn sources(args: &Args) -> Vec<String> {
    let words = match args {
        Args::Exec(w) => w.clone(),
        Args::Shell(s) => shell_words(s),
    };
    words
        .split_last()
        .map(|(_, s)| s.to_vec())
        .unwrap_or_default()
}

/// Whether a source is fetched from the network.
pub fn is_remote(source: &str) -> bool {
    source.starts_with("http://")
        || source.starts_with("https://")
        || source.starts_with("git@")
        || source.ends_with(".git")
}

fn is_archive(source: &str) -> bool {
    let s = source.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
    ]
    .iter()
    .any(|e| s.ends_with(e))
}

declare_rule! {
    /// ## What it checks
    /// Each `ADD` of local files that are not archives to unpack — where `COPY` does the same
    /// with no surprises. Remote sources are judged by `dockerfile-add-remote-source`.
    ///
    /// Stages: every stage, since the build runs them all.
    ///
    /// ## Why it matters
    /// `ADD` unpacks archives and fetches URLs on its own; using it for plain copies hides
    /// which of those happens.
    ///
    /// ## Remediation
    /// Replace `ADD` with `COPY` (flags such as `--chown` stay the same).
    ///
    /// ## Fix
    /// Unsafe: `drydock fix --unsafe` writes `COPY` for `ADD`. `ADD` recognises a local tar
    /// archive by its content, not its name: a source that is an archive without an archive
    /// extension would be copied instead of unpacked. ADD-only flags (`--checksum`,
    /// `--keep-git-dir`) leave the instruction alone.
    pub static RULE = {
        id: "DF007",
        name: "dockerfile-add-instead-of-copy",
        title: "ADD is used where COPY serves",
        cis: ["4.9"],
        target: Dockerfile,
        severity: Low,
        stride: [Tampering],
        fix: Available,
        fixer: (Unsafe, "write COPY for ADD", fix),
        check: check,
    };
}

fn check(ctx: &Context) -> Vec<Outcome> {
    ctx.per_dockerfile(|d, file| {
        file.instructions
            .iter()
            .filter(|i| i.keyword == "ADD" && i.heredocs.is_empty())
            .filter_map(|i| {
                let srcs = sources(&i.args);
                (!srcs.is_empty() && srcs.iter().all(|s| !is_remote(s) && !is_archive(s))).then(|| {
                    finding(d, i, "ADD copies local files; COPY does the same without unpacking or fetching")
                        .with(Evidence::new("ADD", i.args.text()).expected("COPY"))
                })
            })
            .collect()
    })
}

/// Writes `COPY` over the `ADD` keyword, in the keyword's case.
fn fix(text: &str, finding: &ResultEntry) -> Option<Vec<TextEdit>> {
    let add = dockerfile_instruction(text, finding)?;
    if add.keyword != "ADD"
        || add
            .flags
            .iter()
            .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"))
    {
        return None;
    }
    let at = add.span.start + text[add.span.clone()].find(&add.keyword_as_written)?;
    let copy = if add.keyword_as_written == "ADD" {
        "COPY".to_string()
    } else {
        "copy".to_string()
    };
    Some(vec![TextEdit {
        range: at..at + 3,
        text: copy,
    }])
}
