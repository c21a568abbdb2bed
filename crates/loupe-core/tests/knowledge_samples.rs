//! Every sample in the knowledge base is a test: a rule's samples must fire (or not) exactly
//! as the data says, so a support engineer editing `data/` gets a failing test, not a
//! silent miss.

use loupe_core::{knowledge, Analysis, AnalysisOptions};

fn rules_fired_by(text: &str) -> Vec<String> {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(1_690_000_000_000));
    let file = analysis.add_file("sample.log");
    analysis.feed(file, text.as_bytes());
    analysis.finish().findings.into_iter().map(|f| f.rule).collect()
}

#[test]
fn every_rule_sample_fires_as_declared() {
    let mut failures = Vec::new();
    for rule in knowledge().rules() {
        assert!(!rule.samples.is_empty(), "rule {} has no samples", rule.id);
        for sample in &rule.samples {
            let fired = rules_fired_by(&sample.text).contains(&rule.id);
            if fired != sample.fires {
                failures.push(format!("{} (expected fires = {}): {}", rule.id, sample.fires, sample.text));
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
