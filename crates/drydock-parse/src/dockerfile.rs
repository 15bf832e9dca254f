//! A Dockerfile parser with BuildKit's syntax: parser directives (`syntax`, `escape`, `check`),
//! line continuations with either escape character, comment and blank lines inside
//! continuations, heredocs, exec (JSON) and shell forms, flags, multi-stage builds with named
//! stages, `ARG` before `FROM` and its expansion, `ONBUILD`, and instructions in any case.
//!
//! Every instruction keeps its byte span, line and column. A bad line is reported with its line
//! number and skipped; the rest of the file is still parsed.

use std::ops::Range;

/// Instructions a Dockerfile may contain.
pub const KEYWORDS: &[&str] = &[
    "FROM",
    "RUN",
    "CMD",
    "LABEL",
    "MAINTAINER",
    "EXPOSE",
    "ENV",
    "ADD",
    "COPY",
    "ENTRYPOINT",
    "VOLUME",
    "USER",
    "WORKDIR",
    "ARG",
    "ONBUILD",
    "STOPSIGNAL",
    "HEALTHCHECK",
    "SHELL",
];

/// Parser directives from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directives {
    /// `# syntax=` frontend image.
    pub syntax: Option<String>,
    /// The escape character (`\` unless `# escape=` says otherwise).
    pub escape: char,
    /// `# check=` build-check configuration.
    pub check: Option<String>,
}

impl Default for Directives {
    fn default() -> Self {
        Directives {
            syntax: None,
            escape: '\\',
            check: None,
        }
    }
}

/// A `--name=value` flag of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Name without dashes.
    pub name: String,
    /// Value, if given.
    pub value: Option<String>,
}

/// The arguments of an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// JSON array form: `["a", "b"]`.
    Exec(Vec<String>),
    /// Shell form (or plain text for instructions without forms), continuations joined and
    /// comment lines removed.
    Shell(String),
}

impl Args {
    /// The arguments as one string (exec form joined with spaces).
    pub fn text(&self) -> String {
        match self {
            Args::Exec(v) => v.join(" "),
            Args::Shell(s) => s.clone(),
        }
    }
}

/// A here-document attached to an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word.
    pub name: String,
    /// Its body.
    pub body: String,
    /// Line of the body's first line.
    pub line: usize,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Instruction name in upper case.
    pub keyword: String,
    /// The keyword as written.
    pub keyword_as_written: String,
    /// Line of the keyword (1-based).
    pub line: usize,
    /// Column of the keyword (1-based).
    pub column: usize,
    /// Last line the instruction occupies (heredocs included).
    pub end_line: usize,
    /// Byte range of the whole instruction in the source.
    pub span: Range<usize>,
    /// Flags before the arguments.
    pub flags: Vec<Flag>,
    /// Arguments.
    pub args: Args,
    /// Here-documents.
    pub heredocs: Vec<Heredoc>,
    /// The instruction an `ONBUILD` wraps.
    pub onbuild: Option<Box<Instruction>>,
}

impl Instruction {
    /// A flag's value by name (`from` for `--from=x`).
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name == name)
    }

    /// The shell text of the arguments, heredoc bodies appended (what a `RUN` executes).
    pub fn script(&self) -> String {
        let mut s = self.args.text();
        for h in &self.heredocs {
            s.push('\n');
            s.push_str(&h.body);
        }
        s
    }
}

/// A problem in the file, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Line (1-based).
    pub line: usize,
    /// Column (1-based).
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dockerfile {
    /// Parser directives.
    pub directives: Directives,
    /// Instructions in order.
    pub instructions: Vec<Instruction>,
    /// Problems found; the instructions around them were still parsed.
    pub errors: Vec<ParseError>,
}

/// A build stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// Position among the stages.
    pub index: usize,
    /// `AS` name (lower-cased, as BuildKit compares them).
    pub name: Option<String>,
    /// The base as written in `FROM`, after `ARG` expansion.
    pub base: String,
    /// The earlier stage it builds on, when the base names one.
    pub base_stage: Option<usize>,
    /// Index of its `FROM` in [`Dockerfile::instructions`].
    pub from_index: usize,
    /// Indexes of its instructions (the `FROM` excluded).
    pub body: Range<usize>,
}

impl Stage {
    /// Whether the stage starts from an image pulled from a registry: not an earlier stage, not
    /// `scratch`, and not a reference still holding an unexpanded variable (unknown until build).
    pub fn pulls_external_image(&self) -> bool {
        self.base_stage.is_none()
            && !self.base.eq_ignore_ascii_case("scratch")
            && !self.base.contains('$')
    }
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn physical_lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in source.split_inclusive('\n') {
        let mut text = piece.trim_end_matches('\n').trim_end_matches('\r');
        let mut at = start;
        if start == 0
            && let Some(rest) = text.strip_prefix('\u{feff}')
        {
            text = rest;
            at = '\u{feff}'.len_utf8();
        }
        out.push(Line { start: at, text });
        start += piece.len();
    }
    out
}

fn directive(line: &str) -> Option<(String, String)> {
    let body = line.trim().strip_prefix('#')?;
    let (key, value) = body.split_once('=')?;
    let key = key.trim();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((key.to_ascii_lowercase(), value.trim().to_string()))
}

/// Splits off a trailing escape character: the line's content and whether it continues.
/// As in BuildKit, the escape character continues the line only when the character before it
/// is not the escape character too: `trailing\\` ends with an escaped escape and does not.
fn continuation(text: &str, escape: char) -> (&str, bool) {
    let trimmed = text.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(content) if content.chars().last().is_some_and(|c| c != escape) => (content, true),
        _ => (text, false),
    }
}

/// Heredoc markers (`<<EOF`, `<<-EOF`, `<<"EOF"`) in an instruction's text, in order.
fn heredoc_markers(text: &str) -> Vec<(String, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == b'<' && bytes[i + 1] == b'<' && (i == 0 || bytes[i - 1] != b'<') {
            let mut j = i + 2;
            if j < bytes.len() && bytes[j] == b'<' {
                // `<<<` is a here-string, not a heredoc.
                i += 3;
                continue;
            }
            let strip = j < bytes.len() && bytes[j] == b'-';
            if strip {
                j += 1;
            }
            let quote = bytes.get(j).copied().filter(|c| *c == b'"' || *c == b'\'');
            if quote.is_some() {
                j += 1;
            }
            let start = j;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                j += 1;
            }
            if j > start && !bytes[start].is_ascii_digit() {
                out.push((text[start..j].to_string(), strip));
                if let Some(q) = quote
                    && bytes.get(j) == Some(&q)
                {
                    j += 1;
                }
            }
            i = j.max(i + 2);
        } else {
            i += 1;
        }
    }
    out
}

fn takes_flags(keyword: &str) -> bool {
    matches!(keyword, "FROM" | "RUN" | "COPY" | "ADD" | "HEALTHCHECK")
}

fn has_exec_form(keyword: &str) -> bool {
    matches!(
        keyword,
        "RUN" | "CMD" | "ENTRYPOINT" | "SHELL" | "COPY" | "ADD" | "VOLUME"
    )
}

fn has_heredocs(keyword: &str) -> bool {
    matches!(keyword, "RUN" | "COPY" | "ADD")
}

/// Parses the text after a keyword into flags and arguments.
fn split_args(keyword: &str, rest: &str) -> Result<(Vec<Flag>, Args), String> {
    let mut rest = rest.trim_start();
    let mut flags = Vec::new();
    if takes_flags(keyword) {
        while let Some(flag) = rest.strip_prefix("--") {
            let end = flag.find(char::is_whitespace).unwrap_or(flag.len());
            let word = &flag[..end];
            rest = flag[end..].trim_start();
            // `--` alone ends the flags: what follows is arguments, whatever it looks like.
            if word.is_empty() {
                break;
            }
            let (name, value) = match word.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (word.to_string(), None),
            };
            flags.push(Flag { name, value });
        }
    }
    let args = if has_exec_form(keyword) && rest.starts_with('[') {
        let text = rest.trim_end();
        match serde_json::from_str::<Vec<String>>(text) {
            Ok(list) => Args::Exec(list),
            // JSON, but not a flat list of strings: BuildKit refuses it.
            Err(_)
                if serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_array()) =>
            {
                return Err(format!(
                    "{keyword}: the JSON array must hold strings only (exec form)"
                ));
            }
            // BuildKit runs an array that is not valid JSON as a shell command.
            Err(_) => Args::Shell(text.to_string()),
        }
    } else {
        Args::Shell(rest.trim_end().to_string())
    };
    Ok((flags, args))
}

/// The arity BuildKit requires of `ENV`, `LABEL` and `ARG`: an error message when the
/// arguments break it.
fn arity_error(keyword: &str, args: &Args, escape: char) -> Option<String> {
    if !matches!(keyword, "ENV" | "LABEL" | "ARG") {
        return None;
    }
    let text = args.text();
    let words = split_words(&text, escape);
    if words.is_empty() {
        return Some(format!("{keyword} requires at least one argument"));
    }
    let first_has_value = words[0].contains('=');
    if keyword != "ARG" && !first_has_value {
        // The legacy `ENV NAME value` form needs a value.
        return (words.len() < 2).then(|| format!("{keyword} {} must have a value", words[0]));
    }
    if words
        .iter()
        .any(|w| w.split('=').next().unwrap_or("").is_empty())
    {
        return Some(format!("{keyword} names can not be blank"));
    }
    if keyword != "ARG" && words.iter().any(|w| !w.contains('=')) {
        return Some(format!(
            "{keyword}: every word must be NAME=value when the first one is"
        ));
    }
    None
}

/// An instruction's parts before positions are attached: keyword, keyword as written, flags,
/// arguments and the `ONBUILD` trigger.
type InstructionParts = (String, String, Vec<Flag>, Args, Option<Box<Instruction>>);

fn build_instruction(
    logical: &str,
    line: usize,
    column: usize,
    escape: char,
) -> Result<InstructionParts, String> {
    let trimmed = logical.trim_start();
    let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
    let written = &trimmed[..end];
    let keyword = written.to_ascii_uppercase();
    if !KEYWORDS.contains(&keyword.as_str()) {
        return Err(format!("unknown instruction `{written}`"));
    }
    let rest = &trimmed[end..];
    if keyword == "ONBUILD" {
        let inner_text = rest.trim_start();
        if inner_text.is_empty() {
            return Err("ONBUILD needs an instruction".into());
        }
        let (k, w, f, a, nested) = build_instruction(inner_text, line, column, escape)?;
        if matches!(k.as_str(), "ONBUILD" | "FROM" | "MAINTAINER") {
            return Err(format!("{k} is not allowed inside ONBUILD"));
        }
        let inner = Instruction {
            keyword: k,
            keyword_as_written: w,
            line,
            column,
            end_line: line,
            span: 0..0,
            flags: f,
            args: a,
            heredocs: Vec::new(),
            onbuild: nested,
        };
        return Ok((
            keyword,
            written.to_string(),
            Vec::new(),
            Args::Shell(inner_text.trim_end().to_string()),
            Some(Box::new(inner)),
        ));
    }
    let (flags, args) = split_args(&keyword, rest)?;
    if let Some(message) = arity_error(&keyword, &args, escape) {
        return Err(message);
    }
    Ok((keyword, written.to_string(), flags, args, None))
}

/// Parses a Dockerfile.
pub fn parse(source: &str) -> Dockerfile {
    // A byte-order mark is not part of the first instruction (BuildKit drops it); positions
    // still count it, so edits land on the file's own bytes (see `physical_lines`).
    let lines = physical_lines(source);
    let mut file = Dockerfile::default();
    let mut index = 0;
    // Parser directives: only at the very top, each at most once.
    let mut seen = Vec::new();
    while index < lines.len() {
        let Some((key, value)) = directive(lines[index].text) else {
            break;
        };
        if !matches!(key.as_str(), "syntax" | "escape" | "check") {
            break;
        }
        if seen.contains(&key) {
            file.errors.push(ParseError {
                line: index + 1,
                column: 1,
                message: format!("parser directive `{key}` is given twice"),
            });
        }
        match key.as_str() {
            "syntax" => file.directives.syntax = Some(value),
            "check" => file.directives.check = Some(value),
            _ => match value.as_str() {
                "\\" => file.directives.escape = '\\',
                "`" => file.directives.escape = '`',
                other => file.errors.push(ParseError {
                    line: index + 1,
                    column: 1,
                    message: format!("invalid escape character `{other}` (use \\ or `)"),
                }),
            },
        }
        seen.push(key);
        index += 1;
    }
    let escape = file.directives.escape;
    while index < lines.len() {
        let first = &lines[index];
        let stripped = first.text.trim_start();
        if stripped.is_empty() || stripped.starts_with('#') {
            index += 1;
            continue;
        }
        let start_line = index;
        let column = first.text.len() - stripped.len() + 1;
        let start_byte = first.start + column - 1;
        let mut logical = String::new();
        loop {
            let (content, continues) = continuation(lines[index].text, escape);
            logical.push_str(if logical.is_empty() {
                content.trim_start()
            } else {
                content
            });
            index += 1;
            if !continues {
                break;
            }
            // Comment and empty lines inside a continuation are dropped.
            while index < lines.len() {
                let t = lines[index].text.trim_start();
                if t.starts_with('#') || t.is_empty() {
                    index += 1;
                } else {
                    break;
                }
            }
            if index >= lines.len() {
                break;
            }
        }
        let mut end_line = index;
        let mut end_byte = lines
            .get(index - 1)
            .map_or(source.len(), |l| l.start + l.text.len());
        let built = build_instruction(&logical, start_line + 1, column, escape);
        let (keyword, written, flags, args, onbuild) = match built {
            Ok(parts) => parts,
            Err(message) => {
                file.errors.push(ParseError {
                    line: start_line + 1,
                    column,
                    message,
                });
                continue;
            }
        };
        let mut heredocs = Vec::new();
        let heredoc_keyword = onbuild
            .as_ref()
            .map_or(keyword.as_str(), |i| i.keyword.as_str());
        if has_heredocs(heredoc_keyword) {
            for (name, strip_tabs) in heredoc_markers(&logical) {
                let body_line = index + 1;
                let mut body = Vec::new();
                let mut closed = false;
                while index < lines.len() {
                    let text = lines[index].text;
                    index += 1;
                    let candidate = if strip_tabs {
                        text.trim_start_matches('\t')
                    } else {
                        text
                    };
                    if candidate == name {
                        closed = true;
                        break;
                    }
                    body.push(candidate);
                }
                if !closed {
                    file.errors.push(ParseError {
                        line: body_line - 1,
                        column,
                        message: format!("heredoc `{name}` is not terminated"),
                    });
                }
                heredocs.push(Heredoc {
                    name,
                    body: body.join("\n"),
                    line: body_line,
                });
                end_line = index;
                end_byte = lines
                    .get(index - 1)
                    .map_or(source.len(), |l| l.start + l.text.len());
            }
        }
        file.instructions.push(Instruction {
            keyword,
            keyword_as_written: written,
            line: start_line + 1,
            column,
            end_line,
            span: start_byte..end_byte,
            flags,
            args,
            heredocs,
            onbuild,
        });
    }
    if let Some(first) = file.instructions.iter().find(|i| i.keyword != "ARG") {
        if first.keyword != "FROM" {
            file.errors.push(ParseError {
                line: first.line,
                column: first.column,
                message: format!(
                    "{} before the first FROM (only ARG may precede it)",
                    first.keyword
                ),
            });
        }
    } else if !file.instructions.is_empty() || file.errors.is_empty() {
        file.errors.push(ParseError {
            line: 1,
            column: 1,
            message: "no FROM instruction".into(),
        });
    }
    file
}

/// BuildKit's automatic platform arguments, which `FROM` lines may use without declaring them:
/// the build and target platform are taken to be the one drydock runs on (Linux, this CPU).
pub fn automatic_arg(name: &str) -> Option<String> {
    let (arch, variant) = match std::env::consts::ARCH {
        "x86_64" => ("amd64", ""),
        "aarch64" => ("arm64", ""),
        "arm" => ("arm", "v7"),
        "x86" => ("386", ""),
        "powerpc64" => ("ppc64le", ""),
        "s390x" => ("s390x", ""),
        "riscv64" => ("riscv64", ""),
        other => (other, ""),
    };
    let platform = if variant.is_empty() {
        format!("linux/{arch}")
    } else {
        format!("linux/{arch}/{variant}")
    };
    Some(match name {
        "TARGETPLATFORM" | "BUILDPLATFORM" => platform,
        "TARGETOS" | "BUILDOS" => "linux".into(),
        "TARGETARCH" | "BUILDARCH" => arch.into(),
        "TARGETVARIANT" | "BUILDVARIANT" => variant.into(),
        _ => return None,
    })
}

/// Splits `KEY=value KEY2="v 2"` (or the legacy `KEY value`) into pairs, quotes removed, with
/// the Dockerfile's escape character.
pub fn key_values(text: &str, legacy_single: bool, escape: char) -> Vec<(String, String)> {
    let text = text.trim();
    if legacy_single && !text.split_whitespace().next().unwrap_or("").contains('=') {
        // `ENV KEY value with spaces`
        let mut parts = text.splitn(2, char::is_whitespace);
        let key = parts.next().unwrap_or("").to_string();
        let value = parts.next().unwrap_or("").trim().to_string();
        return vec![(key, unquote(&value))];
    }
    let mut out = Vec::new();
    for word in split_words(text, escape) {
        match word.split_once('=') {
            Some((k, v)) => out.push((k.to_string(), v.to_string())),
            None => out.push((word, String::new())),
        }
    }
    out
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    if v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')))
    {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

/// Splits text into words as a POSIX shell would for quoting (no expansion).
pub fn shell_words(text: &str) -> Vec<String> {
    split_words(text, '\\')
}

/// Splits text into words the way BuildKit's word lexer does, with `escape` as the escape
/// character: outside quotes it escapes any character; inside double quotes only `"`, `$`,
/// itself and a newline (before anything else it stays, as written); inside single quotes
/// nothing.
pub fn split_words(text: &str, escape: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            Some('"') if c == escape => match chars.peek() {
                Some(&n) if n == '"' || n == '$' || n == escape || n == '\n' => {
                    word.push(n);
                    chars.next();
                }
                _ => word.push(c),
            },
            Some(_) => word.push(c),
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    in_word = true;
                }
                c if c == escape => {
                    if let Some(n) = chars.next() {
                        word.push(n);
                    }
                    in_word = true;
                }
                c if c.is_whitespace() => {
                    if in_word {
                        out.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// Expands `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:+a}`, `${VAR+a}` with `lookup`.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '$' || i + 1 >= chars.len() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        if chars[i + 1] == '{' {
            let Some(close) = chars[i + 2..].iter().position(|c| *c == '}') else {
                out.extend(&chars[i..]);
                break;
            };
            let inner: String = chars[i + 2..i + 2 + close].iter().collect();
            i += close + 3;
            let (name, op, word) = match inner.find([':', '-', '+']) {
                Some(p) => {
                    let (n, rest) = inner.split_at(p);
                    if let Some(r) = rest.strip_prefix(":-") {
                        (n.to_string(), ":-", r.to_string())
                    } else if let Some(r) = rest.strip_prefix(":+") {
                        (n.to_string(), ":+", r.to_string())
                    } else if let Some(r) = rest.strip_prefix('-') {
                        (n.to_string(), "-", r.to_string())
                    } else if let Some(r) = rest.strip_prefix('+') {
                        (n.to_string(), "+", r.to_string())
                    } else {
                        (inner.clone(), "", String::new())
                    }
                }
                None => (inner.clone(), "", String::new()),
            };
            let value = lookup(&name);
            let expanded = match op {
                ":-" => value.filter(|v| !v.is_empty()).unwrap_or(word),
                "-" => value.unwrap_or(word),
                ":+" => {
                    if value.is_some_and(|v| !v.is_empty()) {
                        word
                    } else {
                        String::new()
                    }
                }
                "+" => {
                    if value.is_some() {
                        word
                    } else {
                        String::new()
                    }
                }
                _ => value.unwrap_or_default(),
            };
            out.push_str(&expanded);
        } else if chars[i + 1].is_ascii_alphabetic() || chars[i + 1] == '_' {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            out.push_str(&lookup(&name).unwrap_or_default());
            i = j;
        } else {
            out.push('$');
            i += 1;
        }
    }
    out
}

impl Dockerfile {
    /// Global `ARG`s (before the first `FROM`) with their defaults.
    pub fn global_args(&self) -> Vec<(String, Option<String>)> {
        self.instructions
            .iter()
            .take_while(|i| i.keyword != "FROM")
            .filter(|i| i.keyword == "ARG")
            .flat_map(|i| {
                key_values(&i.args.text(), false, self.directives.escape)
                    .into_iter()
                    .map(|(k, v)| {
                        let has_default = i.args.text().contains(&format!("{k}="));
                        (k, has_default.then_some(v))
                    })
            })
            .collect()
    }

    /// The build stages, in order.
    pub fn stages(&self) -> Vec<Stage> {
        let globals = self.global_args();
        let lookup = |name: &str| -> Option<String> {
            globals
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.clone())
                .or_else(|| automatic_arg(name))
        };
        let froms: Vec<usize> = self
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, i)| i.keyword == "FROM")
            .map(|(n, _)| n)
            .collect();
        let mut stages: Vec<Stage> = Vec::new();
        for (k, &from_index) in froms.iter().enumerate() {
            let words: Vec<String> = shell_words(&self.instructions[from_index].args.text());
            let base = words
                .first()
                .map(|w| expand(w, &lookup))
                .unwrap_or_default();
            let name = match words.as_slice() {
                [_, as_kw, name, ..] if as_kw.eq_ignore_ascii_case("as") => {
                    Some(name.to_ascii_lowercase())
                }
                _ => None,
            };
            let base_stage = stages
                .iter()
                .find(|s| s.name.as_deref() == Some(base.to_ascii_lowercase().as_str()))
                .map(|s| s.index);
            let end = froms.get(k + 1).copied().unwrap_or(self.instructions.len());
            stages.push(Stage {
                index: k,
                name,
                base,
                base_stage,
                from_index,
                body: from_index + 1..end,
            });
        }
        stages
    }

    /// The instructions of a stage.
    pub fn stage_instructions<'a>(&'a self, stage: &Stage) -> &'a [Instruction] {
        &self.instructions[stage.body.clone()]
    }

    /// The user a stage ends with, following `FROM <stage>` to earlier stages. `None` when no
    /// stage in the chain sets one (the base image's user applies). The instruction that set
    /// it is returned too.
    pub fn effective_user<'a>(
        &'a self,
        stages: &[Stage],
        stage: usize,
    ) -> Option<(String, &'a Instruction)> {
        let mut current = Some(stage);
        let mut guard = 0;
        while let Some(index) = current {
            guard += 1;
            if guard > stages.len() {
                break;
            }
            let s = &stages[index];
            if let Some(user) = self
                .stage_instructions(s)
                .iter()
                .rev()
                .find(|i| i.keyword == "USER")
            {
                return Some((user.args.text().trim().to_string(), user));
            }
            current = s.base_stage;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuations_comments_and_case() {
        let f = parse(
            "from alpine:3.19 as build\nrun apk add \\\n  # a comment\n\n  curl \\\n  git\nUSER app\n",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.instructions.len(), 3);
        let run = &f.instructions[1];
        assert_eq!(run.keyword, "RUN");
        assert_eq!(run.line, 2);
        assert_eq!(run.end_line, 6);
        assert!(run.args.text().contains("curl"));
        assert!(!run.args.text().contains("comment"));
        assert_eq!(f.stages()[0].name.as_deref(), Some("build"));
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let f =
            parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir c:\\ `\n  && echo done\n");
        assert_eq!(f.directives.escape, '`');
        assert_eq!(f.instructions.len(), 2);
        assert!(f.instructions[1].args.text().contains("c:\\"));
        assert!(f.instructions[1].args.text().contains("echo done"));
    }

    #[test]
    fn heredocs_are_bodies_not_instructions() {
        let f = parse(
            "FROM debian\nRUN <<EOF\napt-get update\nUSER root\nEOF\nUSER app\nCOPY <<-EOT /x\n\thello\n\tEOT\n",
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        let keywords: Vec<&str> = f.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(keywords, ["FROM", "RUN", "USER", "COPY"]);
        assert_eq!(
            f.instructions[1].heredocs[0].body,
            "apt-get update\nUSER root"
        );
        assert_eq!(f.instructions[3].heredocs[0].body, "hello");
        assert_eq!(f.instructions[2].line, 6);
    }

    #[test]
    fn exec_and_shell_forms() {
        let f = parse(
            "FROM x\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\nENTRYPOINT run.sh --flag\nCMD [\"broken\",\n",
        );
        assert_eq!(
            f.instructions[1].args,
            Args::Exec(vec!["nginx".into(), "-g".into(), "daemon off;".into()])
        );
        assert_eq!(f.instructions[2].args, Args::Shell("run.sh --flag".into()));
        assert!(matches!(f.instructions[3].args, Args::Shell(_)));
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let f = parse("FROM x\nFROBNICATE a\nUSER app\n");
        assert_eq!(f.instructions.len(), 2);
        assert_eq!(f.errors[0].line, 2);
        assert!(f.errors[0].message.contains("FROBNICATE"));
        assert!(
            parse("RUN x\n")
                .errors
                .iter()
                .any(|e| e.message.contains("before the first FROM"))
        );
        assert!(
            parse("# nothing\n")
                .errors
                .iter()
                .any(|e| e.message.contains("no FROM"))
        );
    }

    #[test]
    fn arg_before_from_is_expanded_and_stage_users_inherit() {
        let f = parse(
            "ARG BASE=debian\nARG TAG\nFROM ${BASE}:${TAG:-12} AS base\nUSER app\nFROM base AS final\nRUN true\n",
        );
        let stages = f.stages();
        assert_eq!(stages[0].base, "debian:12");
        assert_eq!(stages[1].base_stage, Some(0));
        let (user, _) = f.effective_user(&stages, 1).unwrap();
        assert_eq!(user, "app");
    }

    #[test]
    fn onbuild_and_flags() {
        let f = parse(
            "FROM --platform=linux/amd64 x\nONBUILD RUN make\nCOPY --from=build --chown=app:app /a /b\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\n",
        );
        assert_eq!(
            f.instructions[0].flag("platform").unwrap().value.as_deref(),
            Some("linux/amd64")
        );
        assert_eq!(f.instructions[1].onbuild.as_ref().unwrap().keyword, "RUN");
        assert_eq!(
            f.instructions[2].flag("from").unwrap().value.as_deref(),
            Some("build")
        );
        assert_eq!(
            f.instructions[3].flag("interval").unwrap().value.as_deref(),
            Some("5s")
        );
    }

    #[test]
    fn env_forms() {
        assert_eq!(
            key_values("A=1 B=\"two words\"", true, '\\'),
            vec![("A".into(), "1".into()), ("B".into(), "two words".into())]
        );
        assert_eq!(
            key_values("KEY some value", true, '\\'),
            vec![("KEY".into(), "some value".into())]
        );
    }

    #[test]
    fn an_escaped_escape_at_the_end_of_a_line_does_not_continue_it() {
        let f = parse("FROM a\nENV C trailing\\\\\nENV API_TOKEN=x\nRUN echo \\\n  more\n");
        let keywords: Vec<&str> = f.instructions.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(keywords, ["FROM", "ENV", "ENV", "RUN"]);
        assert_eq!(f.instructions[1].args.text(), "C trailing\\\\");
        assert_eq!(f.instructions[3].args.text(), "echo   more");
        // The same with the backtick escape.
        let f = parse("# escape=`\nFROM a\nENV C x``\nENV D y\n");
        assert_eq!(f.instructions.len(), 3);
    }

    #[test]
    fn a_double_dash_ends_the_flags() {
        let f = parse("FROM a\nCOPY --chown=a -- --src dst\n");
        let copy = &f.instructions[1];
        assert_eq!(copy.flags.len(), 1);
        assert_eq!(copy.flags[0].name, "chown");
        assert_eq!(copy.args.text(), "--src dst");
    }

    #[test]
    fn env_label_and_arg_need_their_arguments() {
        for (text, bad) in [
            ("ENV PATH", true),
            ("ENV", true),
            ("LABEL version", true),
            ("LABEL", true),
            ("ARG", true),
            ("ENV =x", true),
            ("ENV A=1 B", true),
            ("ENV PATH /usr/bin", false),
            ("ENV A=", false),
            ("LABEL a=b c=d", false),
            ("ARG VERSION", false),
            ("ARG A=1 B", false),
        ] {
            let f = parse(&format!("FROM a\n{text}\n"));
            assert_eq!(!f.errors.is_empty(), bad, "{text}: {:?}", f.errors);
        }
    }

    #[test]
    fn a_json_array_of_anything_but_strings_is_an_error() {
        let f = parse("FROM a\nCMD [[\"a\"], \"b\"]\n");
        assert!(
            f.errors.iter().any(|e| e.message.contains("strings only")),
            "{:?}",
            f.errors
        );
        // Not JSON at all: run as a shell command, as BuildKit does.
        let f = parse("FROM a\nCMD [not json\n");
        assert!(f.errors.is_empty());
        assert!(matches!(f.instructions[1].args, Args::Shell(_)));
    }

    #[test]
    fn double_quotes_unescape_only_what_buildkit_unescapes() {
        assert_eq!(
            key_values(r#"A="a\b\"c\$d\\e""#, false, '\\'),
            vec![("A".to_string(), r#"a\b"c$d\e"#.to_string())]
        );
        // With `# escape=` the backtick escapes and the backslash is an ordinary character.
        assert_eq!(
            key_values(r#"P="C:\dir\`"x""#, false, '`'),
            vec![("P".to_string(), r#"C:\dir\"x"#.to_string())]
        );
        let f = parse("# escape=`\nARG P=\"C:\\tools\"\nFROM a\n");
        assert_eq!(
            f.global_args(),
            vec![("P".to_string(), Some("C:\\tools".to_string()))]
        );
    }

    #[test]
    fn automatic_platform_arguments_name_stages() {
        let f = parse(
            "FROM alpine:3.20 AS base-linux\nUSER 10001\nFROM base-$TARGETOS\nFROM --platform=$BUILDPLATFORM golang:1.23 AS b\n",
        );
        let stages = f.stages();
        assert_eq!(stages[1].base, "base-linux");
        assert_eq!(stages[1].base_stage, Some(0));
        let (user, _) = f.effective_user(&stages, 1).unwrap();
        assert_eq!(user, "10001");
        // A declared value wins.
        let f = parse("ARG TARGETOS=windows\nFROM base-$TARGETOS\n");
        assert_eq!(f.stages()[0].base, "base-windows");
    }
}
