//! The report's sections beyond findings and files, kept for the panels that show them.

use loupe_core::{ProvisioningRow, Report, SignIn};

/// The panel data of one report. Empty sections mean their panels are not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sections {
    /// Webex for BroadWorks provisioning, one row per subscriber.
    pub provisioning: Vec<ProvisioningRow>,
    /// Webex for BroadWorks sign-ins, one per tracking ID.
    pub signins: Vec<SignIn>,
}

impl Sections {
    /// Moves the panels' sections out of `report`, leaving findings and files in place.
    pub fn take(report: &mut Report) -> Self {
        Sections {
            provisioning: std::mem::take(&mut report.provisioning),
            signins: std::mem::take(&mut report.signins),
        }
    }

    /// True when no panel has anything to show.
    pub fn is_empty(&self) -> bool {
        self.provisioning.is_empty() && self.signins.is_empty()
    }
}
