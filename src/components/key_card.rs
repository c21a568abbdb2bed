//! A dropped credential file as a card: what it is, whether CUC can use it, the client ID
//! domain-wide delegation needs (with a copy button), and whether it signed the logged
//! tokens. The core never puts private key material in the report, so none can show here.

use loupe_core::KeyCard;
use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::format;

#[derive(Properties, PartialEq)]
pub(crate) struct KeyCardProps {
    pub(crate) key_card: KeyCard,
    /// How many tokens the logs hold: "signed none" only means something when there are some.
    pub(crate) logged_tokens: usize,
    /// The dropped key files that signed any logged token.
    pub(crate) signers: Vec<String>,
}

#[function_component(KeyCardView)]
pub(crate) fn key_card(props: &KeyCardProps) -> Html {
    let key = &props.key_card;
    let service_account = key.kind == "service_account";
    let (badge, badge_text) =
        if key.usable_by_cuc { ("badge-ok", "Usable by CUC") } else { ("badge-error", "Not usable by CUC") };
    html! {
        <article class="kcard" data-testid="key-card" data-kind={key.kind.clone()} data-usable={key.usable_by_cuc.to_string()}>
            <div class="kcard-head">
                <span class={classes!("badge", "badge-wide", badge)}>{ badge_text }</span>
                <div class="kcard-title">
                    <span class="kcard-kind">{ kind_label(&key.kind) }</span>
                    <span class="file-path" title={key.path.clone()}>{ format::file_name(&key.path) }</span>
                </div>
            </div>
            <dl class="facts kcard-facts">
                if let Some(project) = &key.project_id {
                    <dt>{ "Project" }</dt>
                    <dd><code>{ project }</code></dd>
                }
                if let Some(email) = &key.client_email {
                    <dt>{ "Client email" }</dt>
                    <dd><code>{ email }</code></dd>
                }
                if let Some(client_id) = &key.client_id {
                    <dt>{ if service_account { "Client ID" } else { "OAuth client ID" } }</dt>
                    <dd class="with-copy">
                        <code data-testid="client-id">{ client_id }</code>
                        <CopyButton text={client_id.clone()} label="Copy client ID" />
                        if service_account {
                            <span class="sub">{ "Paste into Admin console › Security › API controls › Domain-wide delegation." }</span>
                        }
                    </dd>
                }
                if let Some(id) = &key.private_key_id {
                    <dt>{ "Private key ID" }</dt>
                    <dd><code>{ id }</code><span class="sub">{ "the kid of every token this key signs" }</span></dd>
                }
                if key.key_bits.is_some() || key.key_format.is_some() {
                    <dt>{ "Key" }</dt>
                    <dd>
                        { key.key_bits.map(|b| format!("RSA {b} bits")).unwrap_or_else(|| "RSA, size unknown".to_owned()) }
                        if let Some(fmt) = &key.key_format {
                            { format!(" · {fmt}") }
                        }
                    </dd>
                }
                if let Some(uri) = &key.token_uri {
                    <dt>{ "Token URI" }</dt>
                    <dd><code>{ uri }</code></dd>
                }
                if service_account {
                    <dt>{ "Signed the logged token" }</dt>
                    <dd data-testid="signed-logged-token">{ signed(key, props.logged_tokens, &props.signers) }</dd>
                }
            </dl>
            if !key.problems.is_empty() {
                <ul class="problems">
                    { for key.problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
        </article>
    }
}

fn signed(key: &KeyCard, logged_tokens: usize, signers: &[String]) -> Html {
    if !key.signed_tokens.is_empty() {
        return html! { <span class="yes">{ format!("Yes: {}", key.signed_tokens.join(", ")) }</span> };
    }
    if logged_tokens == 0 {
        return html! { <span class="muted">{ "No token in these logs to check" }</span> };
    }
    let others: Vec<&str> =
        signers.iter().filter(|s| **s != key.path).map(|s| format::file_name(s)).collect();
    if !others.is_empty() {
        // Another dropped file (possibly a copy of this very key) is credited with them.
        return html! {
            <span class="muted">{ format!("Not credited: the logged tokens verify against {}", others.join(", ")) }</span>
        };
    }
    html! {
        <span class="no">
            { format!("No: none of the {} logged", format::plural(logged_tokens, "token", "tokens")) }
            <span class="sub">{ "The logged tokens were signed by another key: CUC may still hold an old or deleted one." }</span>
        </span>
    }
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "service_account" => "Service-account key",
        "oauth_client_installed" => "OAuth client ID file (installed app)",
        "oauth_client_web" => "OAuth client ID file (web app)",
        "authorized_user" => "User credentials (authorized_user)",
        "external_account" => "Workload identity federation (external_account)",
        "impersonated_service_account" => "Impersonated service account",
        "unknown" => "Unrecognised JSON file",
        other => other,
    }
}
