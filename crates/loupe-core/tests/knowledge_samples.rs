//! Every sample in the knowledge base is a test: a rule's samples must fire (or not) exactly
//! as the data says, so a support engineer editing `data/` gets a failing test, not a
//! silent miss.

mod support;

use std::path::Path;

use loupe_core::{knowledge, Analysis, AnalysisOptions, RuleSample};
use support::files_under;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");

fn rules_fired_by(sample: &RuleSample) -> Vec<String> {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_690_000_000_000));
    match &sample.fixture {
        Some(fixture) => {
            let root = Path::new(FIXTURES).join(fixture);
            for path in files_under(&root) {
                let file = analysis.add_file(&path.to_string_lossy());
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                analysis.feed(file, &bytes);
                analysis.finish_file(file);
            }
        }
        None => {
            let file = analysis.add_file("sample.log");
            analysis.feed(file, sample.text.as_bytes());
        }
    }
    analysis.finish().findings.into_iter().map(|f| f.rule).collect()
}

#[test]
fn every_rule_sample_fires_as_declared() {
    let mut failures = Vec::new();
    for rule in knowledge().rules() {
        assert!(
            rule.samples.iter().any(|s| s.fires) || rule.fires_tested_by.is_some(),
            "rule {} has no sample that fires",
            rule.id
        );
        assert!(rule.samples.iter().any(|s| !s.fires), "rule {} has no sample that must not fire", rule.id);
        for sample in &rule.samples {
            let fired = rules_fired_by(sample).contains(&rule.id);
            if fired != sample.fires {
                let what = sample.fixture.as_deref().unwrap_or(&sample.text);
                failures.push(format!("{} (expected fires = {}): {what}", rule.id, sample.fires));
            }
        }
    }
    assert!(failures.is_empty(), "samples that disagree with their rule:\n{}", failures.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let mut seen = std::collections::HashSet::new();
    for rule in knowledge().rules() {
        assert!(seen.insert(rule.id.clone()), "duplicate rule id {}", rule.id);
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "rule id {} is not kebab-case",
            rule.id
        );
    }
}
