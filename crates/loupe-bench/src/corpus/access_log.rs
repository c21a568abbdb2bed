//! The XSP's tomcat access log, combined format plus the Webex tracking id:
//! `10.20.1.15 - - [28/Jul/2023:14:14:10 +0000] "GET /... HTTP/1.1" 200 1432 "-" "agent" trackingid=CLIENT_...`.

use super::clock::{self, parts};
use super::people::{self, Person};
use super::{Ctx, Source};
use crate::writer::Writer;

pub(crate) struct AccessLog;

const CLIENTS: [&str; 3] = ["10.20.1.15", "10.20.1.16", "172.16.8.41"];
const WEBEX_AGENT: &str = "WebexTeams 43.7.0.26612 (Windows 10; x86_64)";

fn line(
    w: &mut Writer,
    ctx: &mut Ctx,
    method: &str,
    status: u64,
    agent: &str,
    path: &mut dyn FnMut(&mut Writer),
) {
    let client = *ctx.rng.pick(&CLIENTS);
    w.s(client);
    w.s(" - - [");
    clock::access_log(w, ctx.tick(120));
    w.s("] \"");
    w.s(method);
    w.byte(b' ');
    path(w);
    w.s(" HTTP/1.1\" ");
    w.num(status);
    w.byte(b' ');
    w.num(ctx.rng.range(120, 4_000));
    w.s(" \"-\" \"");
    w.s(agent);
    w.s("\" trackingid=");
    people::tracking_id(w, &mut ctx.rng);
    w.nl();
}

impl Source for AccessLog {
    fn share_percent(&self) -> u64 {
        10
    }

    fn file_path(&self, index: usize, now_ms: i64) -> String {
        let p = parts(now_ms);
        let day = format!("{:04}-{:02}-{:02}", p.year, p.month, p.day);
        match index {
            0 => format!("webex-bw/xsp/localhost_access_log.{day}.txt"),
            n => format!("webex-bw/xsp/localhost_access_log.{day}.{n}.txt"),
        }
    }

    fn routine(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        let person = Person::random(&mut ctx.rng);
        match ctx.rng.below(100) {
            0..=29 => line(w, ctx, "GET", 200, "broadworksTeamsClient", &mut |w| {
                w.s("/com.broadsoft.xsi-actions/v2.0/user/");
                person.email_in_url(w);
                w.s("/profile");
            }),
            30..=54 => line(w, ctx, "GET", 200, WEBEX_AGENT, &mut |w| {
                w.s("/com.broadsoft.xsi-actions/v2.0/user/");
                person.bw_user(w);
                w.s("/profile/device");
            }),
            55..=69 => line(w, ctx, "GET", 200, "Jakarta Commons-HttpClient/3.1", &mut |w| {
                w.s("/authService/token?ttl=1209600");
            }),
            70..=84 => {
                // Config downloads are mostly cache hits.
                let status = if ctx.rng.one_in(3) { 200 } else { 304 };
                line(w, ctx, "GET", status, WEBEX_AGENT, &mut |w| {
                    w.s("/dms/Business_Communicator/config.xml")
                });
            }
            _ => line(w, ctx, "POST", 200, WEBEX_AGENT, &mut |w| {
                w.s("/com.broadsoft.xsi-events/v2.0/channel");
            }),
        }
    }

    fn failure(&mut self, w: &mut Writer, ctx: &mut Ctx, _first: bool) -> &'static str {
        let person = Person::random(&mut ctx.rng);
        if ctx.rng.one_in(2) {
            line(w, ctx, "GET", 401, "broadworksTeamsClient", &mut |w| {
                w.s("/com.broadsoft.xsi-actions/v2.0/user/");
                person.email_in_url(w);
                w.s("/profile");
            });
            "xsi-401"
        } else {
            line(w, ctx, "GET", 403, WEBEX_AGENT, &mut |w| {
                w.s("/com.broadsoft.xsi-actions/v2.0/user/");
                person.bw_user(w);
                w.s("/profile/device");
            });
            "xsi-403"
        }
    }
}
