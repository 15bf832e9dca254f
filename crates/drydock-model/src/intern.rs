//! One copy of each value many results repeat.
//!
//! A rule says the same thing about many objects ("runs as the default service account", the
//! same evidence, the same file), and every rule speaks of the same objects: results hold
//! shared copies, made here, so that memory grows with what is distinct rather than with the
//! number of results. An interner lives for one evaluation and is then dropped; the values it
//! handed out live on in the results.

use crate::model::{Evidence, ObjectRef};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, MutexGuard};

/// Shared copies of texts, objects and evidence lists.
#[derive(Debug, Default)]
pub struct Interner {
    texts: Mutex<HashSet<Arc<str>>>,
    objects: Mutex<HashSet<Arc<ObjectRef>>>,
    evidence: Mutex<HashSet<Arc<[Evidence]>>>,
}

// A worker that panicked while holding a lock left a set that is still whole (insertions are
// single steps): go on with it.
fn lock<T>(set: &Mutex<T>) -> MutexGuard<'_, T> {
    set.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Interner {
    /// The shared copy of a text.
    pub fn text(&self, text: &str) -> Arc<str> {
        let mut texts = lock(&self.texts);
        if let Some(shared) = texts.get(text) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(text);
        texts.insert(Arc::clone(&shared));
        shared
    }

    /// The shared copy of an object.
    pub fn object(&self, object: ObjectRef) -> Arc<ObjectRef> {
        let mut objects = lock(&self.objects);
        if let Some(shared) = objects.get(&object) {
            return Arc::clone(shared);
        }
        let shared = Arc::new(object);
        objects.insert(Arc::clone(&shared));
        shared
    }

    /// The shared copy of a list of evidence.
    pub fn evidence(&self, evidence: Vec<Evidence>) -> Arc<[Evidence]> {
        let mut lists = lock(&self.evidence);
        if let Some(shared) = lists.get(evidence.as_slice()) {
            return Arc::clone(shared);
        }
        let shared: Arc<[Evidence]> = Arc::from(evidence);
        lists.insert(Arc::clone(&shared));
        shared
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
