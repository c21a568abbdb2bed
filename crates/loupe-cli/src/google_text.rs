//! The Google-side sections of the terminal report: clock skew, key cards, decoded tokens,
//! checked scope lists and subscriptions. Never a private key or a token signature: the
//! report does not carry them.

use std::io::{self, Write};

use loupe_core::Report;

pub(crate) fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    if let Some(skew) = &report.clock_skew {
        writeln!(out)?;
        writeln!(out, "Clock skew: {}", skew.summary)?;
        for signal in &skew.signals {
            let undated = if signal.time_of_day_only { ", time of day only" } else { "" };
            writeln!(
                out,
                "  {:<10} {:+} s  {}:{}{undated}",
                signal.kind, signal.seconds, signal.path, signal.line
            )?;
        }
    }
    if !report.keys.is_empty() {
        writeln!(out)?;
        writeln!(out, "Credential files ({}):", report.keys.len())?;
        for key in &report.keys {
            let usable = if key.usable_by_cuc { "usable by CUC" } else { "NOT usable by CUC" };
            writeln!(out, "  {}  {}  {usable}", key.path, key.kind)?;
            let fields = [
                ("project", &key.project_id),
                ("email", &key.client_email),
                ("client ID (domain-wide delegation)", &key.client_id),
                ("key ID", &key.private_key_id),
            ];
            for (label, value) in fields {
                if let Some(value) = value {
                    writeln!(out, "      {label}: {value}")?;
                }
            }
            if let (Some(bits), Some(format)) = (key.key_bits, &key.key_format) {
                writeln!(out, "      key: {bits}-bit RSA, {format}")?;
            }
            if !key.signed_tokens.is_empty() {
                writeln!(out, "      signed: {}", key.signed_tokens.join(", "))?;
            }
            for problem in &key.problems {
                writeln!(out, "      ! {problem}")?;
            }
        }
    }
    if !report.jwts.is_empty() {
        writeln!(out)?;
        writeln!(out, "Tokens ({}):", report.jwts.len())?;
        for jwt in &report.jwts {
            let header = |k: &str| jwt.header.get(k).and_then(|v| v.as_str()).unwrap_or("?");
            let claim = |k: &str| jwt.claims.get(k).and_then(|v| v.as_str()).unwrap_or("-");
            writeln!(
                out,
                "  {}  {}:{}  x{}  {} kid {}",
                jwt.id,
                jwt.path,
                jwt.line,
                jwt.occurrences,
                header("alg"),
                header("kid")
            )?;
            writeln!(out, "      iss {}  sub {}", claim("iss"), claim("sub"))?;
            if let (Some(iat), Some(exp)) = (&jwt.issued_at, &jwt.expires_at) {
                let lifetime = jwt.lifetime_seconds.map_or(String::new(), |s| format!(" ({s} s)"));
                writeln!(out, "      valid {iat} .. {exp}{lifetime}")?;
            }
            if let (Some(line_time), Some(gap)) = (&jwt.line_time, jwt.iat_minus_line_seconds) {
                writeln!(out, "      logged at {line_time}, iat {gap:+} s from the line")?;
            }
            writeln!(out, "      signature {}; {}", jwt.signature, jwt.verification)?;
            for problem in &jwt.problems {
                writeln!(out, "      ! {problem}")?;
            }
        }
    }
    if !report.scopes.is_empty() {
        writeln!(out)?;
        writeln!(out, "Scope lists ({}):", report.scopes.len())?;
        for list in &report.scopes {
            let damaged = list.scopes.iter().filter(|s| !s.defects.is_empty()).count();
            writeln!(
                out,
                "  {} {}: {} entries, {damaged} damaged, {} missing, {} extra",
                list.kind,
                list.source,
                list.scopes.len(),
                list.missing.len(),
                list.extra.len()
            )?;
            if !list.corrected.is_empty() {
                writeln!(out, "      corrected list to paste:")?;
                writeln!(out, "      {}", list.corrected)?;
            }
        }
    }
    if !report.subscriptions.is_empty() {
        writeln!(out)?;
        writeln!(out, "Workspace Events subscriptions ({}):", report.subscriptions.len())?;
        for subscription in &report.subscriptions {
            let state = subscription.state.as_deref().unwrap_or("state unknown");
            let reason = subscription.suspension_reason.as_deref().unwrap_or("");
            let reactivatable = match subscription.reactivatable {
                Some(true) => " (can be reactivated once fixed)",
                Some(false) => " (cannot be reactivated)",
                None => "",
            };
            writeln!(out, "  {}  {state} {reason}{reactivatable}", subscription.name)?;
        }
    }
    Ok(())
}
