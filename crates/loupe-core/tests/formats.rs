//! Every format fixture is recognised from its content, split into the right entries, and
//! given a UTC time range, a zone and a date source that say what was read or assumed.

use loupe_core::{Analysis, AnalysisOptions, FileSummary};

/// 2023-08-15T00:00:00Z: the year that syslog lines omit comes from here when nothing else
/// gives it.
const NOW: i64 = 1_692_057_600_000;

fn summary(name: &str, bytes: &[u8]) -> FileSummary {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    let id = analysis.add_file(name);
    analysis.feed(id, bytes);
    analysis.finish_file(id);
    analysis.finish().files.remove(0)
}

macro_rules! fixture {
    ($path:literal) => {
        include_bytes!(concat!("../../../tests/fixtures/formats/", $path))
    };
}

struct Expect {
    format: &'static str,
    entries: u64,
    first: &'static str,
    last: &'static str,
    zone: &'static str,
    zone_assumed: bool,
    date_source: &'static str,
}

fn check(name: &str, bytes: &[u8], want: Expect) {
    // Named neutrally so that recognition cannot lean on the file name.
    let got = summary("upload.bin", bytes);
    let context = format!("{name}: {got:#?}");
    assert_eq!(got.format, want.format, "{context}");
    assert_eq!(got.entries, want.entries, "{context}");
    assert_eq!(got.first_time.as_deref(), Some(want.first), "{context}");
    assert_eq!(got.last_time.as_deref(), Some(want.last), "{context}");
    assert_eq!(got.zone, want.zone, "{context}");
    assert_eq!(got.zone_assumed, want.zone_assumed, "{context}");
    assert_eq!(got.date_source.as_deref(), Some(want.date_source), "{context}");
    assert!(got.message.is_none(), "{context}");
}

#[test]
fn broadworks_pslog_blank_lines_stay_inside_entries() {
    check(
        "PSLog",
        fixture!("broadworks/PSLog2023.07.28-14.14.10.txt"),
        Expect {
            format: "broadworks",
            entries: 3,
            first: "2023-07-28T14:14:10.894Z",
            last: "2023-07-28T14:14:12.017Z",
            zone: "UTC",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn broadworks_named_zones_become_utc() {
    check(
        "XsiActionsLog",
        fixture!("broadworks/XsiActionsLog2023.07.28.txt"),
        Expect {
            format: "broadworks",
            entries: 3,
            first: "2023-07-28T14:14:10.894Z",
            last: "2023-07-28T14:14:11.388Z",
            zone: "EDT (UTC-04:00)",
            zone_assumed: false,
            date_source: "line",
        },
    );
    check(
        "authService",
        fixture!("broadworks/authService.log"),
        Expect {
            format: "broadworks",
            entries: 2,
            first: "2023-07-28T14:14:10.894Z",
            last: "2023-07-28T14:14:11.012Z",
            zone: "CEST (UTC+02:00)",
            zone_assumed: false,
            date_source: "line",
        },
    );
    check(
        "XSLog",
        fixture!("broadworks/XSLog2023.07.28-00.00.00.txt"),
        Expect {
            format: "broadworks",
            entries: 2,
            first: "2023-07-28T21:59:59.120Z",
            last: "2023-07-28T22:00:00.455Z",
            zone: "UTC+02:00",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn access_log_lines_are_entries_with_trailing_fields() {
    check(
        "access_log",
        fixture!("tomcat/access_log.2023-07-28.txt"),
        Expect {
            format: "access-log",
            entries: 4,
            first: "2023-07-28T14:14:10.000Z",
            last: "2023-07-28T14:14:13.000Z",
            zone: "UTC",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn webex_client_logs_keep_json_and_sip_bodies_in_their_entry() {
    check(
        "current_log",
        fixture!("webex/current_log.txt"),
        Expect {
            format: "webex-client",
            entries: 5,
            first: "2023-07-28T14:14:09.001Z",
            last: "2023-07-28T14:14:12.500Z",
            zone: "UTC",
            zone_assumed: false,
            date_source: "line",
        },
    );
    check(
        "bwc/current_log",
        fixture!("webex/bwc/current_log.txt"),
        Expect {
            format: "webex-client",
            entries: 2,
            first: "2023-07-28T14:14:15.331Z",
            last: "2023-07-28T14:14:15.612Z",
            zone: "UTC",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn java_log_stack_traces_continue_the_entry() {
    // The last line names +02:00, the others no zone: UTC is assumed for them.
    let got = summary("x", fixture!("java/CuGSuiteSyncSrv-java.log"));
    assert_eq!(got.format, "java-log");
    assert_eq!(got.entries, 3);
    assert_eq!(got.first_time.as_deref(), Some("2023-07-28T12:14:12.100Z"));
    assert_eq!(got.last_time.as_deref(), Some("2023-07-28T14:14:11.020Z"));
    assert_eq!(got.zone, "UTC+02:00; lines without a zone: UTC");
    assert!(got.zone_assumed);
}

#[test]
fn syslog_without_year_takes_it_from_now_and_rolls_over_new_year() {
    check(
        "messages",
        fixture!("syslog/messages"),
        Expect {
            format: "syslog",
            entries: 4,
            first: "2022-12-31T23:59:58.000Z",
            last: "2023-01-01T00:00:05.000Z",
            zone: "UTC",
            zone_assumed: true,
            date_source: "current year",
        },
    );
}

#[test]
fn syslog_year_comes_from_the_file_name_when_present() {
    let mut analysis = Analysis::new(AnalysisOptions::at_unix_ms(NOW));
    let id = analysis.add_file("messages-20210101");
    analysis.feed(id, b"Jan  1 00:00:02 cuc-pub CuGSuiteSyncSrv[3917]: 400 Bad Request\n");
    let got = analysis.finish().files.remove(0);
    assert_eq!(got.first_time.as_deref(), Some("2021-01-01T00:00:02.000Z"));
    assert_eq!(got.date_source.as_deref(), Some("file name"));
}

#[test]
fn rfc5424_syslog_reads_its_offsets() {
    check(
        "rfc5424",
        fixture!("syslog/rfc5424.log"),
        Expect {
            format: "syslog-rfc5424",
            entries: 2,
            first: "2023-07-28T14:14:10.894Z",
            last: "2023-07-28T14:14:11.000Z",
            zone: "mixed (first UTC)",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn pretty_json_document_is_one_entry() {
    for (name, bytes, lines) in [
        ("google-api-error", &fixture!("json/google-api-error.json")[..], 25),
        ("subscription", &fixture!("json/subscription.json")[..], 13),
    ] {
        let got = summary(name, bytes);
        assert_eq!(got.format, "json-document", "{name}");
        assert_eq!(got.entries, 1, "{name}");
        assert_eq!(got.lines, lines, "{name}");
        assert!(got.message.is_none(), "{name}: {:?}", got.message);
    }
}

#[test]
fn json_lines_are_one_entry_each_with_stamps() {
    check(
        "events.jsonl",
        fixture!("json/events.jsonl"),
        Expect {
            format: "json-lines",
            entries: 3,
            first: "2023-07-28T14:14:10.894Z",
            last: "2023-07-28T14:16:10.500Z",
            zone: "UTC",
            zone_assumed: false,
            date_source: "line",
        },
    );
}

#[test]
fn plain_text_gets_best_effort_stamps() {
    check(
        "notes",
        fixture!("plain/notes.txt"),
        Expect {
            format: "plain",
            entries: 5,
            first: "2023-07-28T14:14:10.000Z",
            last: "2023-07-28T14:20:00.000Z",
            zone: "UTC",
            zone_assumed: true,
            date_source: "line",
        },
    );
}

#[test]
fn invalid_json_document_gets_a_message() {
    let got = summary(
        "key.json",
        b"{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme\"\n  \"x\": 1\n}\n",
    );
    assert_eq!(got.format, "json-document");
    let message = got.message.unwrap_or_default();
    assert!(message.contains("not valid JSON") && message.contains("line 4"), "{message}");
}

#[test]
fn json_document_over_the_cap_is_read_in_pieces_and_says_so() {
    let mut json = String::from("[\n");
    for i in 0..40_000 {
        json.push_str(&format!("  {{\"name\": \"subscriptions/s{i}\", \"state\": \"ACTIVE\"}},\n"));
    }
    json.push_str("  {\"name\": \"subscriptions/last\", \"state\": \"SUSPENDED\"}\n]\n");
    let got = summary("subscriptions.json", json.as_bytes());
    assert_eq!(got.format, "json-document");
    assert!(got.entries >= 2, "{got:?}");
    assert!(got.message.unwrap_or_default().contains("read in pieces"));
}
