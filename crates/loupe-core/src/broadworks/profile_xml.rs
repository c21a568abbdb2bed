//! The `subscriberProfile` XML that the Application Server posts to the Webex provisioning
//! bridge, and the `<message>` of the bridge's answer. Logs cut XML anywhere, so parsing
//! keeps whatever it read before the first error.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The fields of a `subscriberProfile` that decide whether provisioning can work. A field
/// is `None` when its element is absent or empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct SubscriberProfile {
    pub(crate) bwuserid: Option<String>,
    pub(crate) email: Option<String>,
    pub(crate) primary_phone: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) service_provider: Option<String>,
    /// False when the XML ended before `</subscriberProfile>` (a cut log line).
    pub(crate) complete: bool,
}

/// A problem in a profile that makes provisioning fail or go wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Defect {
    NoPrimaryPhone,
    NoEmail,
    InvalidEmail,
    NoBwUserId,
    UpperCaseOrg,
}

impl Defect {
    /// The rule that reports this defect.
    pub(crate) fn rule(self) -> &'static str {
        match self {
            Defect::NoPrimaryPhone => "bw-subscriber-profile-no-phone",
            Defect::NoEmail | Defect::InvalidEmail => "bw-subscriber-profile-bad-email",
            Defect::NoBwUserId => "bw-subscriber-profile-no-bwuserid",
            Defect::UpperCaseOrg => "bw-subscriber-profile-org-case",
        }
    }

    /// A short label for the provisioning table.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Defect::NoPrimaryPhone => "no PrimaryPhoneNumber",
            Defect::NoEmail => "no email",
            Defect::InvalidEmail => "invalid email",
            Defect::NoBwUserId => "no bwuserid",
            Defect::UpperCaseOrg => "group/serviceProvider not lower-case",
        }
    }
}

impl SubscriberProfile {
    /// Reads the profile out of a fragment that starts at (or before) `<subscriberProfile`.
    pub(crate) fn parse(fragment: &str) -> Self {
        let mut profile = SubscriberProfile::default();
        let mut reader = Reader::from_str(fragment);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.trim_text(true);
        let mut current: Option<String> = None;
        let mut text = String::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(start)) => {
                    current = Some(local_lower(start.local_name().as_ref()));
                    text.clear();
                }
                Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::CData(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) => text.push_str(&resolve_entity(&r)),
                Ok(Event::End(end)) => {
                    let name = local_lower(end.local_name().as_ref());
                    if name == "subscriberprofile" {
                        profile.complete = true;
                        break;
                    }
                    if current.as_deref() == Some(name.as_str()) {
                        profile.set(&name, text.trim());
                    }
                    current = None;
                    text.clear();
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        profile
    }

    fn set(&mut self, name: &str, value: &str) {
        let slot = match name {
            "bwuserid" | "userid" => &mut self.bwuserid,
            "email" | "emailaddress" => &mut self.email,
            "primaryphonenumber" => &mut self.primary_phone,
            "group" | "groupid" => &mut self.group,
            "serviceprovider" | "serviceproviderid" => &mut self.service_provider,
            _ => return,
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value.to_owned());
        }
    }

    /// What is wrong with the profile. A profile cut before an element could appear is
    /// not blamed for lacking it.
    pub(crate) fn defects(&self) -> Vec<Defect> {
        let mut defects = Vec::new();
        if self.primary_phone.is_none() && self.complete {
            defects.push(Defect::NoPrimaryPhone);
        }
        match &self.email {
            None if self.complete => defects.push(Defect::NoEmail),
            Some(email) if !is_valid_email(email) => defects.push(Defect::InvalidEmail),
            _ => {}
        }
        if self.bwuserid.is_none() && self.complete {
            defects.push(Defect::NoBwUserId);
        }
        let upper = |v: &Option<String>| v.as_deref().is_some_and(|v| v.chars().any(char::is_uppercase));
        if upper(&self.group) || upper(&self.service_provider) {
            defects.push(Defect::UpperCaseOrg);
        }
        defects
    }
}

/// The text of the first `<message>` element in a bridge answer, if any.
pub(crate) fn bridge_message(body: &str) -> Option<String> {
    let start = find_ascii_ci(body, "<message")?;
    let mut reader = Reader::from_str(&body[start..]);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut text = String::new();
    let mut inside = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(s)) if local_lower(s.local_name().as_ref()) == "message" => inside = true,
            Ok(Event::Text(t)) if inside => text.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if inside => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => text.push_str(&resolve_entity(&r)),
            Ok(Event::End(_)) | Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// A pragmatic syntax check: what Webex will accept as a user ID, not RFC 5322 in full.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Case-insensitive search for an ASCII needle. Runs on every log entry, so it jumps
/// between occurrences of the needle's first byte instead of comparing at every offset.
pub(crate) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(found) =
        memchr::memchr2(first.to_ascii_lowercase(), first.to_ascii_uppercase(), hay.get(from..)?)
    {
        let at = from + found;
        if hay.get(at..at + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn local_lower(name: &str) -> String {
    name.to_ascii_lowercase()
}

fn resolve_entity(reference: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        return c.to_string();
    }
    match reference.as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_nodes_that_matter() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<subscriberProfile xmlns="urn:x">
  <bwuserid>alice.smith@acme-sp.net</bwuserid>
  <serviceProvider>acme-sp</serviceProvider>
  <group>acme</group>
  <PrimaryPhoneNumber>+12125550100</PrimaryPhoneNumber>
  <email>alice.smith@acme.com</email>
  <services><service>x</service></services>
</subscriberProfile>"#;
        let profile = SubscriberProfile::parse(xml);
        assert_eq!(profile.bwuserid.as_deref(), Some("alice.smith@acme-sp.net"));
        assert_eq!(profile.primary_phone.as_deref(), Some("+12125550100"));
        assert!(profile.complete);
        assert!(profile.defects().is_empty());
    }

    #[test]
    fn defects_are_found() {
        let xml = "<subscriberProfile><bwuserid>bob</bwuserid><group>Acme Corp</group>\
                   <email>bob@@acme</email></subscriberProfile>";
        let defects = SubscriberProfile::parse(xml).defects();
        assert_eq!(defects, [Defect::NoPrimaryPhone, Defect::InvalidEmail, Defect::UpperCaseOrg]);
    }

    #[test]
    fn truncated_xml_keeps_what_was_read_and_blames_nothing_unseen() {
        let profile = SubscriberProfile::parse("<subscriberProfile><bwuserid>carol</bwuserid><emai");
        assert_eq!(profile.bwuserid.as_deref(), Some("carol"));
        assert!(!profile.complete);
        assert!(profile.defects().is_empty());
    }

    #[test]
    fn malformed_xml_never_panics() {
        for junk in ["<subscriberProfile><<<>>", "</x></y>", "<a b='>", "&#xZZ;", ""] {
            let _ = SubscriberProfile::parse(junk);
            let _ = bridge_message(junk);
        }
    }

    #[test]
    fn bridge_message_text() {
        let body = "<?xml version=\"1.0\"?><error><code>400</code><message>customer org not found in \
                    database and create new org flag not enabled</message></error>";
        assert_eq!(
            bridge_message(body).as_deref(),
            Some("customer org not found in database and create new org flag not enabled")
        );
    }

    #[test]
    fn case_insensitive_search() {
        assert_eq!(find_ascii_ci("ab<SUBSCRIBERprofile>", "<subscriberProfile"), Some(2));
        assert_eq!(find_ascii_ci("<subscriber", "<subscriberProfile"), None);
        assert_eq!(find_ascii_ci("é<message>", "<message"), Some(2));
        assert_eq!(find_ascii_ci("", "<message"), None);
    }

    #[test]
    fn email_syntax() {
        assert!(is_valid_email("alice.smith@acme.com"));
        assert!(is_valid_email("a+b@sub.acme.co.uk"));
        for bad in
            ["alice", "alice@", "@acme.com", "alice@acme", "al ice@acme.com", "a..b@acme.com", "a@acme.c0m"]
        {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
