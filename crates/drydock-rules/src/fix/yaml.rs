//! Edits of YAML block mappings that keep everything else byte for byte: a value replaced
//! where it is written, or new lines among a mapping's own keys with their indentation. Flow
//! mappings, aliases and values spread over lines are left alone (the fixer then offers no
//! fix) rather than rewritten in another style.

use super::{TextEdit, line_start, newline, offset_of, scalar_range_at};
use drydock_model::report::ResultEntry;
use drydock_parse::yaml::{Node, Value};

/// Where a new key of a block mapping goes, and its indentation: before the first key that
/// starts its own line, else on the line after a one-line first entry (`- name: app`).
fn insertion(text: &str, mapping: &Node) -> Option<(usize, String)> {
    let entries = mapping.entries();
    if offset_of(text, mapping.pos.line, mapping.pos.column)
        .is_some_and(|at| text[at..].starts_with('{'))
    {
        return None;
    }
    for (key, _) in entries
        .iter()
        .filter(|(k, _)| k.pos.line >= mapping.pos.line)
    {
        let start = line_start(text, key.pos.line);
        let at = offset_of(text, key.pos.line, key.pos.column)?;
        let prefix = &text[start..at];
        if !prefix.is_empty() && prefix.chars().all(|c| c == ' ') {
            return Some((start, prefix.to_string()));
        }
    }
    let (key, value) = entries.first()?;
    let one_line = match &value.value {
        Value::Scalar { .. } | Value::Null => value.pos.line == key.pos.line,
        _ => false,
    };
    if !one_line || entries.len() > 1 {
        return None;
    }
    Some((
        line_start(text, key.pos.line + 1),
        " ".repeat(key.pos.column.checked_sub(1)?),
    ))
}

/// Lines of a nested block: `path` keys, then the leaves, each level two spaces in.
fn block(indent: &str, path: &[&str], leaves: &[(&str, &str)], nl: &str) -> String {
    let mut out = String::new();
    let mut indent = indent.to_string();
    for key in path {
        out.push_str(&format!("{indent}{key}:{nl}"));
        indent.push_str("  ");
    }
    for (key, value) in leaves {
        out.push_str(&format!("{indent}{key}: {value}{nl}"));
    }
    out
}

/// Edits that make the mapping at `path` below `mapping` hold each leaf `key: value`: an
/// existing one-line value replaced, missing keys (and missing mappings on the way) inserted.
pub fn ensure(
    text: &str,
    mapping: &Node,
    path: &[&str],
    leaves: &[(&str, &str)],
) -> Option<Vec<TextEdit>> {
    let nl = newline(text);
    let Some((first, rest)) = path.split_first() else {
        let mut edits = Vec::new();
        let mut missing = Vec::new();
        for (key, value) in leaves {
            match mapping.entry(key) {
                Some((k, v)) => {
                    if v.pos.line != k.pos.line || matches!(v.value, Value::Map(_) | Value::Seq(_))
                    {
                        return None;
                    }
                    let range = scalar_range_at(text, v.pos.line, v.pos.column)?;
                    if &text[range.clone()] != *value {
                        edits.push(TextEdit {
                            range,
                            text: value.to_string(),
                        });
                    }
                }
                None => missing.push((*key, *value)),
            }
        }
        if !missing.is_empty() {
            let (at, indent) = insertion(text, mapping)?;
            edits.push(TextEdit::insert(at, block(&indent, &[], &missing, nl)));
        }
        return Some(edits);
    };
    match mapping.entry(first) {
        Some((key, value)) => match &value.value {
            Value::Map(_) if value.pos.line > key.pos.line => ensure(text, value, rest, leaves),
            _ => None,
        },
        None => {
            let (at, indent) = insertion(text, mapping)?;
            Some(vec![TextEdit::insert(at, block(&indent, path, leaves, nl))])
        }
    }
}

/// Edits that add `item` to the list under `key` of a mapping (flow or block list), or a new
/// key with a one-item block list.
pub fn add_item(text: &str, mapping: &Node, key: &str, item: &str) -> Option<Vec<TextEdit>> {
    let nl = newline(text);
    if let Some((k, v)) = mapping.entry(key) {
        let Value::Seq(items) = &v.value else {
            return None;
        };
        let start = offset_of(text, v.pos.line, v.pos.column)?;
        if text[start..].starts_with('[') {
            // Flow list: the new item goes first.
            return Some(vec![TextEdit::insert(
                start + 1,
                if items.is_empty() {
                    item.to_string()
                } else {
                    format!("{item}, ")
                },
            )]);
        }
        // Block list: a new first item, written like the current first one.
        let first = items.first()?;
        if first.pos.line <= k.pos.line {
            return None;
        }
        let line_at = line_start(text, first.pos.line);
        let item_at = offset_of(text, first.pos.line, first.pos.column)?;
        let prefix = &text[line_at..item_at];
        if !prefix.trim_start().starts_with('-') || prefix.contains('#') {
            return None;
        }
        return Some(vec![TextEdit::insert(
            line_at,
            format!("{prefix}{item}{nl}"),
        )]);
    }
    let (at, indent) = insertion(text, mapping)?;
    Some(vec![TextEdit::insert(
        at,
        format!("{indent}{key}:{nl}{indent}  - {item}{nl}"),
    )])
}

/// The pod spec and, for a finding on one container, that container's mapping, of the
/// Kubernetes object a finding names (`path#Kind/ns/name@line[/container]`), handed to `edit`.
pub fn with_workload(
    text: &str,
    finding: &ResultEntry,
    edit: impl FnOnce(&Node, Option<&Node>) -> Option<Vec<TextEdit>>,
) -> Option<Vec<TextEdit>> {
    let (_, rest) = finding.object.id.rsplit_once('#')?;
    let (_, at) = rest.rsplit_once('@')?;
    let (line, container) = match at.split_once('/') {
        Some((line, container)) => (line, Some(container)),
        None => (at, None),
    };
    let line: usize = line.parse().ok()?;
    let docs = drydock_parse::yaml::parse_stream(text);
    let object = docs
        .iter()
        .filter_map(|d| d.root.as_ref())
        .find_map(|root| {
            if root.pos.line == line {
                return Some(root);
            }
            // Objects of a `List` sit in its `items`.
            root.get("items")?
                .items()
                .iter()
                .find(|item| item.pos.line == line)
        })?;
    let kind = object.get("kind")?.as_str()?;
    let spec_at = crate::project::PodSpecAt::find(kind, object)?;
    let spec = spec_at.spec_in(object);
    let container_node = match container {
        Some(name) => Some(
            ["containers", "initContainers", "ephemeralContainers"]
                .iter()
                .filter_map(|group| spec.get(group))
                .flat_map(|list| list.items().iter())
                .find(|c| c.get("name").and_then(Node::as_str) == Some(name))?,
        ),
        None => None,
    };
    edit(spec, container_node)
}

/// For a setting the pod or a container may hold: edits on the container named by the
/// finding, else on the pod spec, below `securityContext`.
pub fn ensure_security_context(
    text: &str,
    finding: &ResultEntry,
    path: &[&str],
    leaves: &[(&str, &str)],
) -> Option<Vec<TextEdit>> {
    with_workload(text, finding, |spec, container| {
        let mut full = vec!["securityContext"];
        full.extend_from_slice(path);
        ensure(text, container.unwrap_or(spec), &full, leaves)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edited(text: &str, path: &[&str], leaves: &[(&str, &str)]) -> Option<String> {
        let doc = drydock_parse::yaml::parse_single(text);
        let root = doc.root.as_ref()?;
        let item = &root.get("containers")?.items()[0];
        super::super::apply_edits(text, &ensure(text, item, path, leaves)?)
    }

    #[test]
    fn a_one_entry_item_gets_its_key_on_the_next_line() {
        assert_eq!(
            edited(
                "containers:\n- name: app\n",
                &["securityContext"],
                &[("a", "b")]
            )
            .unwrap(),
            "containers:\n- name: app\n  securityContext:\n    a: b\n"
        );
        // CRLF files stay CRLF.
        assert_eq!(
            edited(
                "containers:\r\n  - name: app\r\n    image: x\r\n",
                &[],
                &[("a", "b")]
            )
            .unwrap(),
            "containers:\r\n  - name: app\r\n    a: b\r\n    image: x\r\n"
        );
    }

    #[test]
    fn flow_mappings_and_values_on_later_lines_are_left_alone() {
        assert!(edited("containers:\n- {name: app}\n", &[], &[("a", "b")]).is_none());
        assert!(
            edited(
                "containers:\n- name: app\n  securityContext: {a: c}\n",
                &["securityContext"],
                &[("a", "b")]
            )
            .is_none()
        );
        assert!(
            edited(
                "containers:\n- name: app\n  a: >\n    folded\n",
                &[],
                &[("a", "b")]
            )
            .is_none()
        );
    }
}
