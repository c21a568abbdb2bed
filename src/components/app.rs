//! The page: owns the state and the worker, and lays out the other components.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use super::code_lookup::CodeLookup;
use super::drop_zone::DropZone;
use super::export_buttons::ExportButtons;
use super::file_list::FileList;
use super::header::Header;
use super::privacy_note::PrivacyNote;
use super::report_tabs::ReportTabs;
use super::samples_button::SamplesButton;
use super::status_line::StatusLine;
use super::update_notice::UpdateNotice;
use crate::bridge::Analyzer;
use crate::offline;
use crate::picked::{self, PickedFile};
use crate::reading;
use crate::state::{Action, AppState, InputFile, Phase, TimeCorrection};

#[function_component(App)]
pub(crate) fn app() -> Html {
    let state = use_reducer(AppState::default);
    // The workers for the page's life; the first starts now so its code loads with the page.
    let analyzer = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            Analyzer::new(Callback::from(move |action: Action| dispatcher.dispatch(action)))
        })
    };

    // The job whose files are being sized: a cancel or a newer drop meanwhile means it must
    // not start.
    let wanted = use_memo((), |_| Rc::new(Cell::new(0_u32)));
    let on_files = {
        let analyzer = analyzer.clone();
        let dispatcher = state.dispatcher();
        let wanted = (*wanted).clone();
        Callback::from(move |files: Vec<PickedFile>| {
            if files.is_empty() {
                return;
            }
            // The running page shows at once; the sizes follow a few files per task, and the
            // worker starts once they are known (see `picked::sizes`). The state learns
            // about the job before the worker can answer for it.
            let job = analyzer.next_job();
            let inputs = files.iter().map(|f| InputFile { path: f.path.clone(), size: None }).collect();
            dispatcher.dispatch(Action::Started { job, inputs, at_ms: js_sys::Date::now() });
            wanted.set(job);
            let (analyzer, dispatcher, wanted) = (analyzer.clone(), dispatcher.clone(), wanted.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let sizes = picked::sizes(&files).await;
                if wanted.get() == job {
                    dispatcher.dispatch(Action::Sized { job, sizes: sizes.clone() });
                    analyzer.start(job, files, sizes);
                }
            });
        })
    };

    let on_samples = {
        let on_files = on_files.clone();
        Callback::from(move |_| on_files.emit(picked::samples()))
    };

    // A hosted copy keeps its files for offline use and says when a new version is in.
    let single_file = *use_memo((), |_| offline::is_single_file());
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| {
            let listener = offline::register_service_worker(Callback::from(move |_| update_ready.set(true)));
            move || drop(listener)
        });
    }

    let on_cancel = {
        let analyzer = analyzer.clone();
        let dispatcher = state.dispatcher();
        let job = state.job;
        let wanted = (*wanted).clone();
        Callback::from(move |_| {
            wanted.set(0);
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
    let sized = state.inputs.iter().all(|f| f.size.is_some());
    let reading = reading::progress(&state.inputs, &state.lanes)
        .and_then(|progress| reading::current(&progress))
        .and_then(|at| Some((at + 1, state.inputs.get(at)?.path.clone())));
    html! {
        <>
            <Header single_file={single_file} />
            <main class="page">
                if *update_ready {
                    <UpdateNotice />
                }
                <section class="intake" aria-label="Add files">
                    <DropZone on_files={on_files} running={running} />
                    <SamplesButton on_click={on_samples} />
                    <PrivacyNote />
                </section>
                <StatusLine
                    phase={state.phase}
                    files={state.inputs.len()}
                    bytes_done={state.bytes_done}
                    bytes_total={sized.then_some(state.bytes_total)}
                    reading={running.then_some(reading).flatten()}
                    elapsed_ms={state.elapsed_ms}
                    notice={state.notice.clone()}
                    counts={(errors, warnings, infos)}
                    on_cancel={on_cancel}
                >
                    if let (Phase::Done, Some(report)) = (state.phase, state.report.clone()) {
                        <ExportButtons report={report} sections={state.sections.clone()} />
                    }
                </StatusLine>
                if !state.inputs.is_empty() {
                    <ReportTabs
                        findings={state.findings.clone()}
                        phase={state.phase}
                        sections={state.sections.clone()}
                        inputs={state.inputs.clone()}
                        job={state.job}
                    />
                    <FileList
                        inputs={state.inputs.clone()}
                        summaries={state.summaries.clone()}
                        phase={state.phase}
                        job={state.job}
                        lanes={state.lanes.clone()}
                        correction={state.correction.clone()}
                        on_correct={on_correct}
                    />
                }
                <CodeLookup />
            </main>
        </>
    }
}
