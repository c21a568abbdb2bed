//! Shards: what one analysis learned from its files, packed so that another analysis (on
//! another thread, or in another Web Worker, which shares no memory) can take it in.
//!
//! A shard's files follow the absorbing analysis's own, so every `FileId` in it is shifted
//! by the number of files already there. The shift happens while the bytes are decoded
//! (see [`FileId`]'s `Deserialize`), which reaches every id however deeply a detector keeps
//! it, instead of each detector having to remember every field that holds one.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::{Mutex, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::analysis::FileId;

/// Names the layout of a shard: a shard from another build is refused, not misread.
pub(crate) const LAYOUT: &str = concat!("loupe-shard-1/", env!("CARGO_PKG_VERSION"));

thread_local! {
    /// Added to every `FileId` decoded on this thread; set only inside [`decode_shifted`].
    static FILE_SHIFT: Cell<usize> = const { Cell::new(0) };
}

/// Packs a value; a shard only holds types that always serialize.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    bincode::serialize(value).map_err(|e| format!("could not pack a shard: {e}"))
}

/// Unpacks a value, with every `FileId` in it moved `shift` files along.
pub(crate) fn decode_shifted<T: DeserializeOwned>(bytes: &[u8], shift: usize) -> Result<T, String> {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            FILE_SHIFT.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(FILE_SHIFT.with(|s| s.replace(shift)));
    bincode::deserialize(bytes).map_err(|e| format!("damaged shard: {e}"))
}

impl Serialize for FileId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0 as u64)
    }
}

impl<'de> Deserialize<'de> for FileId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let local = usize::try_from(u64::deserialize(deserializer)?).map_err(serde::de::Error::custom)?;
        Ok(FileId(local + FILE_SHIFT.with(Cell::get)))
    }
}

/// The one copy of a string that the code holds as `&'static str` (rule ids, platform
/// names): decoding cannot borrow from the shard's bytes, which do not live that long, so
/// each distinct string is leaked once and shared from then on.
fn intern(text: String) -> &'static str {
    static POOL: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut pool = POOL.get_or_init(Default::default).lock().unwrap_or_else(|poison| poison.into_inner());
    if let Some(&known) = pool.get(text.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    pool.insert(leaked);
    leaked
}

/// `&'static str` under another name, for fields packed with [`interned`]: serde's derive
/// takes a field written `&'static str` to borrow from the bytes it reads, which a shard's
/// bytes cannot lend for `'static`.
pub(crate) type StaticStr = &'static str;

/// `#[serde(with = "interned")]` for a `&'static str` field.
pub(crate) mod interned {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(text: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<&'static str, D::Error> {
        Ok(intern(String::deserialize(deserializer)?))
    }
}

/// `#[serde(with = "interned_option")]` for an `Option<&'static str>` field.
pub(crate) mod interned_option {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        text: &Option<&'static str>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        text.serialize(serializer)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<&'static str>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(intern))
    }
}

/// `#[serde(with = "by_rule")]` for a map keyed by `(rule id, subject)`, the key findings
/// are filed under.
pub(crate) mod by_rule {
    use super::*;

    type Key = (&'static str, Option<String>);

    pub(crate) fn serialize<V: Serialize, S: Serializer>(
        map: &HashMap<Key, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.iter().map(|((rule, subject), value)| (*rule, subject, value)))
    }

    pub(crate) fn deserialize<'de, V: DeserializeOwned, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<HashMap<Key, V>, D::Error> {
        let pairs = Vec::<(String, Option<String>, V)>::deserialize(deserializer)?;
        Ok(pairs.into_iter().map(|(rule, subject, value)| ((intern(rule), subject), value)).collect())
    }
}

/// Appends `more` to `kept` without passing `cap` items, as reading them in order would.
pub(crate) fn extend_capped<T>(kept: &mut Vec<T>, more: Vec<T>, cap: usize) {
    let room = cap.saturating_sub(kept.len());
    kept.extend(more.into_iter().take(room));
}

/// Adds the entries of `more` whose keys `kept` lacks; an entry both have keeps `kept`'s.
pub(crate) fn union_keep_first<K: Hash + Eq, V>(kept: &mut HashMap<K, V>, more: HashMap<K, V>) {
    for (key, value) in more {
        kept.entry(key).or_insert(value);
    }
}
