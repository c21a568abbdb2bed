//! The page: owns the state and the worker, and lays out the other components.

use yew::prelude::*;

use super::code_lookup::CodeLookup;
use super::drop_zone::DropZone;
use super::file_list::FileList;
use super::header::Header;
use super::privacy_note::PrivacyNote;
use super::report_tabs::ReportTabs;
use super::status_line::StatusLine;
use crate::bridge::Analyzer;
use crate::picked::PickedFile;
use crate::protocol::Event;
use crate::state::{Action, AppState, InputFile, Phase, TimeCorrection};

#[function_component(App)]
pub(crate) fn app() -> Html {
    let state = use_reducer(AppState::default);
    // One worker for the page's life, started now so its code loads with the page.
    let analyzer = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            Analyzer::new(Callback::from(move |event: Event| {
                if let Some(action) = event.into_action() {
                    dispatcher.dispatch(action);
                }
            }))
        })
    };

    let on_files = {
        let analyzer = analyzer.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |files: Vec<PickedFile>| {
            if files.is_empty() {
                return;
            }
            let inputs = files
                .iter()
                .map(|f| InputFile { path: f.path.clone(), size: f.file.size() as u64 })
                .collect();
            // The state learns about the job before the worker can answer for it.
            let job = analyzer.next_job();
            dispatcher.dispatch(Action::Started { job, inputs, at_ms: js_sys::Date::now() });
            analyzer.start(job, files);
        })
    };

    let on_cancel = {
        let analyzer = analyzer.clone();
        let dispatcher = state.dispatcher();
        let job = state.job;
        Callback::from(move |_| {
            analyzer.cancel(job);
            dispatcher.dispatch(Action::Cancelled);
        })
    };

    let on_correct = {
        let analyzer = analyzer.clone();
        let dispatcher = state.dispatcher();
        Callback::from(move |correction: TimeCorrection| {
            let job = analyzer.next_job();
            dispatcher.dispatch(Action::Restarted {
                job,
                correction: correction.clone(),
                at_ms: js_sys::Date::now(),
            });
            analyzer.rerun(job, &correction);
        })
    };

    let running = state.phase == Phase::Running;
    let (errors, warnings, infos) = state.severity_counts();
    html! {
        <>
            <Header />
            <main class="page">
                <section class="intake" aria-label="Add files">
                    <DropZone on_files={on_files} running={running} />
                    <PrivacyNote />
                </section>
                <StatusLine
                    phase={state.phase}
                    files={state.inputs.len()}
                    bytes_done={state.bytes_done}
                    bytes_total={state.bytes_total}
                    elapsed_ms={state.elapsed_ms}
                    notice={state.notice.clone()}
                    counts={(errors, warnings, infos)}
                    on_cancel={on_cancel}
                />
                if !state.inputs.is_empty() {
                    <ReportTabs
                        findings={state.findings.clone()}
                        phase={state.phase}
                        sections={state.sections.clone()}
                        inputs={state.inputs.clone()}
                    />
                    <FileList
                        inputs={state.inputs.clone()}
                        summaries={state.summaries.clone()}
                        phase={state.phase}
                        correction={state.correction.clone()}
                        on_correct={on_correct}
                    />
                }
                <CodeLookup />
            </main>
        </>
    }
}
