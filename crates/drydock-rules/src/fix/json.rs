//! Setting a top-level key of a JSON object (`daemon.json`) by splicing the text: the user's
//! order, spacing and line breaks stay; the value of an existing key is replaced, a new key goes
//! after the last one with the same indentation.

use super::{TextEdit, newline};
use std::ops::Range;

/// One member of the top-level object: its key and the byte ranges of the key (quotes
/// included) and of the value.
struct Member {
    key: String,
    key_range: Range<usize>,
    value: Range<usize>,
}

/// The top-level object's members and the offset of its closing brace, or `None` when the
/// text is not one JSON object (then nothing is edited).
fn members(text: &str) -> Option<(Vec<Member>, usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = skip_space(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    let open = i;
    i += 1;
    let mut out = Vec::new();
    loop {
        i = skip_space(bytes, i);
        match bytes.get(i)? {
            b'}' if out.is_empty() => return Some((out, open, i)),
            b'"' => {}
            _ => return None,
        }
        let key_end = string_end(bytes, i)?;
        let key: String = serde_json::from_str(&text[i..key_end]).ok()?;
        let key_range = i..key_end;
        i = skip_space(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        i = skip_space(bytes, i + 1);
        let value_end = value_end(bytes, i)?;
        out.push(Member {
            key,
            key_range,
            value: i..value_end,
        });
        i = skip_space(bytes, value_end);
        match bytes.get(i)? {
            b',' => i += 1,
            b'}' => {
                // Nothing but space may follow the object.
                return (skip_space(bytes, i + 1) == bytes.len()).then_some((out, open, i));
            }
            _ => return None,
        }
    }
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the string starting at `i` (a `"`).
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// End (exclusive) of the value starting at `i`.
fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => string_end(bytes, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < bytes.len() {
                match bytes[j] {
                    b'"' => {
                        j = string_end(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < bytes.len()
                && !matches!(bytes[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// Edits that set `key` to the JSON text `value` in a top-level object; an empty text becomes
/// a new object. `None` when the text is not a single JSON object.
pub fn set_key(text: &str, key: &str, value: &str) -> Option<Vec<TextEdit>> {
    let quoted = serde_json::to_string(key).ok()?;
    if text.trim().is_empty() {
        let nl = newline(text);
        return Some(vec![TextEdit {
            range: 0..text.len(),
            text: format!("{{{nl}  {quoted}: {value}{nl}}}{nl}"),
        }]);
    }
    let (members, open, close) = members(text)?;
    // The last occurrence is the one a JSON reader keeps; dockerd refuses duplicates anyway.
    if let Some(m) = members.iter().rev().find(|m| m.key == key) {
        return Some(vec![TextEdit {
            range: m.value.clone(),
            text: value.to_string(),
        }]);
    }
    let nl = newline(text);
    match members.last() {
        None => {
            let inside = &text[open + 1..close];
            let edit = if inside.contains('\n') {
                format!("{nl}  {quoted}: {value}{nl}")
            } else {
                format!(" {quoted}: {value} ")
            };
            Some(vec![TextEdit {
                range: open + 1..close,
                text: edit,
            }])
        }
        Some(last) => {
            // The new member is written like the last: on a line of its own with the same
            // indentation, or on the same line after a space.
            let line_start = text[..last.key_range.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let before_key = &text[line_start..last.key_range.start];
            let own_line = before_key.chars().all(|c| c == ' ' || c == '\t');
            let insert = if own_line && line_start > open {
                format!(",{nl}{before_key}{quoted}: {value}")
            } else {
                format!(", {quoted}: {value}")
            };
            Some(vec![TextEdit::insert(last.value.end, insert)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

    fn set(text: &str, key: &str, value: &str) -> String {
        apply_edits(text, &set_key(text, key, value).unwrap()).unwrap()
    }

    #[test]
    fn a_value_is_replaced_where_it_is() {
        assert_eq!(
            set(
                "{\n    \"icc\":   true,\n    \"debug\": false\n}\n",
                "icc",
                "false"
            ),
            "{\n    \"icc\":   false,\n    \"debug\": false\n}\n"
        );
    }

    #[test]
    fn a_new_key_follows_the_last_in_its_style() {
        assert_eq!(
            set(
                "{\n\t\"log-opts\": {\"max-size\": \"10m\"}\n}\n",
                "live-restore",
                "true"
            ),
            "{\n\t\"log-opts\": {\"max-size\": \"10m\"},\n\t\"live-restore\": true\n}\n"
        );
        assert_eq!(
            set("{\"a\": [1, {\"b\": \"}\"}]}", "icc", "false"),
            "{\"a\": [1, {\"b\": \"}\"}], \"icc\": false}"
        );
        assert_eq!(
            set("{\r\n}\r\n", "icc", "false"),
            "{\r\n  \"icc\": false\r\n}\r\n"
        );
        assert_eq!(set("", "icc", "false"), "{\n  \"icc\": false\n}\n");
    }

    #[test]
    fn what_is_not_one_object_is_left_alone() {
        for text in [
            "[1]",
            "{\"a\": 1,}",
            "{\"a\" 1}",
            "{\"a\": 1} {}",
            "{\"a\": \"open",
        ] {
            assert!(set_key(text, "icc", "false").is_none(), "{text}");
        }
    }
}
