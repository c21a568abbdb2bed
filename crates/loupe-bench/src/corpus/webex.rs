//! The Webex app's `current_log.txt`:
//! `2023-07-28T14:14:10.894Z <Info> [0x70000476b000] File.cpp:106 func:message`, with JSON
//! payloads on continuation lines.

use super::clock;
use super::people::{self, Person};
use super::{Ctx, Source};
use crate::writer::Writer;

const THREADS: [u64; 6] =
    [0x7000_0476_b000, 0x7000_047e_e000, 0x7000_0487_1000, 0x1_0b8f_4d80, 0x7000_0491_4000, 0x7000_049a_7000];

/// What follows the fixed text of a routine line.
#[derive(Clone, Copy)]
enum Tail {
    Email,
    Tracking,
    Count,
}

/// (level, `File.cpp:line func`, message, tail). The mix is roughly what a signed-in desktop
/// client logs while idle and while calling.
#[rustfmt::skip]
const ROUTINE: [(&str, &str, &str, Tail); 14] = [
    ("Info", "BroadWorksConfigDownloader.cpp:106 onAccessDeviceListSucceeded", "BWC:SCF: ConfigDownload - device list received, devices: ", Tail::Count),
    ("Info", "BroadWorksAuthenticator.cpp:212 fetchJwt", "BWC: requesting BroadWorks JWT, trackingid ", Tail::Tracking),
    ("Info", "BroadWorksAuthenticator.cpp:241 onJwtReceived", "BWC: BroadWorks JWT received, ttl 1209600, trackingid ", Tail::Tracking),
    ("Debug", "TelemetryService.cpp:220 sendMetrics", "uploaded metrics batch, events: ", Tail::Count),
    ("Info", "EntitlementManager.cpp:87 checkEntitlements", "broadworks-connector entitlement present for ", Tail::Email),
    ("Debug", "PresenceService.cpp:512 onPresenceChanged", "presence changed to available for ", Tail::Email),
    ("Info", "CallManager.cpp:1391 onRegistrationStateChanged", "BWC:SIP: registration state REGISTERED, expires ", Tail::Count),
    ("Debug", "SipStack.cpp:880 onOptionsKeepAlive", "BWC:SIP: OPTIONS keep-alive 200 OK from sbc.example.net, rtt ms ", Tail::Count),
    ("Info", "MercuryConnection.cpp:301 onMessage", "mercury event conversation.activity, trackingid ", Tail::Tracking),
    ("Debug", "HttpClient.cpp:451 logRequest", "GET https://u2c.wbx2.com/u2c/api/v1/user/catalog?format=hostmap trackingid ", Tail::Tracking),
    ("Info", "UserProfileService.cpp:140 getUserProfile", "getUserProfile succeeded for ", Tail::Email),
    ("Debug", "NetworkMonitor.cpp:77 onNetworkChanged", "network unchanged, interfaces: ", Tail::Count),
    ("Warning", "MediaEngine.cpp:2210 onAudioDeviceChanged", "default audio device changed; reselecting, devices: ", Tail::Count),
    ("Info", "PhoneServices.cpp:66 onSsoSessionState", "SSO session: logged in as ", Tail::Email),
];

#[derive(Default)]
pub(crate) struct WebexClient;

fn head(w: &mut Writer, ctx: &mut Ctx, level: &str, location: &str) {
    clock::iso(w, ctx.tick(60));
    w.s(" <");
    w.s(level);
    w.s("> [0x");
    let thread = *ctx.rng.pick(&THREADS);
    w.hex(thread, if thread >> 32 == 0x7000 { 12 } else { 9 });
    w.s("] ");
    w.s(location);
    w.byte(b':');
}

impl Source for WebexClient {
    fn share_percent(&self) -> u64 {
        25
    }

    fn file_path(&self, index: usize, _now_ms: i64) -> String {
        match index {
            0 => "webex-bw/client/current_log.txt".to_owned(),
            n => format!("webex-bw/client/current_log.{n}.txt"),
        }
    }

    fn routine(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        let person = Person::random(&mut ctx.rng);
        if ctx.rng.one_in(25) {
            head(w, ctx, "Debug", "HttpClient.cpp:498 logResponse");
            w.s("Response body for GET /v1/people/me:");
            w.nl();
            w.s("{\"id\":\"Y2lzY29zcGFyazovL3VzL1BFT1BMRS9");
            w.hex(ctx.rng.next_u64(), 16);
            w.s("\",");
            w.nl();
            w.s(" \"emails\":[\"");
            person.email(w);
            w.s("\"],");
            w.nl();
            w.s(" \"displayName\":\"");
            person.first_name(w);
            w.byte(b' ');
            person.last_name(w);
            w.s("\",");
            w.nl();
            w.block(" \"type\":\"person\",\n \"status\":\"active\"}\n");
            return;
        }
        let (level, location, message, tail) = *ctx.rng.pick(&ROUTINE);
        head(w, ctx, level, location);
        w.s(message);
        match tail {
            Tail::Email => person.email(w),
            Tail::Tracking => people::tracking_id(w, &mut ctx.rng),
            Tail::Count => w.num(ctx.rng.range(1, 3_600)),
        }
        w.nl();
    }

    fn failure(&mut self, w: &mut Writer, ctx: &mut Ctx, _first: bool) -> &'static str {
        match ctx.rng.below(3) {
            0 | 1 => {
                head(w, ctx, "Error", "BroadWorksConfigDownloader.cpp:106 onAccessDeviceListSucceeded");
                w.s("BWC:SCF: ConfigDownload - 'Business Communicator - PC' device profile not found");
                w.nl();
                "device-profile-not-found"
            }
            _ => {
                head(w, ctx, "Error", "BroadWorksAuthenticator.cpp:288 onJwtFailure");
                w.s("BWC: fetching BroadWorks JWT failed, HTTP 401, trackingid ");
                people::tracking_id(w, &mut ctx.rng);
                w.nl();
                "bw-jwt-401"
            }
        }
    }
}
