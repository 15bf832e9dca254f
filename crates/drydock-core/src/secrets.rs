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

/// The text shown in place of a secret value.
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!("<redacted:{}-chars>", value.chars().count())
    }
}

/// Whether a value is a mask produced by [`mask`].
pub fn is_masked(value: &str) -> bool {
    value.starts_with("<redacted:") && value.ends_with("-chars>")
}

/// Masks the value of every `NAME=value` word whose name looks secret, keeping the rest.
pub fn redact_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
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
pub fn redact_text(text: &str) -> String {
    // Most messages hold none of the three shapes; skip the word-by-word passes for them.
    // (`://` and `--user` both contain characters checked here.)
    if !text.contains('=') && !text.contains(':') {
        return text.to_string();
    }
    let mut out = redact_assignments(text);
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
    // `-u user:password` (curl and friends).
    let words: Vec<&str> = out.split(' ').collect();
    let mut result = Vec::with_capacity(words.len());
    let mut after_user_flag = false;
    for w in words {
        if after_user_flag
            && let Some((user, pass)) = w.split_once(':')
            && !pass.is_empty()
            && !pass.starts_with('$')
            && !is_masked(pass)
        {
            result.push(format!("{user}:{}", mask(pass)));
        } else {
            result.push(w.to_string());
        }
        after_user_flag = w == "-u" || w == "--user";
    }
    result.join(" ")
}

/// Masks an `ENV` entry (`NAME=value`) when the name looks secret.
pub fn redact_env(entry: &str) -> String {
    match entry.split_once('=') {
        Some((name, value)) if is_secret_name(name) && !is_masked(value) => {
            format!("{name}={}", mask(value))
        }
        _ => entry.to_string(),
    }
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
}
