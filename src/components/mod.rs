//! The page's components, one per file. Only `App` holds state; the others render props
//! and report user intent through callbacks.

mod app;
mod clock_skew_panel;
mod code_lookup;
mod copy_button;
mod counter_chart;
mod drop_zone;
mod export_buttons;
mod file_list;
mod file_row;
mod filter_bar;
mod finding_item;
mod findings_list;
mod google_tab;
mod header;
mod jwt_card;
mod key_card;
mod lifetime_bar;
mod pending_files;
mod privacy_note;
mod provisioning_row;
mod provisioning_table;
mod report_tabs;
mod samples_button;
mod scope_panel;
mod signin_card;
mod signin_trails;
mod status_line;
mod subscription_list;
mod time_correction;
mod update_notice;

pub(crate) use app::App;
