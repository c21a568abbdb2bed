//! Names listed once each, in the order first seen: the subscribers or mailboxes behind a
//! finding. A plain `Vec` checked with `contains` made each new name cost a pass over all
//! the earlier ones, and the 256 MB benchmark corpus's PSLogs spent 6 % of its analysis there.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::fast_map::FastSet;

#[derive(Debug, Default, Clone)]
pub(crate) struct DistinctNames {
    names: Vec<String>,
    seen: FastSet<String>,
}

impl DistinctNames {
    /// Adds `name` unless it is already listed; true when it was new.
    pub(crate) fn insert(&mut self, name: &str) -> bool {
        if self.seen.contains(name) {
            return false;
        }
        self.seen.insert(name.to_owned());
        self.names.push(name.to_owned());
        true
    }

    /// Adds the names of `later` this list lacks, in their order (a later shard's).
    pub(crate) fn extend(&mut self, later: DistinctNames) {
        for name in later.names {
            if !self.seen.contains(&name) {
                self.seen.insert(name.clone());
                self.names.push(name);
            }
        }
    }

    pub(crate) fn as_slice(&self) -> &[String] {
        &self.names
    }
}

/// A shard carries the list alone; the index is rebuilt on the other side.
impl Serialize for DistinctNames {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.names.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for DistinctNames {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut list = DistinctNames::default();
        for name in Vec::<String>::deserialize(deserializer)? {
            list.insert(&name);
        }
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(names: &[&str]) -> DistinctNames {
        let mut list = DistinctNames::default();
        for name in names {
            list.insert(name);
        }
        list
    }

    #[test]
    fn each_name_once_in_the_order_first_seen() {
        let mut names = list(&["bob", "alice", "bob", "carol", "alice"]);
        assert_eq!(names.as_slice(), ["bob", "alice", "carol"]);
        assert!(!names.insert("carol"));
        assert!(names.insert("dave"));
    }

    #[test]
    fn a_later_list_adds_only_what_is_new_after_the_earlier_names() {
        let mut earlier = list(&["bob", "alice"]);
        earlier.extend(list(&["carol", "bob", "erin"]));
        assert_eq!(earlier.as_slice(), ["bob", "alice", "carol", "erin"]);
        assert!(!earlier.insert("erin"), "the index follows the merged names");
    }

    #[test]
    fn a_shard_round_trip_keeps_the_names_and_their_index() {
        let bytes = bincode::serialize(&list(&["bob", "alice"])).expect("encodes");
        let mut back: DistinctNames = bincode::deserialize(&bytes).expect("decodes");
        assert_eq!(back.as_slice(), ["bob", "alice"]);
        assert!(!back.insert("alice"));
    }
}
