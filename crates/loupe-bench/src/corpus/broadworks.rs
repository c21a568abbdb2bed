//! BroadWorks server logs: the Application Server's PSLog (OCI-P and flow-through
//! provisioning to the Webex bridge) and the XSP's XsiActionsLog (sign-in and device
//! queries). Entries are `2023.07.28 14:14:10:894 UTC | Info | Category | thread`, then
//! tab-indented lines, then a blank line.

use super::clock::{self, parts};
use super::people::{self, Person};
use super::{Ctx, Source};
use crate::writer::Writer;

fn head(w: &mut Writer, ctx: &mut Ctx, level: &str, category: &str, max_gap_ms: u64) {
    clock::broadworks(w, ctx.tick(max_gap_ms));
    w.s(" | ");
    w.s(level);
    w.s(" | ");
    w.s(category);
    w.s(" | ");
}

/// One `<tag>value</tag>` line of an indented XML body.
fn element(w: &mut Writer, indent: &str, tag: &str, value: impl FnOnce(&mut Writer)) {
    w.s(indent);
    w.byte(b'<');
    w.s(tag);
    w.byte(b'>');
    value(w);
    w.s("</");
    w.s(tag);
    w.byte(b'>');
    w.nl();
}

/// `PSLog2023.07.28-06.00.00.txt`: BroadWorks names rotated logs after their start time.
fn rotated_name(prefix: &str, now_ms: i64) -> String {
    let p = parts(now_ms);
    format!(
        "{prefix}{:04}.{:02}.{:02}-{:02}.{:02}.{:02}.txt",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

fn session(w: &mut Writer, ctx: &mut Ctx) {
    w.s("<sessionId xmlns=\"\">10.20.1.12,");
    w.num(ctx.rng.range(1_000_000, 9_999_999));
    w.byte(b',');
    w.num(ctx.now_ms as u64);
    w.s("</sessionId>");
}

#[derive(Default)]
pub(crate) struct PsLog {
    thread: u64,
}

/// How the provisioning bridge answered a flow-through POST.
#[derive(Clone, Copy)]
enum Answer {
    Ok,
    BadRequest(&'static str),
    Unauthorized,
    Forbidden,
    Conflict,
}

impl PsLog {
    fn post(&mut self, w: &mut Writer, ctx: &mut Ctx, person: Person, answer: Answer) {
        self.thread = ctx.rng.range(1, 9);
        head(w, ctx, "Info", "ProvisioningServer", 400);
        w.s("Flowthrough Provisioning Thread-");
        w.num(self.thread);
        w.nl();
        // A missing AS patch makes the AS post to the bridge's IP address instead of its URL.
        if matches!(answer, Answer::Forbidden) {
            w.s("\tPOST https://198.51.100.24/v1/provisioning/subscribers HTTP/1.1");
        } else {
            w.s("\tPOST https://bridge.broadcloudpbx.example/v1/provisioning/subscribers HTTP/1.1");
        }
        w.nl();
        w.block("\tContent-Type: application/xml; charset=UTF-8\n\tAuthorization: Basic ********\n");
        w.s("\tTrackingID: BROADWORKS_AS_");
        people::uuid(w, &mut ctx.rng);
        w.nl();
        w.block("\t<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\t<subscriberProfile>\n");
        element(w, "\t  ", "bwuserid", |w| person.bw_user(w));
        element(w, "\t  ", "group", |w| w.s(person.group()));
        w.block("\t  <serviceProvider>sp-east</serviceProvider>\n");
        element(w, "\t  ", "PrimaryPhoneNumber", |w| {
            w.s("+1");
            person.number(w);
        });
        element(w, "\t  ", "email", |w| person.email(w));
        element(w, "\t  ", "firstName", |w| person.first_name(w));
        element(w, "\t  ", "lastName", |w| person.last_name(w));
        w.block(
            "\t  <services>\n\t    <service>webex-calling</service>\n\t    <service>webex-messaging</service>\n\
             \t  </services>\n\t</subscriberProfile>\n",
        );
        w.nl();
        head(
            w,
            ctx,
            if matches!(answer, Answer::Ok) { "Info" } else { "Warning" },
            "ProvisioningServer",
            900,
        );
        w.s("Flowthrough Provisioning Thread-");
        w.num(self.thread);
        w.nl();
        match answer {
            Answer::Ok => w.block("\tHTTP/1.1 200 OK\n\tContent-Length: 0\n"),
            Answer::BadRequest(message) => {
                w.block("\tHTTP/1.1 400 Bad Request\n\tContent-Type: application/xml\n\t<error><message>");
                w.s(message);
                w.s("</message></error>");
                w.nl();
            }
            Answer::Unauthorized => {
                w.block("\tHTTP/1.1 401 Unauthorized\n\tWWW-Authenticate: Basic realm=\"provisioning\"\n")
            }
            Answer::Forbidden => w.block("\tHTTP/1.1 403 Forbidden\n\tContent-Length: 0\n"),
            Answer::Conflict => {
                w.block("\tHTTP/1.1 409 Conflict\n\tContent-Type: application/xml\n\t<error><message>User with email ");
                person.email(w);
                w.s(" already exists</message></error>");
                w.nl();
            }
        }
        w.nl();
    }
}

impl Source for PsLog {
    fn share_percent(&self) -> u64 {
        15
    }

    fn file_path(&self, _index: usize, now_ms: i64) -> String {
        format!("webex-bw/as/{}", rotated_name("PSLog", now_ms))
    }

    fn routine(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        let person = Person::random(&mut ctx.rng);
        match ctx.rng.below(100) {
            0..=39 => {
                head(w, ctx, "Info", "OCIP", 300);
                w.s("OCI-P Request Thread-");
                w.num(ctx.rng.range(1, 33));
                w.nl();
                w.block("\t<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
                w.s("\t<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
                session(w, ctx);
                w.s("<command xsi:type=\"UserGetRequest22V5\" xmlns=\"\"><userId>");
                person.bw_user(w);
                w.s("</userId></command></BroadsoftDocument>");
                w.nl();
            }
            40..=79 => {
                head(w, ctx, "Info", "OCIP", 300);
                w.s("OCI-P Response Thread-");
                w.num(ctx.rng.range(1, 33));
                w.nl();
                w.block("\t<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n\t<BroadsoftDocument protocol=\"OCI\" xmlns=\"C\">\n\t");
                session(w, ctx);
                w.nl();
                w.block("\t<command echo=\"\" xsi:type=\"UserGetResponse22V5\" xmlns=\"\">\n\t  <serviceProviderId>sp-east</serviceProviderId>\n");
                element(w, "\t  ", "groupId", |w| w.s(person.group()));
                element(w, "\t  ", "lastName", |w| person.last_name(w));
                element(w, "\t  ", "firstName", |w| person.first_name(w));
                element(w, "\t  ", "phoneNumber", |w| person.number(w));
                element(w, "\t  ", "emailAddress", |w| person.email(w));
                w.block("\t  <language>English</language>\n\t  <timeZone>America/Chicago</timeZone>\n\t</command>\n\t</BroadsoftDocument>\n");
            }
            80..=89 => {
                self.post(w, ctx, person, Answer::Ok);
                return;
            }
            _ => {
                head(w, ctx, "Info", "ProvisioningServer", 300);
                w.s("Flowthrough Provisioning Queue");
                w.nl();
                w.s("\tqueue depth: ");
                w.num(ctx.rng.below(5));
                w.s(", processed: ");
                w.num(ctx.now_ms as u64 / 7_000 % 100_000);
                w.s(", failed: 0");
                w.nl();
            }
        }
        w.nl();
    }

    fn failure(&mut self, w: &mut Writer, ctx: &mut Ctx, _first: bool) -> &'static str {
        let person = Person::random(&mut ctx.rng);
        let (answer, kind) = match ctx.rng.below(7) {
            0 => (
                Answer::BadRequest("BroadWorks email cannot be trusted with legacy provisioning API"),
                "provisioning-400-email-untrusted",
            ),
            1 => (
                Answer::BadRequest("customer org not found in database and create new org flag not enabled"),
                "provisioning-400-org-not-found",
            ),
            2 => (Answer::Unauthorized, "provisioning-401"),
            3 => (Answer::Forbidden, "provisioning-403"),
            4 | 5 => (Answer::Conflict, "provisioning-409"),
            _ => {
                head(w, ctx, "Warning", "ProvisioningServer", 300);
                w.s("Integrated IM&P");
                w.nl();
                w.s("\t[Error 18215] Provisioning error from messaging server for user ");
                person.bw_user(w);
                w.nl();
                w.nl();
                return "error-18215";
            }
        };
        self.post(w, ctx, person, answer);
        kind
    }
}

#[derive(Default)]
pub(crate) struct XsiActions;

/// What the XSP asks the AS while signing a Webex user in.
const OCI_REQUESTS: [&str; 3] =
    ["AuthenticationVerifyRequest22", "UserGetRequest22V5", "ServiceProviderGetRequest22V5"];

impl XsiActions {
    fn profile_request(w: &mut Writer, ctx: &mut Ctx, person: Person) {
        head(w, ctx, "Info", "Xsi", 250);
        w.s("http-nio-443-exec-");
        w.num(ctx.rng.range(1, 65));
        w.nl();
        w.block("\tInbound request from 10.20.1.15\n\tGET /com.broadsoft.xsi-actions/v2.0/user/");
        person.email_in_url(w);
        w.s("/profile HTTP/1.1");
        w.nl();
        w.block("\tauthorization: Basic ********\n\tuser-agent: broadworksTeamsClient\n\ttrackingid: ");
        people::tracking_id(w, &mut ctx.rng);
        w.nl();
    }
}

impl Source for XsiActions {
    fn share_percent(&self) -> u64 {
        15
    }

    fn file_path(&self, _index: usize, now_ms: i64) -> String {
        format!("webex-bw/xsp/{}", rotated_name("XsiActionsLog", now_ms))
    }

    fn routine(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        let person = Person::random(&mut ctx.rng);
        match ctx.rng.below(100) {
            0..=29 => Self::profile_request(w, ctx, person),
            30..=54 => {
                head(w, ctx, "Info", "Xsi", 250);
                w.s("OCI-P");
                w.nl();
                w.s("\tOCI-P request ");
                let request = *ctx.rng.pick(&OCI_REQUESTS);
                w.s(request);
                w.s(" for ");
                person.bw_user(w);
                w.s(" (X-BROADSOFT-CORRELATION-ID: ");
                people::tracking_id(w, &mut ctx.rng);
                w.byte(b')');
                w.nl();
            }
            55..=79 => {
                head(w, ctx, "Info", "Xsi", 250);
                w.s("http-nio-443-exec-");
                w.num(ctx.rng.range(1, 65));
                w.nl();
                w.block("\tHTTP/1.1 200 OK\n\tContent-Type: application/xml;charset=UTF-8\n\t<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\t<Profile xmlns=\"http://schema.broadsoft.com/xsi\">\n\t  <details>\n");
                element(w, "\t    ", "userId", |w| person.bw_user(w));
                element(w, "\t    ", "firstName", |w| person.first_name(w));
                element(w, "\t    ", "lastName", |w| person.last_name(w));
                element(w, "\t    ", "groupId", |w| w.s(person.group()));
                w.block("\t    <serviceProvider>sp-east</serviceProvider>\n\t  </details>\n\t</Profile>\n");
            }
            80..=89 => {
                head(w, ctx, "Info", "Xsi", 250);
                w.s("OCI-P");
                w.nl();
                w.s("\tUserPrimaryAndSCADeviceGetListResponse for ");
                person.bw_user(w);
                w.nl();
                w.block(
                    "\t<accessDeviceTable>\n\t  <colHeading>Device Type</colHeading><colHeading>Device Name</colHeading>\n\
                     \t  <row><col>Business Communicator - PC</col><col>BWC-PC</col></row>\n\
                     \t  <row><col>Business Communicator - Mobile</col><col>BWC-Mobile</col></row>\n\
                     \t</accessDeviceTable>\n",
                );
            }
            _ => {
                head(w, ctx, "Info", "AuthService", 250);
                w.s("LongLivedTokenManager");
                w.nl();
                w.s("\tLongLivedTokenManager - Token generated, subject: ");
                person.bw_user(w);
                w.s(", issuer: BroadWorks");
                w.nl();
                w.block("\tStatusCode=200\n");
            }
        }
        w.nl();
    }

    fn failure(&mut self, w: &mut Writer, ctx: &mut Ctx, _first: bool) -> &'static str {
        let person = Person::random(&mut ctx.rng);
        if ctx.rng.one_in(2) {
            Self::profile_request(w, ctx, person);
            w.nl();
            head(w, ctx, "Warning", "Xsi", 250);
            w.s("http-nio-443-exec-");
            w.num(ctx.rng.range(1, 65));
            w.nl();
            w.block("\tHTTP/1.1 401 Unauthorized\n\t<ErrorInfo xmlns=\"http://schema.broadsoft.com/xsi\"><summary>Authentication failed</summary></ErrorInfo>\n");
            w.nl();
            "xsi-profile-401"
        } else {
            head(w, ctx, "Warning", "AuthService", 250);
            w.s("LongLivedTokenManager");
            w.nl();
            w.s("\tToken request rejected for ");
            person.bw_user(w);
            w.s(": http_bw_userid does not match the CI token subject");
            w.nl();
            w.block("\tStatusCode=401\n");
            w.nl();
            "auth-service-401"
        }
    }
}
