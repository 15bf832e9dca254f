//! A scalar's text as the parse tree keeps it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// The most bytes held in the node itself.
const INLINE: usize = 22;

/// A scalar's text: short ones (most keys and values of a manifest: `name`, `image`, `true`)
/// are held in place, longer ones on the heap. Reads as a `str`.
// A manifest of a hundred thousand pods has over a million scalars, nearly all a few bytes
// long: each as its own `String` was a separate allocation of at least 32 bytes, a quarter of
// the parse tree's memory, in the same 24 bytes of node.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl Text {
    /// The text of `s`.
    pub fn new(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Text(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Text(Repr::Heap(s.into()))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Always whole UTF-8: only `new` fills it, from a `str`.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..*len as usize]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        if s.len() <= INLINE {
            Text::new(&s)
        } else {
            Text(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        match text.0 {
            Repr::Heap(text) => text.into_string(),
            Repr::Inline { .. } => text.as_str().to_string(),
        }
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_reads_back_as_written_short_or_long_and_takes_no_more_room_than_a_string() {
        for s in [
            "",
            "c",
            "exactly twenty-two by.",
            "twenty-three bytes long",
            "é ü 日本語 — multi-byte text",
            "日本語日本語日本", // 24 bytes
        ] {
            let text = Text::new(s);
            assert_eq!(text.as_str(), s);
            assert_eq!(Text::from(s.to_string()), text);
            assert_eq!(String::from(text.clone()), s);
            assert_eq!(format!("{text:?}"), format!("{s:?}"));
        }
        assert!(matches!(
            Text::new("exactly twenty-two by.").0,
            Repr::Inline { .. }
        ));
        assert!(matches!(
            Text::new("twenty-three bytes long").0,
            Repr::Heap(_)
        ));
        assert!(std::mem::size_of::<Text>() <= std::mem::size_of::<String>());
    }
}
