//! Recognising and masking secrets, so no output drydock writes repeats one.

/// Words that make a variable name look like it holds a secret.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "API_KEY",
    "APIKEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
    "AUTH_KEY",
    "CLIENT_KEY",
];

/// Whether a variable name looks like it holds a secret. Names that point at a file holding
/// the secret (`*_FILE`, `*_PATH`) do not.
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if upper.ends_with("_FILE") || upper.ends_with("_PATH") || upper.ends_with("_DIR") {
        return false;
    }
    SECRET_WORDS.iter().any(|w| upper.contains(w))
}

/// Prefixes of access tokens whose shape alone says what they are.
const TOKEN_PREFIXES: &[&str] = &[
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "sk_live_",
    "rk_live_",
    "AKIA",
    "ASIA",
    "npm_",
    "pypi-",
];

/// Whether a value has the shape of a credential whatever its name: a known token prefix
/// followed by enough token characters, a JSON Web Token, or a PEM private key.
pub fn looks_like_secret_value(value: &str) -> bool {
    let v = value.trim();
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return true;
    }
    let token_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if TOKEN_PREFIXES.iter().any(|p| {
        v.strip_prefix(p)
            .is_some_and(|rest| rest.len() >= 12 && rest.chars().all(token_char))
    }) {
        return true;
    }
    // A JWT: three base64url parts, the first a JSON header (`{"` is `eyJ`).
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts.iter().all(|p| {
            p.len() >= 8
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '=')
        })
}

/// The text shown in place of a secret value.
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!("<redacted:{}-chars>", value.chars().count())
    }
}

/// Whether a value is, or holds, a mask produced by [`mask`] (masking twice would nest them).
/// Only a whole mask counts: text that merely starts like one (`<redacted:x`) hides nothing.
pub fn is_masked(value: &str) -> bool {
    value
        .match_indices("<redacted:")
        .any(|(at, _)| mask_len(&value[at..]).is_some())
}

/// The length of the mask a text starts with (`<redacted:12-chars>`), when it starts with one.
fn mask_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("<redacted:")?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with("-chars>"))
        .then(|| "<redacted:".len() + digits + "-chars>".len())
}

/// Masks the value of every `NAME=value` word whose name looks secret, keeping the rest.
pub fn redact_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (word, space) in words(text) {
        out.push_str(space);
        match word.split_once('=') {
            Some((name, value))
                if is_secret_name(name.trim_start_matches("--"))
                    && !value.is_empty()
                    && !is_masked(value) =>
            {
                out.push_str(name);
                out.push('=');
                out.push_str(&mask(value));
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// Masks everything in a text that looks like a credential: `NAME=value` words with secret-like
/// names, passwords in URLs (`https://user:pass@host`) and `user:pass` after `-u`/`--user`.
/// Applied to every message and piece of evidence before any output is written.
///
/// Masking is idempotent: one pass can uncover a shape that a later step of the same pass has
/// already gone by (a mask ends a word, and the rest of the word is then an assignment), so
/// passes repeat while they mask something, a few times at most.
pub fn redact_text(text: &str) -> String {
    redacted(text).unwrap_or_else(|| text.to_owned())
}

/// The text with every credential masked, as [`redact_text`] makes it, or `None` when it holds
/// none: a caller that keeps the text it has then allocates nothing (a million results hold a
/// million messages, nearly all without a credential).
pub fn redacted(text: &str) -> Option<String> {
    let mut masked = redact_text_once(text);
    if masked == text {
        return None;
    }
    for _ in 0..4 {
        let again = redact_text_once(&masked);
        if again == masked {
            break;
        }
        masked = again;
    }
    Some(masked)
}

fn redact_text_once(text: &str) -> String {
    let text = redact_token_words(text);
    // Most messages hold none of the other shapes; skip the word-by-word passes for them.
    // (`://` and `--user` both contain characters checked here.)
    if !text.contains('=') && !text.contains(':') {
        return text;
    }
    let mut out = redact_assignments(&text);
    // Passwords in URLs.
    let mut search = 0;
    while let Some(found) = out[search..].find("://") {
        let start = search + found + 3;
        let end = out[start..]
            .find(|c: char| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            .map_or(out.len(), |e| start + e);
        if let Some(at) = out[start..end].rfind('@')
            && let Some(colon) = out[start..start + at].find(':')
        {
            let pass = &out[start + colon + 1..start + at];
            if !pass.is_empty() && !is_masked(pass) {
                let masked = mask(pass);
                out.replace_range(start + colon + 1..start + at, &masked);
            }
        }
        search = start.min(out.len());
    }
    // `-u user:password` (curl and friends), also as words of a JSON array
    // (`"-u", "admin:pw"`), and the credential of an `Authorization:` header.
    let mut result = String::with_capacity(out.len());
    let mut after_user_flag = false;
    let mut after_auth_scheme = false;
    let mut after_auth_header = false;
    for (w, space) in words(&out) {
        result.push_str(space);
        let bare = w.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | '[' | ']' | '(' | ')'));
        if after_user_flag
            && let Some((user, pass)) = bare.split_once(':')
            && !pass.is_empty()
            && !pass.starts_with('$')
            && !is_masked(pass)
        {
            result.push_str(&w.replacen(bare, &format!("{user}:{}", mask(pass)), 1));
        } else if (after_auth_scheme || after_auth_header)
            && !bare.is_empty()
            && !bare.starts_with('$')
            && !is_masked(bare)
            && !is_auth_scheme(bare)
        {
            result.push_str(&w.replacen(bare, &mask(bare), 1));
        } else {
            result.push_str(w);
        }
        after_user_flag = bare == "-u" || bare == "--user";
        // `Authorization: Bearer <token>` (or `token`, `Basic`): the word after the scheme.
        after_auth_scheme = after_auth_header && is_auth_scheme(bare);
        after_auth_header = bare.eq_ignore_ascii_case("authorization:")
            || bare.to_ascii_lowercase().ends_with("authorization:");
    }
    result
}

/// The words of a text, each with the white space before it (newlines and tabs included), so
/// that joining them gives the text back byte for byte.
fn words(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        let (space, tail) = rest.split_at(word_start);
        let word_end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        let (word, next) = tail.split_at(word_end);
        out.push((word, space));
        rest = next;
    }
    out
}

fn is_auth_scheme(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "bearer" | "token" | "basic" | "digest"
    )
}

/// Masks every word that has the shape of a credential whatever surrounds it (access tokens
/// with a known prefix, JSON Web Tokens, long base64 runs such as a PEM body line), keeping the
/// characters around it (quotes, commas, `=`).
fn redact_token_words(text: &str) -> String {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+' | '/');
    if !text.chars().any(|c| c.is_ascii_alphanumeric()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            // A sentence's full stop is not part of the token.
            let core = word.trim_end_matches('.');
            if !is_masked(core) && (looks_like_secret_value(core) || looks_like_key_material(core))
            {
                out.push_str(&mask(core));
                out.push_str(&word[core.len()..]);
            } else {
                out.push_str(word);
            }
            word.clear();
        }
    };
    // `<redacted:…>` masks already in the text pass through whole.
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(len) = mask_len(rest) {
            flush(&mut word, &mut out);
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if is_token_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut word, &mut out);
    out
}

/// A long run of base64 with mixed case and digits, not a hex digest: a line of a PEM key or
/// another encoded secret.
fn looks_like_key_material(word: &str) -> bool {
    let w = word.trim_end_matches('=');
    w.len() >= 48
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/')
        && w.chars().any(|c| c.is_ascii_uppercase())
        && w.chars().any(|c| c.is_ascii_lowercase())
        && w.chars().any(|c| c.is_ascii_digit())
        // A path has many separators; a base64 line has a few at random.
        && w.matches('/').count() <= 3
}

/// Masks an `ENV` entry (`NAME=value`): the whole value when the name looks secret, else the
/// credentials inside it (a password in a URL, a token).
pub fn redact_env(entry: &str) -> String {
    match entry.split_once('=') {
        Some((name, value)) if is_secret_name(name) && !is_masked(value) => {
            format!("{name}={}", mask(value))
        }
        Some((name, value)) => format!("{name}={}", redact_text(value)),
        None => entry.to_string(),
    }
}

/// Masks the credentials in a project file's text, line by line, keeping everything else
/// byte for byte (so two texts masked alike still diff line for line): what [`redact_text`]
/// masks, plus `NAME: value` and `"NAME": "value"` entries with secret-like names (compose,
/// YAML, JSON), `ENV NAME value` in a Dockerfile, and the `value:` that follows a
/// `name: NAME` entry (a Kubernetes environment variable).
pub fn redact_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Indentation of the `name:` of a secret-named Kubernetes variable whose `value:` may follow.
    let mut pending_value: Option<usize> = None;
    let secret_documents = secret_documents(text);
    let mut document = 0;
    // Indentation of the `data:` or `stringData:` of a Kubernetes Secret being read: every
    // value under it is a secret, whatever its key (`config.json`, `.dockerconfigjson`).
    let mut secret_data: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") {
            document += 1;
            secret_data = None;
        }
        let (body, ending) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => match line.strip_suffix('\n') {
                Some(b) => (b, "\n"),
                None => (line, ""),
            },
        };
        let mut masked = redact_text(body);
        let trimmed = masked.trim_start();
        let indent = masked.len() - trimmed.len();
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let item_indent = indent + (trimmed.len() - item.len());
        if secret_data.is_some_and(|at| indent <= at) && !trimmed.is_empty() {
            secret_data = None;
        }
        if secret_data.is_some() && !trimmed.is_empty() && !trimmed.starts_with('#') {
            masked = match key_and_value(item) {
                Some((_, value)) if !value.is_empty() => {
                    replace_part(&masked, value, &mask_yaml(value))
                }
                Some(_) => masked,
                // A line of a block scalar.
                None if is_masked(trimmed) => masked,
                None => format!("{}{}", &masked[..indent], mask(trimmed)),
            };
        } else if let Some((key, value)) = key_and_value(item) {
            if matches!(key, "data" | "stringData")
                && value.is_empty()
                && secret_documents.contains(&document)
            {
                secret_data = Some(indent);
            }
            if key == "value" && pending_value.is_some_and(|i| i == item_indent) {
                masked = replace_part(&masked, value, &mask_yaml(value));
                pending_value = None;
            } else if is_secret_name(key) && !value.is_empty() {
                masked = replace_part(&masked, value, &mask_yaml(value));
            } else if key == "name" && is_secret_name(value.trim_matches(['"', '\''])) {
                pending_value = Some(item_indent);
            } else if !trimmed.starts_with("- ") && pending_value.is_some_and(|i| i != item_indent)
            {
                pending_value = None;
            }
        } else if let Some(rest) = dockerfile_env(&masked) {
            let (name, value) = rest
                .trim_start()
                .split_once(char::is_whitespace)
                .unwrap_or((rest, ""));
            if is_secret_name(name)
                && !value.trim().is_empty()
                && !value.contains('=')
                && !is_masked(value)
            {
                let value = value.trim();
                masked = replace_part(&masked, value, &mask(value));
            }
        }
        out.push_str(&masked);
        out.push_str(ending);
    }
    out
}

/// `whole` with `part`, a slice of it, replaced by `with`. (Not "the end of the line": a value
/// is trimmed, and a line may end in white space after it.)
fn replace_part(whole: &str, part: &str, with: &str) -> String {
    let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    match whole.get(start..start + part.len()) {
        Some(found) if std::ptr::eq(found.as_ptr(), part.as_ptr()) => {
            format!("{}{with}{}", &whole[..start], &whole[start + part.len()..])
        }
        // Not a slice of `whole`: replace its first occurrence instead.
        _ => whole.replacen(part, with, 1),
    }
}

/// The numbers of the YAML documents (counted by `---` lines) that are Kubernetes Secrets.
fn secret_documents(text: &str) -> Vec<usize> {
    let mut documents = Vec::new();
    let mut document = 0;
    for line in text.lines() {
        if line.starts_with("---") {
            document += 1;
        }
        let trimmed = line.trim().trim_end_matches(',');
        if let Some((key, value)) = key_and_value(trimmed.strip_prefix("- ").unwrap_or(trimmed))
            && key == "kind"
            && value.trim_matches(['"', '\'']) == "Secret"
            && documents.last() != Some(&document)
        {
            documents.push(document);
        }
    }
    documents
}

/// `key: value` or `"key": value` at the start of a YAML or JSON line: the key and the value
/// as written (up to the end of the line).
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let (key, rest) = if let Some(quoted) = line.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], quoted[end + 1..].trim_start())
    } else if let Some(quoted) = line.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (&quoted[..end], quoted[end + 1..].trim_start())
    } else {
        let end = line.find(':')?;
        (&line[..end], &line[end..])
    };
    let value = rest.strip_prefix(':')?;
    if !value.is_empty() && !value.starts_with([' ', '\t']) {
        return None;
    }
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    let value = value.trim();
    // Nested blocks, anchors and aliases hold no value on this line.
    if value.starts_with(['{', '[', '&', '*', '|', '>', '#']) {
        return Some((key, ""));
    }
    Some((key, value))
}

/// A YAML or JSON value masked, keeping its quotes and a JSON comma.
fn mask_yaml(value: &str) -> String {
    if is_masked(value.trim_matches(['"', '\'', ','])) || holds_no_secret(value) {
        return value.to_string();
    }
    let comma = if value.ends_with(',') { "," } else { "" };
    let bare = value.trim_end_matches(',');
    for q in ['"', '\''] {
        if bare.len() >= 2 && bare.starts_with(q) && bare.ends_with(q) {
            return format!("{q}{}{q}{comma}", mask(&bare[1..bare.len() - 1]));
        }
    }
    format!("{}{comma}", mask(bare))
}

/// Whether the value of a secret-named key cannot be a secret: a YAML boolean or null
/// (`automountServiceAccountToken: false`), or a bare reference to a variable (`${DB_PASSWORD}`,
/// which names the secret without holding it). A reference with a default (`${X:-word}`) may
/// hold one, and is masked.
fn holds_no_secret(value: &str) -> bool {
    let bare = value.trim_end_matches(',').trim();
    let plain = matches!(
        bare.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "{}" | "[]"
    );
    let unquoted = bare.trim_matches(['"', '\'']);
    let reference = unquoted
        .strip_prefix("${")
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| unquoted.strip_prefix('$'))
        .is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    plain || reference
}

/// The rest of a Dockerfile `ENV` or `ARG` line.
fn dockerfile_env(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let keyword = t.get(..4)?;
    (keyword.eq_ignore_ascii_case("ENV ") || keyword.eq_ignore_ascii_case("ARG ")).then(|| &t[4..])
}

/// File names that hold keys or credentials.
pub fn secret_file_kind(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let lower = path.to_ascii_lowercase();
    if matches!(
        name.as_str(),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519"
    ) {
        return Some("an SSH private key");
    }
    if name.ends_with(".pem")
        || name.ends_with(".key")
        || name.ends_with(".p12")
        || name.ends_with(".pfx")
    {
        return Some("a key or certificate bundle");
    }
    if matches!(
        name.as_str(),
        ".env"
            | ".npmrc"
            | ".pypirc"
            | ".netrc"
            | ".git-credentials"
            | ".dockercfg"
            | "credentials"
            | "htpasswd"
            | ".htpasswd"
    ) {
        return Some("a credentials file");
    }
    if lower.contains(".aws/") || lower.contains(".ssh/") || lower.ends_with(".docker/config.json")
    {
        return Some("a credentials directory's file");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names_and_file_pointers() {
        assert!(is_secret_name("DB_PASSWORD"));
        assert!(is_secret_name("github_token"));
        assert!(!is_secret_name("POSTGRES_PASSWORD_FILE"));
        assert!(!is_secret_name("PATH"));
    }

    #[test]
    fn redaction_keeps_names_and_hides_values() {
        let text = "|2 API_TOKEN=abc123 VERSION=1.2 /bin/sh -c make";
        let red = redact_assignments(text);
        assert!(!red.contains("abc123"));
        assert!(red.contains("API_TOKEN=<redacted:6-chars>"));
        assert!(red.contains("VERSION=1.2"));
        assert_eq!(redact_assignments(&red), red);
        assert_eq!(
            redact_env("SECRET_KEY=hunter2"),
            "SECRET_KEY=<redacted:7-chars>"
        );
        assert_eq!(redact_env("LANG=C"), "LANG=C");
        let run = "git clone https://bot:s3cret@git.example.com/r.git && curl -u admin:pa55 x DB_PASSWORD=hunter2";
        let red = redact_text(run);
        for secret in ["s3cret", "pa55", "hunter2"] {
            assert!(!red.contains(secret), "{red}");
        }
        assert!(
            red.contains("bot:<redacted:6-chars>@git.example.com"),
            "{red}"
        );
        assert_eq!(
            redact_text("https://example.com/a:b@c"),
            "https://example.com/a:b@c"
        );
    }

    #[test]
    fn source_texts_are_masked_line_for_line() {
        let compose = "services:\n  app:\n    environment:\n      API_TOKEN: \"s3cr3t-a\"\n      - DB_PASSWORD=s3cr3t-b\n      MODE: dev\n";
        let masked = redact_source(compose);
        assert!(!masked.contains("s3cr3t"), "{masked}");
        assert!(masked.contains("MODE: dev"));
        assert_eq!(masked.lines().count(), compose.lines().count());
        let kube = "env:\n- name: DB_PASSWORD\n  value: s3cr3t-c\n- name: MODE\n  value: dev\n";
        let masked = redact_source(kube);
        assert!(!masked.contains("s3cr3t"), "{masked}");
        assert!(masked.contains("value: dev"), "{masked}");
        let json = "{\r\n  \"api_key\": \"s3cr3t-d\",\r\n  \"x\": 1\r\n}";
        let masked = redact_source(json);
        assert!(!masked.contains("s3cr3t"), "{masked}");
        assert!(masked.contains("\r\n  \"x\": 1\r\n"), "{masked:?}");
        let dockerfile = "FROM x\nENV SECRET_KEY s3cr3t-e\nARG GITHUB_TOKEN=s3cr3t-f\nENV A=1\n";
        let masked = redact_source(dockerfile);
        assert!(!masked.contains("s3cr3t"), "{masked}");
        assert!(masked.contains("ENV A=1"));
        // Text without credentials is unchanged, byte for byte.
        let plain = "services:\n  web:\n    image: nginx\n    ports: [\"80:80\"]\n";
        assert_eq!(redact_source(plain), plain);
        // Secret-named keys whose values cannot be secrets are left as they are.
        let settings = "spec:\n  automountServiceAccountToken: false\n  env:\n    DB_PASSWORD: ${DB_PASSWORD}\n    API_KEY: \"$API_KEY\"\n    TOKEN: ~\n";
        assert_eq!(redact_source(settings), settings);
        // A default in a reference may be one.
        let defaulted = "    DB_PASSWORD: ${DB_PASSWORD:-hunter22}\n";
        assert!(!redact_source(defaulted).contains("hunter22"));
        // White space after a value (a tab, a vertical tab, a non-ASCII letter before it) stays
        // where it is, and the value is still masked.
        for line in [
            "PASSWD: \u{164}k.e\u{67f}s3cr3t-g\u{b}\u{b}\n",
            "ENV API_KEY s3cr3t-h\t \n",
        ] {
            let masked = redact_source(line);
            assert!(!masked.contains("s3cr3t"), "{masked:?}");
            assert_eq!(redact_source(&masked), masked);
        }
        // Every value of a Secret's data is one, whatever its key; other documents keep theirs.
        let manifests = "apiVersion: v1\nkind: ConfigMap\ndata:\n  config.json: plain-1\n---\napiVersion: v1\nkind: Secret\ndata:\n  config.json: czNjcjN0\n  .dockerconfigjson: \"eyJhdXRocyI6e319\"\nstringData:\n  cert: |\n    s3cr3t-block\n  # a comment\ntype: Opaque\n";
        let masked = redact_source(manifests);
        for secret in ["czNjcjN0", "eyJhdXRocyI6e319", "s3cr3t-block"] {
            assert!(!masked.contains(secret), "{masked}");
        }
        assert!(masked.contains("config.json: plain-1"), "{masked}");
        assert!(masked.contains("type: Opaque"), "{masked}");
        assert_eq!(masked.lines().count(), manifests.lines().count());
        assert_eq!(redact_source(&masked), masked);
    }

    #[test]
    fn tokens_headers_and_key_lines_are_masked_wherever_they_stand() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        for (text, secret) in [
            (
                "RUN curl -H \"Authorization: token ghp_abcdefghijklmnopqrstuvwxyz012345\" https://x | sh",
                "ghp_abcdefghijklmnopqrstuvwxyz012345",
            ),
            (
                "curl -H 'Authorization: Bearer s3cr3tValue99' x",
                "s3cr3tValue99",
            ),
            (
                &format!("HEALTHCHECK CMD curl -H \"X-Token: {jwt}\" x"),
                jwt,
            ),
            (
                "[\"CMD\", \"curl\", \"-u\", \"admin:Pa55word\", \"http://x\"]",
                "Pa55word",
            ),
            (
                "line 3: MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj is not an instruction",
                "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
            ),
            (
                "args: [--token, glpat-abcdefghijklmnop1234]",
                "glpat-abcdefghijklmnop1234",
            ),
        ] {
            let masked = redact_text(text);
            assert!(!masked.contains(secret), "{text} -> {masked}");
            assert!(masked.contains("<redacted:"), "{masked}");
            // Masking is idempotent: a second pass changes nothing, and masks never nest.
            assert_eq!(redact_text(&masked), masked);
            assert!(!masked.contains("<redacted:<redacted:"), "{masked}");
        }
        // Digests, paths and ordinary words stay.
        for text in [
            "FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
            "COPY ./src/main/java/com/example/Application123.java /app/src/",
            "publishes 8080 on every interface",
        ] {
            assert_eq!(redact_text(text), text);
        }
    }

    #[test]
    fn masking_a_mask_inside_parentheses_does_not_nest() {
        let once = redact_text("(TOKEN=abc123secret)");
        assert_eq!(redact_text(&once), once);
        assert!(!once.contains("<redacted:<redacted:"), "{once}");
    }
}
