//! The report's sections beyond findings and files, kept for the panels that show them.

use loupe_core::{
    ClockSkew, CounterSeries, JwtSummary, KeyCard, ProvisioningRow, Report, ScopeList, SignIn,
    SubscriptionSummary,
};

/// The panel data of one report. Empty sections mean their panels are not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Webex for BroadWorks provisioning, one row per subscriber.
    pub provisioning: Vec<ProvisioningRow>,
    /// Webex for BroadWorks sign-ins, one per tracking ID.
    pub signins: Vec<SignIn>,
    /// Decoded JWTs, for the token inspector.
    pub jwts: Vec<JwtSummary>,
    /// Credential files, as key cards (never their private keys).
    pub keys: Vec<KeyCard>,
    /// The clock-skew estimate and its signals.
    pub clock_skew: Option<ClockSkew>,
    /// Scope lists and what is wrong with them.
    pub scopes: Vec<ScopeList>,
    /// Google Workspace Events subscriptions.
    pub subscriptions: Vec<SubscriptionSummary>,
    /// Counters over time, for small charts.
    pub counters: Vec<CounterSeries>,
}

impl Sections {
    /// Moves the panels' sections out of `report`, leaving findings and files in place.
    pub fn take(report: &mut Report) -> Self {
        Sections {
            provisioning: std::mem::take(&mut report.provisioning),
            signins: std::mem::take(&mut report.signins),
            jwts: std::mem::take(&mut report.jwts),
            keys: std::mem::take(&mut report.keys),
            clock_skew: report.clock_skew.take(),
            scopes: std::mem::take(&mut report.scopes),
            subscriptions: std::mem::take(&mut report.subscriptions),
            counters: std::mem::take(&mut report.counters),
        }
    }

    /// The whole report again: `report` (which [`Sections::take`] left with findings and files)
    /// with these sections put back, as the CLI would print it. For the exports, when asked.
    pub fn whole(&self, report: &Report) -> Report {
        Report {
            provisioning: self.provisioning.clone(),
            signins: self.signins.clone(),
            jwts: self.jwts.clone(),
            keys: self.keys.clone(),
            clock_skew: self.clock_skew.clone(),
            scopes: self.scopes.clone(),
            subscriptions: self.subscriptions.clone(),
            counters: self.counters.clone(),
            ..report.clone()
        }
    }

    /// True when no panel has anything to show.
    pub fn is_empty(&self) -> bool {
        self.provisioning.is_empty() && self.signins.is_empty() && !self.has_google()
    }

    /// True when the Google tab has something to show.
    pub fn has_google(&self) -> bool {
        !self.jwts.is_empty()
            || !self.keys.is_empty()
            || self.clock_skew.is_some()
            || !self.scopes.is_empty()
            || !self.subscriptions.is_empty()
            || !self.counters.is_empty()
    }

    /// Google items that need fixing: unusable keys, scope lists with missing or damaged
    /// scopes, suspended subscriptions. Shown on the Google tab.
    pub fn google_problems(&self) -> usize {
        let keys = self.keys.iter().filter(|k| !k.usable_by_cuc || !k.problems.is_empty()).count();
        let scopes = self
            .scopes
            .iter()
            .filter(|s| !s.missing.is_empty() || s.scopes.iter().any(|e| !e.defects.is_empty()))
            .count();
        let subscriptions = self
            .subscriptions
            .iter()
            .filter(|s| s.state.as_deref().is_some_and(|st| st == "SUSPENDED"))
            .count();
        keys + scopes + subscriptions
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A report with one sign-in: a panel section.
    pub(crate) fn report_with_a_signin() -> Report {
        let mut report = Report::default();
        report.signins.push(loupe_core::SignIn {
            tracking_id: "CLIENT_1".into(),
            user: None,
            status: loupe_core::SignInStatus::Incomplete,
            failed_step: None,
            verdict: String::new(),
            steps: Vec::new(),
        });
        report
    }

    #[test]
    fn the_exported_report_keeps_the_panel_sections() {
        let mut report = report_with_a_signin();
        let original = report.clone();
        let sections = Sections::take(&mut report);
        assert!(report.signins.is_empty(), "the panels own the sections");
        assert_eq!(sections.whole(&report), original);
    }
}
