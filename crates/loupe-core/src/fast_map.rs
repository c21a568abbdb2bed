//! Maps keyed by what the logs hold (tracking IDs, thread names, subscribers, findings'
//! keys), looked up on most entries of a BroadWorks log. Fx hashing costs a few instructions a
//! key where SipHash costs tens; SipHash's resistance to crafted collisions guards services
//! that hash strangers' input, not an analysis of the user's own files.

pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;
pub(crate) type FastSet<T> = rustc_hash::FxHashSet<T>;
