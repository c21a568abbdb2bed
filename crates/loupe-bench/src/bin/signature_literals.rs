//! `signature-literals`: every literal of every rule signature's `all` and `any` lists, one
//! per line, lower-cased and deduplicated: the patterns ripgrep is timed with, so that the
//! floor is measured on exactly the needles the core looks for.

use std::collections::BTreeSet;

fn main() {
    let mut literals = BTreeSet::new();
    for rule in loupe_core::knowledge().rules() {
        let Some(signature) = &rule.signature else { continue };
        for needle in signature.all.iter().chain(&signature.any) {
            literals.insert(needle.to_lowercase());
        }
    }
    for literal in literals {
        println!("{literal}");
    }
}
