//! Webex for BroadWorks diagnostics end to end: the negative fixture, chunking, the sign-in
//! cap, and regressions found while writing the detectors.

use loupe_core::{
    Analysis, AnalysisOptions, ProvisioningStatus, Report, Severity, SignInStatus, SignInStepKind,
};

const NOW: i64 = 1_690_600_000_000;

macro_rules! fixture {
    ($path:literal) => {
        ($path, include_bytes!(concat!("../../../tests/fixtures/broadworks/", $path)).as_slice())
    };
}

fn healthy() -> Vec<(&'static str, &'static [u8])> {
    vec![
        fixture!("healthy/as01/PSLog-2023.07.28-14.00.00.txt"),
        fixture!("healthy/client/current_log.txt"),
        fixture!("healthy/xsp01/XsiActionsLog2023.07.28-10.00.00.txt"),
        fixture!("healthy/xsp01/access_log.2023-07-28.txt"),
        fixture!("healthy/xsp01/authService2023.07.28-10.00.00.txt"),
    ]
}

fn signin() -> Vec<(&'static str, &'static [u8])> {
    vec![
        fixture!("signin/client/carol-mac-current_log.txt"),
        fixture!("signin/client/current_log.txt"),
        fixture!("signin/xsp01/XsiActionsLog2023.07.28-10.00.00.txt"),
        fixture!("signin/xsp01/access_log.2023-07-28.txt"),
        fixture!("signin/xsp01/authService2023.07.28-10.00.00.txt"),
        fixture!("signin/xsp02/access_log.2023-07-28.txt"),
    ]
}

fn analyse(files: &[(&str, &[u8])], chunk: usize) -> Report {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    for (name, bytes) in files {
        let id = analysis.add_file(name);
        for piece in bytes.chunks(chunk.max(1)) {
            analysis.feed(id, piece);
        }
        analysis.finish_file(id);
    }
    analysis.finish()
}

fn analyse_text(name: &str, text: &str) -> Report {
    analyse(&[(name, text.as_bytes())], usize::MAX)
}

#[test]
fn healthy_xsp_and_as_logs_give_no_error_or_warning() {
    let report = analyse(&healthy(), usize::MAX);
    let bad: Vec<&str> =
        report.findings.iter().filter(|f| f.severity != Severity::Info).map(|f| f.rule.as_str()).collect();
    assert!(bad.is_empty(), "healthy logs produced {bad:?}");
    assert!(report.provisioning.iter().all(|row| row.status == ProvisioningStatus::Accepted));
    assert_eq!(report.signins.len(), 1);
    assert_eq!(report.signins[0].status, SignInStatus::Complete);
}

#[test]
fn broadworks_reports_do_not_depend_on_chunk_boundaries() {
    let mut files = signin();
    files.extend(healthy());
    files.push(fixture!("provisioning/PSLog-2023.07.28-14.00.00.txt"));
    let reference = analyse(&files, usize::MAX);
    assert!(!reference.signins.is_empty() && !reference.provisioning.is_empty());
    for size in [1, 7, 4096] {
        assert_eq!(analyse(&files, size), reference, "chunk size {size} changed the report");
    }
}

#[test]
fn every_signin_of_the_fixture_gets_its_verdict() {
    let report = analyse(&signin(), usize::MAX);
    let verdict = |prefix: &str| {
        let signin =
            report.signins.iter().find(|s| s.tracking_id.starts_with(prefix)).expect("sign-in is reported");
        (signin.status, signin.failed_step)
    };
    assert_eq!(verdict("CLIENT_5b6c2d0e"), (SignInStatus::Complete, None));
    assert_eq!(verdict("CLIENT_2e1f0a9b"), (SignInStatus::Failed, Some(SignInStepKind::Profile)));
    assert_eq!(verdict("CLIENT_9a8b7c6d"), (SignInStatus::Failed, Some(SignInStepKind::TokenValidation)));
    assert_eq!(verdict("CLIENT_4d3c2b1a"), (SignInStatus::Failed, Some(SignInStepKind::DeviceProfile)));
    // Health checks on the access log are not sign-ins.
    assert_eq!(report.signins.len(), 5);
}

#[test]
fn signins_beyond_the_cap_are_counted_not_followed() {
    let mut log = String::new();
    for i in 0..10_001u32 {
        log.push_str(&format!(
            "10.0.0.5 - - [28/Jul/2023:14:14:10 +0000] \"GET /com.broadsoft.xsi-actions/v2.0/user/u{i}%40acme.com/profile HTTP/1.1\" 200 99 \"-\" \"broadworksTeamsClient\" 5 trackingid=CLIENT_{i:08x}-0000-4000-8000-000000000000\n"
        ));
    }
    let report = analyse_text("access_log.2023-07-28.txt", &log);
    assert_eq!(report.signins.len(), 10_000);
    let limit = report.findings.iter().find(|f| f.rule == "bw-signin-limit").expect("the cap is reported");
    assert!(limit.detail.contains("1 more log entries"), "{}", limit.detail);
}

/// Two requests in flight whose answers come back in the other order pair by tracking ID,
/// not by position.
#[test]
fn answers_out_of_order_pair_by_tracking_id() {
    let log = "\
2023.07.28 14:12:05:100 UTC | Info       | IM&P | T-1
\tHTTP POST https://bwprov-a.webex.com/provisioning/v1/broadworks/subscriber HTTP/1.1
\ttrackingid: BWPROV_00000008-1b7e-4f0c-8d0a-2f6e5b4c3a21
\t<subscriberProfile><bwuserid>henry@sp.net</bwuserid><group>acme</group><PrimaryPhoneNumber>+1</PrimaryPhoneNumber><email>henry@acme.com</email></subscriberProfile>

2023.07.28 14:12:05:130 UTC | Info       | IM&P | T-2
\tHTTP POST https://bwprov-a.webex.com/provisioning/v1/broadworks/subscriber HTTP/1.1
\ttrackingid: BWPROV_00000009-1b7e-4f0c-8d0a-2f6e5b4c3a21
\t<subscriberProfile><bwuserid>ivy@sp.net</bwuserid><group>acme</group><PrimaryPhoneNumber>+1</PrimaryPhoneNumber><email>ivy@acme.com</email></subscriberProfile>

2023.07.28 14:12:05:388 UTC | Info       | IM&P | T-2
\tHTTP/1.1 409 Conflict
\ttrackingid: BWPROV_00000009-1b7e-4f0c-8d0a-2f6e5b4c3a21

2023.07.28 14:12:05:912 UTC | Info       | IM&P | T-1
\tHTTP/1.1 200 OK
\ttrackingid: BWPROV_00000008-1b7e-4f0c-8d0a-2f6e5b4c3a21
";
    let report = analyse_text("PSLog.txt", log);
    let code = |user: &str| report.provisioning.iter().find(|r| r.user == user).and_then(|r| r.http_code);
    assert_eq!(code("henry@sp.net"), Some(200));
    assert_eq!(code("ivy@sp.net"), Some(409));
}

/// `Sending HTTP POST to https://...` (with "to") is a request to the bridge.
#[test]
fn post_to_url_with_the_word_to_is_a_request() {
    let log = "\
2023.07.28 14:14:10:894 UTC | Info       | WebexProvisioning | ProvisioningBridgeClient-3
\tSending HTTP POST to https://cisco-bridge.webex.com/provisioning/v1/subscribers
\t<subscriberProfile><bwuserid>alice@as.example.com</bwuserid><PrimaryPhoneNumber>+1</PrimaryPhoneNumber><email>alice@example.com</email></subscriberProfile>
";
    let report = analyse_text("PSLog.txt", log);
    assert_eq!(
        report.provisioning[0].target.as_deref(),
        Some("https://cisco-bridge.webex.com/provisioning/v1/subscribers")
    );
}

/// A 401 on the profile GET followed, under the same tracking ID, by a successful retry and
/// a device list is a complete sign-in, not a failed one.
#[test]
fn retried_profile_401_then_device_ok_is_complete() {
    let log = "\
10.0.0.5 - - [28/Jul/2023:14:14:10 +0000] \"GET /com.broadsoft.xsi-actions/v2.0/user/a%40b.com/profile HTTP/1.1\" 401 9 \"-\" \"broadworksTeamsClient\" 1 trackingid=CLIENT_5f4c7c2e-1b2a-4c0e-9a11-3f0e2d7c9b10
10.0.0.5 - - [28/Jul/2023:14:14:11 +0000] \"GET /com.broadsoft.xsi-actions/v2.0/user/a%40b.com/profile HTTP/1.1\" 200 9 \"-\" \"broadworksTeamsClient\" 1 trackingid=CLIENT_5f4c7c2e-1b2a-4c0e-9a11-3f0e2d7c9b10
192.0.2.44 - - [28/Jul/2023:14:14:13 +0000] \"GET /com.broadsoft.xsi-actions/v2.0/user/a%40b.com/profile/device HTTP/1.1\" 200 9 \"-\" \"WebexTeams (Windows)\" 1 trackingid=CLIENT_5f4c7c2e-1b2a-4c0e-9a11-3f0e2d7c9b10
";
    let report = analyse_text("access_log.txt", log);
    assert_eq!(report.signins[0].status, SignInStatus::Complete);
}

/// Xsi logs the auth service's answer to its loop-back POST on its own; that answer must not
/// be taken for the answer to the device GET still in flight.
#[test]
fn loopback_answer_does_not_answer_the_device_get() {
    let log = "\
2023.07.28 10:23:40:871 EDT | Info       | XsiActions | 198.51.100.61 | http-nio-443-exec-5 | CLIENT_9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
\tGET /com.broadsoft.xsi-actions/v2.0/user/carol%40acme-sp.net/profile/device

2023.07.28 10:23:40:880 EDT | Info       | XsiActions | http-nio-443-exec-5
\tPOST http://127.0.0.1:80/authService/token

2023.07.28 10:23:40:900 EDT | Info       | XsiActions | http-nio-443-exec-5
\tReceived response from http://127.0.0.1:80/authService/token
\tHTTP/1.1 200 OK

2023.07.28 10:23:40:931 EDT | Warning    | XsiActions | 198.51.100.61 | http-nio-443-exec-5 | CLIENT_9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d
\tHTTP/1.1 401 Unauthorized
";
    let report = analyse_text("XsiActionsLog.txt", log);
    let signin = &report.signins[0];
    assert_eq!(signin.failed_step, Some(SignInStepKind::DeviceProfile), "{signin:?}");
}

#[test]
fn no_credential_survives_into_the_report() {
    let mut files = signin();
    files.push(fixture!("provisioning/PSLog-2023.07.28-14.00.00.txt"));
    let json = serde_json::to_string(&analyse(&files, usize::MAX)).expect("report serialises");
    for secret in ["WebAccess1!", "bob1234", "Carol#2023", "YWxpY2Uu", "c2lnbmF0dXJl", "YWNtZS1wcm92"] {
        assert!(!json.contains(secret), "{secret} leaked into the report");
    }
}

/// An OCI-P error logged on its own under a tracking ID, in a file read after the one with
/// the sign-in's request: read by another worker, it has no sign-in to join there, and must
/// join the earlier worker's when the shards merge (it was dropped at first).
#[test]
fn a_failure_alone_in_a_later_shard_joins_the_sign_in_of_an_earlier_one() {
    let id = "CLIENT_2e1f0a9b-7c3d-4b5e-8f60-1a2b3c4d5e6f_1";
    let access = format!(
        "52.26.82.56 - - [28/Jul/2023:10:21:07 -0400] \"GET /com.broadsoft.xsi-actions/v2.0/user/bob.jones%40acme.com/profile HTTP/1.1\" 401 0 \"-\" \"broadworksTeamsClient\" 12 trackingid={id}\n"
    );
    let xsi = format!(
        "2023.07.28 10:21:07:352 EDT | Info       | OCI-P | 52.26.82.56 | http-nio-443-exec-7 | {id}\n\
         \t<?xml version=\"1.0\"?><BroadsoftDocument protocol=\"OCI\"><command xsi:type=\"c:ErrorResponse\" xmlns:c=\"C\"><summary>[Error 4962] Invalid password</summary></command></BroadsoftDocument>\n"
    );
    let files = [
        ("xsp01/access_log.2023-07-28.txt", access.as_bytes()),
        ("xsp01/XsiActionsLog2023.07.28-10.00.00.txt", xsi.as_bytes()),
    ];
    let whole = analyse(&files, usize::MAX);
    let signin =
        whole.signins.iter().find(|s| id.starts_with(&s.tracking_id)).expect("the sign-in is followed");
    assert!(
        signin.steps.iter().any(|s| s.text.contains("Invalid password")),
        "the OCI-P error joined the sign-in: {signin:?}"
    );
    let read = |(name, bytes): (&str, &[u8])| {
        let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
        let file = analysis.add_file(name);
        analysis.feed(file, bytes);
        analysis
    };
    let mut lead = read(files[0]);
    let shard = read(files[1]).into_shard().expect("a shard packs");
    lead.absorb_shard(&shard).expect("the shard is taken in");
    assert_eq!(
        serde_json::to_string(&lead.finish()).expect("report"),
        serde_json::to_string(&whole).expect("report")
    );
}
