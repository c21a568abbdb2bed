//! `loupe code`: the offline lookup of Webex for BroadWorks error codes, the same table the
//! analysis uses.

use std::process::ExitCode;

use anyhow::Result;
use loupe_core::{lookup_broadworks_code, CodeTable};

#[derive(clap::Args)]
pub(crate) struct CodeArgs {
    /// A code (`200019`, `Error code: 600014`) or words of the message shown to the user.
    #[arg(required = true)]
    query: Vec<String>,
}

pub(crate) fn run(args: &CodeArgs) -> Result<ExitCode> {
    let query = args.query.join(" ");
    let found = lookup_broadworks_code(&query);
    if found.is_empty() {
        println!("No documented Webex for BroadWorks error code matches {query:?}.");
        return Ok(ExitCode::from(1));
    }
    for code in found {
        let table = match code.table {
            CodeTable::Portal => "user activation portal",
            CodeTable::DirectorySync => "directory sync",
        };
        println!("{} ({table})", code.code);
        println!("  meaning: {}", code.message.replace('\n', " "));
        if let Some(action) = &code.action {
            println!("  action:  {}", action.replace('\n', " "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
