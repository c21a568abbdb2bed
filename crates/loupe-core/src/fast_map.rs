//! Maps keyed by what the logs hold (tracking IDs, thread names, subscribers, findings'
//! keys), looked up on most entries of a BroadWorks log. Fx hashing costs a few instructions a
//! key where SipHash costs tens; SipHash's resistance to crafted collisions guards services
//! that hash strangers' input, not an analysis of the user's own files.

pub(crate) type FastMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// Names listed once each, in the order first seen: the subscribers or mailboxes behind a
/// finding. A `Vec` checked with `contains` made each new name cost a pass over all the
/// earlier ones, and the 256 MB benchmark corpus's PSLogs spent 6 % of its analysis there.
/// A shard carries it as the plain list, and `extend` appends a later shard's new names.
pub(crate) type DistinctNames = indexmap::IndexSet<String, rustc_hash::FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> DistinctNames {
        names.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn each_name_once_in_the_order_first_seen() {
        let mut names = list(&["bob", "alice", "bob", "carol", "alice"]);
        assert_eq!(names.as_slice().iter().collect::<Vec<_>>(), ["bob", "alice", "carol"]);
        assert!(!names.insert("carol".to_owned()));
        assert!(names.insert("dave".to_owned()));
    }

    #[test]
    fn a_later_list_adds_only_what_is_new_after_the_earlier_names() {
        let mut earlier = list(&["bob", "alice"]);
        earlier.extend(list(&["carol", "bob", "erin"]));
        assert_eq!(earlier.as_slice().iter().collect::<Vec<_>>(), ["bob", "alice", "carol", "erin"]);
        assert!(!earlier.insert("erin".to_owned()), "the index follows the merged names");
    }

    #[test]
    fn a_shard_round_trip_keeps_the_names_and_their_index() {
        let bytes = bincode::serialize(&list(&["bob", "alice"])).expect("encodes");
        assert_eq!(
            bytes,
            bincode::serialize(&vec!["bob", "alice"]).expect("encodes"),
            "carried as the plain list"
        );
        let mut back: DistinctNames = bincode::deserialize(&bytes).expect("decodes");
        assert_eq!(back.as_slice().iter().collect::<Vec<_>>(), ["bob", "alice"]);
        assert!(!back.insert("alice".to_owned()));
    }
}
