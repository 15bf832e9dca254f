//! One copy of each value many results repeat.
//!
//! A rule says the same thing about many objects ("runs as the default service account", the
//! same evidence, the same file), and every rule speaks of the same objects: results hold
//! shared copies, made here, so that memory grows with what is distinct rather than with the
//! number of results. An interner lives for one evaluation and is then dropped; the values it
//! handed out live on in the results.

use crate::model::{Evidence, ObjectRef};
use crate::threat_report::ControlSaid;
use std::borrow::Borrow;
use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Shared copies of texts, objects, evidence lists and what threat instances' controls say.
#[derive(Debug, Default)]
pub struct Interner {
    objects: Mutex<HashSet<Arc<ObjectRef>>>,
    evidence: Mutex<HashSet<Arc<Vec<Evidence>>>>,
    said: Mutex<HashSet<Arc<Vec<ControlSaid>>>>,
    strings: Mutex<HashSet<SharedString>>,
}

/// A shared `String` looked up by its text.
#[derive(Debug, PartialEq, Eq, Hash)]
struct SharedString(Arc<String>);

impl Borrow<str> for SharedString {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// The copy of `value` in `set`, or `value` made shared and put there.
fn share<T: ?Sized + Hash + Eq, V: Borrow<T>>(
    set: &Mutex<HashSet<Arc<T>>>,
    value: V,
    make: impl FnOnce(V) -> Arc<T>,
) -> Arc<T> {
    // A worker that panicked while holding the lock left a set that is still whole
    // (insertions are single steps): go on with it.
    let mut set = set.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(shared) = set.get(value.borrow()) {
        return Arc::clone(shared);
    }
    let shared = make(value);
    set.insert(Arc::clone(&shared));
    shared
}

impl Interner {
    /// The shared copy of a text, behind a thin pointer (one word, where `Arc<str>` takes
    /// two): for what hundreds of thousands of records each name.
    pub fn string(&self, text: &str) -> Arc<String> {
        let mut set = self
            .strings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(shared) = set.get(text) {
            return Arc::clone(&shared.0);
        }
        let shared = Arc::new(text.to_string());
        set.insert(SharedString(Arc::clone(&shared)));
        shared
    }

    /// The shared copy of an object.
    pub fn object(&self, object: impl Into<Arc<ObjectRef>>) -> Arc<ObjectRef> {
        // An object already shared (a rule's one copy of a workload) is kept as it is.
        share::<ObjectRef, Arc<ObjectRef>>(&self.objects, object.into(), |shared| shared)
    }

    /// The shared copy of a list of evidence.
    pub fn evidence(&self, evidence: Vec<Evidence>) -> Arc<Vec<Evidence>> {
        share(&self.evidence, evidence, |mut evidence| {
            evidence.shrink_to_fit();
            Arc::new(evidence)
        })
    }

    /// The shared copy of what a threat instance's controls say.
    pub(crate) fn said(&self, said: Vec<ControlSaid>) -> Arc<Vec<ControlSaid>> {
        share(&self.said, said, |mut said| {
            said.shrink_to_fit();
            Arc::new(said)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;

    #[test]
    fn equal_values_share_one_copy_and_different_ones_do_not() {
        let interner = Interner::default();
        let thin = interner.string("runs as root");
        assert!(Arc::ptr_eq(
            &thin,
            &interner.string(&String::from("runs as root"))
        ));
        assert!(!Arc::ptr_eq(&thin, &interner.string("runs as nobody")));
        assert_eq!(*thin, "runs as root");
        let object = |name: &str| ObjectRef {
            kind: Target::Container,
            id: name.into(),
            name: name.into(),
        };
        let web = interner.object(object("web"));
        assert!(Arc::ptr_eq(&web, &interner.object(object("web"))));
        assert!(!Arc::ptr_eq(&web, &interner.object(object("db"))));
        let list = || vec![Evidence::new("user", "root").expected("a non-root user")];
        let first = interner.evidence(list());
        assert!(Arc::ptr_eq(&first, &interner.evidence(list())));
        assert_eq!(&*first, list().as_slice());
        assert!(!Arc::ptr_eq(&first, &interner.evidence(Vec::new())));
    }
}
