//! The page's components, one per file. Only `App` holds state; the others render props
//! and report user intent through callbacks.

mod app;
mod drop_zone;
mod export_buttons;
mod file_list;
mod file_row;
mod finding_item;
mod findings_list;
mod header;
mod privacy_note;
mod samples_button;
mod status_line;
mod time_correction;
mod update_notice;

pub(crate) use app::App;
