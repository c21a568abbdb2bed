//! The Webex for BroadWorks error-code lookup: a code or message typed or pasted from the
//! user activation portal, answered with its meaning and what to do. The tables are compiled
//! in, so this works offline and with no file dropped; it is a lookup, cheap enough for
//! the page's thread.

use loupe_core::{lookup_broadworks_code, BroadWorksCode, CodeTable};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Answers listed before "N more match".
const SHOWN: usize = 5;

#[function_component(CodeLookup)]
pub(crate) fn code_lookup() -> Html {
    let query = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            query.set(input.value());
        })
    };
    let asked = query.trim();
    let hits = if asked.is_empty() { Vec::new() } else { lookup_broadworks_code(asked) };

    html! {
        <section class="panel lookup" aria-labelledby="lookup-heading" data-testid="code-lookup">
            <div class="lookup-row">
                <label id="lookup-heading" class="lookup-label" for="code-lookup-input">
                    { "Webex for BroadWorks error code" }
                    <span class="sub">{ "from the user activation portal or directory sync" }</span>
                </label>
                <input
                    id="code-lookup-input"
                    type="search"
                    class="filter-box lookup-input"
                    placeholder="Type or paste a code or message, e.g. 200019"
                    autocomplete="off"
                    spellcheck="false"
                    data-testid="code-lookup-input"
                    value={(*query).clone()}
                    {oninput}
                />
            </div>
            if !asked.is_empty() {
                <div class="lookup-results" aria-live="polite">
                    if hits.is_empty() {
                        <p class="empty">{ "No documented Webex for BroadWorks code or message matches this. Codes have six digits (such as 200019); a message needs a few of its words." }</p>
                    }
                    { for hits.iter().take(SHOWN).map(|code| answer(code)) }
                    if hits.len() > SHOWN {
                        <p class="sub lookup-more">{ format!("{} more match; type more of the message to narrow it down.", hits.len() - SHOWN) }</p>
                    }
                </div>
            }
        </section>
    }
}

fn answer(code: &BroadWorksCode) -> Html {
    let table = match code.table {
        CodeTable::Portal => "User activation portal",
        CodeTable::DirectorySync => "Directory sync",
    };
    html! {
        <article class="code-answer" data-testid="code-result" data-code={code.code.to_string()}>
            <div class="code-head">
                <code class="code-number">{ code.code }</code>
                <span class="tag">{ table }</span>
            </div>
            <p class="code-message">{ &code.message }</p>
            if let Some(action) = &code.action {
                <h4>{ "What to do" }</h4>
                <p>{ action }</p>
            }
        </article>
    }
}
