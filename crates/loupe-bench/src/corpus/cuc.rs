//! Cisco Unity Connection diagnostic traces of the Google Workspace sync service:
//! `HH:MM:SS.mmm |pid,,,CuGSuiteSyncSrv,level,thread,message`, with JSON bodies and Java
//! stack frames on continuation lines.

use super::clock;
use super::people::Person;
use super::{Ctx, Source};
use crate::writer::Writer;

const PKG: &str = "com.cisco.unity.gsuite.services.";

pub(crate) struct Cuc {
    succeeded: u64,
    failed: u64,
    history_id: u64,
}

impl Default for Cuc {
    fn default() -> Self {
        Self { succeeded: 1_204_331, failed: 3_412, history_id: 48_213_377 }
    }
}

impl Cuc {
    fn head(&self, w: &mut Writer, ctx: &mut Ctx, level: u64, thread: Thread) {
        clock::time_of_day(w, ctx.tick(40));
        w.s(" |3917,,,CuGSuiteSyncSrv,");
        w.num(level);
        w.byte(b',');
        match thread {
            Thread::ServiceOp => {
                w.s("GSuiteServiceOpTh-");
                w.num(ctx.rng.range(1, 65));
            }
            Thread::Counters => w.s("CuGsuiteSyncPerfCountersTh-3"),
            Thread::Notify => {
                w.s("GSuiteNotificationTh-");
                w.num(ctx.rng.range(1, 9));
            }
            Thread::Token => w.s("GSuiteTokenRefreshTh-1"),
        }
        w.byte(b',');
    }

    fn message_id(w: &mut Writer, ctx: &mut Ctx) {
        w.s("18a");
        w.hex(ctx.rng.next_u64(), 13);
    }

    fn failed_counter(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        self.failed += 1;
        self.head(w, ctx, 11, Thread::Counters);
        w.s("CuGsuiteSyncPerfCounters.incrementHttpsRqstError - Total Http Request Failed after update: ");
        w.num(self.failed);
        w.nl();
    }

    fn create_failed(&mut self, w: &mut Writer, ctx: &mut Ctx, status: &str) {
        self.head(w, ctx, 11, Thread::ServiceOp);
        w.s(PKG);
        w.s("CxnResetSynchService.createNewMsgOnGSuite - ");
        w.s(status);
        w.nl();
    }
}

#[derive(Clone, Copy)]
enum Thread {
    ServiceOp,
    Counters,
    Notify,
    Token,
}

const STACK_TIMEOUT: &str = "\
java.net.SocketTimeoutException: Read timed out
\tat java.net.SocketInputStream.socketRead0(Native Method)
\tat java.net.SocketInputStream.socketRead(SocketInputStream.java:116)
\tat sun.security.ssl.SSLSocketImpl$AppInputStream.read(SSLSocketImpl.java:1306)
\tat com.google.api.client.http.javanet.NetHttpResponse.<init>(NetHttpResponse.java:36)
\tat com.google.api.client.http.HttpRequest.execute(HttpRequest.java:1012)
\tat com.cisco.unity.gsuite.services.GSuiteActionItems.sendMessage(GSuiteActionItems.java:412)
\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)
\tat java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:624)
\tat java.lang.Thread.run(Thread.java:750)
";

const TOKEN_FRAMES: &str = "\
\tat com.google.api.client.auth.oauth2.TokenResponseException.from(TokenResponseException.java:105)
\tat com.google.api.client.auth.oauth2.TokenRequest.executeUnparsed(TokenRequest.java:287)
\tat com.google.api.client.auth.oauth2.TokenRequest.execute(TokenRequest.java:307)
\tat com.google.api.client.googleapis.auth.oauth2.GoogleCredential.executeRefreshToken(GoogleCredential.java:384)
\tat com.google.api.client.auth.oauth2.Credential.refreshToken(Credential.java:470)
\tat com.cisco.unity.gsuite.auth.GSuiteOAuthHelper.getAccessToken(GSuiteOAuthHelper.java:188)
\tat java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1149)
\tat java.lang.Thread.run(Thread.java:750)
";

const SHORT_LIVED_BODY: &str = "\
{ \"error\" : \"invalid_grant\",
  \"error_description\" : \"Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values and use a clock with skew to account for clock differences between systems.\" }
";

const SUSPENSION_REASONS: [&str; 3] =
    ["ENDPOINT_PERMISSION_DENIED", "USER_SCOPE_REVOKED", "ENDPOINT_NOT_FOUND"];

impl Source for Cuc {
    fn share_percent(&self) -> u64 {
        35
    }

    fn file_path(&self, index: usize, _now_ms: i64) -> String {
        format!("cuc/diag_CuGSuiteSyncSrv_{:08}.uc", index + 1)
    }

    fn routine(&mut self, w: &mut Writer, ctx: &mut Ctx) {
        let person = Person::random(&mut ctx.rng);
        match ctx.rng.below(100) {
            0..=24 => {
                self.head(w, ctx, 22, Thread::ServiceOp);
                w.s(PKG);
                w.s("GSuiteActionItems.sendMessage - Try # ");
                w.num(1 + u64::from(ctx.rng.one_in(20)));
                w.s(" Google Api send message on gsuite");
            }
            25..=39 => {
                self.head(w, ctx, 23, Thread::ServiceOp);
                w.s(PKG);
                w.s("GSuiteMailboxSync.syncUser - Starting mailbox sync for ");
                person.email(w);
                w.s(" (historyId ");
                self.history_id += ctx.rng.range(1, 40);
                w.num(self.history_id);
                w.byte(b')');
            }
            40..=49 => {
                self.head(w, ctx, 23, Thread::ServiceOp);
                w.s(PKG);
                w.s("GSuiteMailboxSync.syncUser - Mailbox sync completed for ");
                person.email(w);
                w.s(": ");
                w.num(ctx.rng.below(6));
                w.s(" new, ");
                w.num(ctx.rng.below(3));
                w.s(" updated, 0 deleted in ");
                w.num(ctx.rng.range(80, 1500));
                w.s(" ms");
            }
            50..=61 => {
                self.succeeded += 1;
                self.head(w, ctx, 11, Thread::Counters);
                w.s("CuGsuiteSyncPerfCounters.incrementHttpsRqstSuccess - Total Http Request Succeeded after update: ");
                w.num(self.succeeded);
            }
            62..=71 => {
                self.head(w, ctx, 22, Thread::ServiceOp);
                w.s(PKG);
                w.s("CxnResetSynchService.createNewMsgOnGSuite - created message ");
                Self::message_id(w, ctx);
                w.s(" for ");
                person.email(w);
            }
            72..=81 => {
                self.head(w, ctx, 23, Thread::Notify);
                w.s("com.cisco.unity.gsuite.notification.GSuitePubSubListener.onMessage - Received push notification for ");
                person.email(w);
                w.s(" historyId=");
                w.num(self.history_id + ctx.rng.below(20));
            }
            82..=87 => {
                self.head(w, ctx, 22, Thread::Token);
                w.s("com.cisco.unity.gsuite.auth.GSuiteOAuthHelper.getAccessToken - Access token refreshed for ");
                w.s("cuc-um@acme-um.iam.gserviceaccount.com impersonating ");
                person.email(w);
                w.s(", expires_in=3599");
            }
            88..=96 => {
                self.head(w, ctx, 23, Thread::ServiceOp);
                w.s(PKG);
                w.s("GSuiteActionItems.sendMessage - Google Api response:");
                w.nl();
                w.s("{");
                w.nl();
                w.s("  \"id\" : \"");
                Self::message_id(w, ctx);
                w.s("\",");
                w.nl();
                w.s("  \"labelIds\" : [ \"INBOX\", \"UNREAD\" ],");
                w.nl();
                w.s("  \"threadId\" : \"");
                Self::message_id(w, ctx);
                w.s("\"");
                w.nl();
                w.s("}");
            }
            97..=98 => {
                self.head(w, ctx, 23, Thread::ServiceOp);
                w.s("com.cisco.unity.gsuite.http.GSuiteHttpClient.logRequest - POST https://gmail.googleapis.com/gmail/v1/users/");
                person.email_in_url(w);
                w.s("/messages/import?internalDateSource=dateHeader&neverMarkSpam=true");
            }
            _ => {
                self.head(w, ctx, 11, Thread::ServiceOp);
                w.s(PKG);
                w.s("GSuiteActionItems.sendMessage - Retrying after transient error for ");
                person.email(w);
                w.nl();
                w.block(STACK_TIMEOUT);
                return;
            }
        }
        w.nl();
    }

    fn failure(&mut self, w: &mut Writer, ctx: &mut Ctx, first: bool) -> &'static str {
        let kind = if first { 0 } else { ctx.rng.below(7) };
        match kind {
            0..=2 => {
                self.head(w, ctx, 11, Thread::Token);
                w.s("com.cisco.unity.gsuite.auth.GSuiteOAuthHelper.getAccessToken - Token request failed: 400 Bad Request");
                w.nl();
                w.block(SHORT_LIVED_BODY);
                self.failed_counter(w, ctx);
                self.create_failed(w, ctx, "400 Bad Request");
                "jwt-not-short-lived"
            }
            3 | 4 => {
                self.head(w, ctx, 11, Thread::Token);
                w.s("com.cisco.unity.gsuite.auth.GSuiteOAuthHelper.getAccessToken - Unable to get access token");
                w.nl();
                w.block(
                    "com.google.api.client.auth.oauth2.TokenResponseException: 400 Bad Request\n\
                     { \"error\" : \"invalid_grant\", \"error_description\" : \"Invalid JWT Signature.\" }\n",
                );
                w.block(TOKEN_FRAMES);
                self.failed_counter(w, ctx);
                "invalid-jwt-signature"
            }
            5 => {
                self.head(w, ctx, 11, Thread::Token);
                w.s("com.cisco.unity.gsuite.auth.GSuiteOAuthHelper.getAccessToken - Token request failed: 401 Unauthorized");
                w.nl();
                w.block(
                    "{ \"error\" : \"unauthorized_client\",\n  \"error_description\" : \"Client is unauthorized to \
                     retrieve access tokens using this method, or client not authorized for any of the scopes \
                     requested.\" }\n",
                );
                self.failed_counter(w, ctx);
                self.create_failed(w, ctx, "401 Unauthorized");
                "unauthorized-client"
            }
            _ => {
                self.head(w, ctx, 22, Thread::Notify);
                w.s("com.cisco.unity.gsuite.notification.GSuiteWatchManager.checkSubscription - subscriptions.get returned:");
                w.nl();
                w.s("{");
                w.nl();
                w.s("  \"name\" : \"subscriptions/chat-spaces-");
                w.hex(ctx.rng.next_u64(), 12);
                w.s("\",");
                w.nl();
                w.s("  \"targetResource\" : \"//chat.googleapis.com/spaces/AAAA");
                w.hex(ctx.rng.next_u64(), 7);
                w.s("\",");
                w.nl();
                w.block(
                    "  \"eventTypes\" : [ \"google.workspace.chat.message.v1.created\" ],\n  \
                     \"notificationEndpoint\" : { \"pubsubTopic\" : \"projects/acme-um/topics/cuc-events\" },\n  \
                     \"state\" : \"SUSPENDED\",\n  \"suspensionReason\" : \"",
                );
                let reason = *ctx.rng.pick(&SUSPENSION_REASONS);
                w.s(reason);
                w.s("\",");
                w.nl();
                w.s("  \"expireTime\" : \"2023-07-29T14:14:10Z\"");
                w.nl();
                w.s("}");
                w.nl();
                "subscription-suspended"
            }
        }
    }
}
