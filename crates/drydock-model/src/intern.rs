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
    texts: Mutex<HashSet<Arc<str>>>,
    objects: Mutex<HashSet<Arc<ObjectRef>>>,
    evidence: Mutex<HashSet<Arc<[Evidence]>>>,
    said: Mutex<HashSet<Arc<[ControlSaid]>>>,
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
    /// The shared copy of a text.
    pub fn text(&self, text: &str) -> Arc<str> {
        share(&self.texts, text, Arc::from)
    }

    /// The shared copy of an object.
    pub fn object(&self, object: ObjectRef) -> Arc<ObjectRef> {
        share(&self.objects, object, Arc::new)
    }

    /// The shared copy of a list of evidence.
    pub fn evidence(&self, evidence: Vec<Evidence>) -> Arc<[Evidence]> {
        share(&self.evidence, evidence, Arc::from)
    }

    /// The shared copy of what a threat instance's controls say.
    pub(crate) fn said(&self, said: Vec<ControlSaid>) -> Arc<[ControlSaid]> {
        share(&self.said, said, Arc::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;

    #[test]
    fn equal_values_share_one_copy_and_different_ones_do_not() {
        let interner = Interner::default();
        let a = interner.text("runs as root");
        let b = interner.text(&String::from("runs as root"));
        let c = interner.text("runs as nobody");
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
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
