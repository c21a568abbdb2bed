//! The page's components, one per file. Only `App` holds state; the others render props
//! and report user intent through callbacks.

mod app;
mod code_lookup;
mod drop_zone;
mod file_list;
mod file_row;
mod filter_chips;
mod finding_item;
mod findings_list;
mod header;
mod privacy_note;
mod provisioning_row;
mod provisioning_table;
mod report_tabs;
mod signin_card;
mod signin_trails;
mod status_line;

pub(crate) use app::App;
