//! The customer's people and identifiers: a fixed population so that the same subscriber
//! shows up across CUC, BroadWorks and the Webex client, as in a real bundle.

use crate::writer::Writer;
use crate::Rng;

const FIRST: [&str; 26] = [
    "alice", "bruno", "chen", "dmitri", "elena", "farah", "george", "hana", "ivan", "julia", "kenji", "lena",
    "marco", "nadia", "omar", "priya", "quentin", "rosa", "sven", "tara", "umar", "vera", "wei", "ximena",
    "yusuf", "zoe",
];
const LAST: [&str; 20] = [
    "nguyen", "schmidt", "kowalski", "garcia", "tanaka", "okafor", "dubois", "rossi", "haddad", "larsen",
    "silva", "kim", "novak", "patel", "moreau", "fischer", "ito", "cohen", "murphy", "santos",
];
/// (email domain, BroadWorks group / lower-case org name).
const ORGS: [(&str, &str); 4] = [
    ("acme-corp.com", "acme"),
    ("globex.example", "globex"),
    ("initech.example", "initech"),
    ("umbrella-health.org", "umbrella"),
];

pub(crate) const POPULATION: u64 = (FIRST.len() * LAST.len() * ORGS.len()) as u64;

/// One subscriber, by index in the population.
#[derive(Clone, Copy)]
pub(crate) struct Person(u64);

impl Person {
    pub(crate) fn random(rng: &mut Rng) -> Self {
        Self(rng.below(POPULATION))
    }

    fn first(self) -> &'static str {
        FIRST[(self.0 % FIRST.len() as u64) as usize]
    }

    fn last(self) -> &'static str {
        LAST[(self.0 / FIRST.len() as u64 % LAST.len() as u64) as usize]
    }

    fn org(self) -> (&'static str, &'static str) {
        ORGS[(self.0 / (FIRST.len() * LAST.len()) as u64 % ORGS.len() as u64) as usize]
    }

    pub(crate) fn group(self) -> &'static str {
        self.org().1
    }

    pub(crate) fn email(self, w: &mut Writer) {
        w.s(self.first());
        w.byte(b'.');
        w.s(self.last());
        w.byte(b'@');
        w.s(self.org().0);
    }

    /// The email as it appears in a URL path.
    pub(crate) fn email_in_url(self, w: &mut Writer) {
        w.s(self.first());
        w.byte(b'.');
        w.s(self.last());
        w.s("%40");
        w.s(self.org().0);
    }

    pub(crate) fn first_name(self, w: &mut Writer) {
        capitalised(w, self.first());
    }

    pub(crate) fn last_name(self, w: &mut Writer) {
        capitalised(w, self.last());
    }

    /// Ten-digit national number: `214555` and four digits.
    pub(crate) fn number(self, w: &mut Writer) {
        w.s("214555");
        w.padded(self.0 % 10_000, 4);
    }

    /// The BroadWorks user id, `2145550123@acme.bw.example.net`.
    pub(crate) fn bw_user(self, w: &mut Writer) {
        self.number(w);
        w.byte(b'@');
        w.s(self.group());
        w.s(".bw.example.net");
    }
}

fn capitalised(w: &mut Writer, word: &str) {
    let mut bytes = word.bytes();
    if let Some(first) = bytes.next() {
        w.byte(first.to_ascii_uppercase());
    }
    w.s(word.get(1..).unwrap_or_default());
}

/// A random UUID in canonical form.
pub(crate) fn uuid(w: &mut Writer, rng: &mut Rng) {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    w.hex(a >> 32, 8);
    w.byte(b'-');
    w.hex(a >> 16, 4);
    w.byte(b'-');
    w.hex(a, 4);
    w.byte(b'-');
    w.hex(b >> 48, 4);
    w.byte(b'-');
    w.hex(b, 12);
}

/// A Webex tracking id, `CLIENT_<uuid>`, carried by every hop of one sign-in.
pub(crate) fn tracking_id(w: &mut Writer, rng: &mut Rng) {
    w.s("CLIENT_");
    uuid(w, rng);
}
