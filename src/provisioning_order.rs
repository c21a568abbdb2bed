//! Which provisioning rows the table shows, and in what order: the sort and filter behind
//! the column headers and the filter box, kept apart from the browser so they are tested.

use std::cmp::Ordering;

use loupe_core::{ProvisioningRow, ProvisioningStatus};

/// A column the table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The BroadWorks user ID.
    User,
    /// When the request was posted.
    Time,
    /// Failed, unanswered, accepted.
    Status,
    /// The bridge's HTTP status.
    Http,
    /// What the answer means.
    Cause,
}

/// What the user asked the table for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Words every shown row must contain (case-insensitive), in any column.
    pub text: String,
    /// Only rows with this status, or all.
    pub status: Option<ProvisioningStatus>,
    /// The sort column.
    pub column: Column,
    /// Sort the other way round.
    pub descending: bool,
}

impl Default for Query {
    /// Failures first, as that is what the engineer came for; then by time.
    fn default() -> Self {
        Query { text: String::new(), status: None, column: Column::Status, descending: false }
    }
}

impl Query {
    /// The query after a click on `column`'s header: the same column flips its direction,
    /// another one sorts ascending.
    pub fn sorted_by(&self, column: Column) -> Query {
        let descending = self.column == column && !self.descending;
        Query { column, descending, ..self.clone() }
    }
}

/// Rows rendered at once: a large PSLog names thousands of subscribers, and rendering them
/// all took the page over two seconds. Failures sort first, so they are always among them.
pub const SHOWN_ROWS: usize = 200;

/// The indexes of the rows to show, in display order.
pub fn visible(rows: &[ProvisioningRow], query: &Query) -> Vec<usize> {
    let words: Vec<String> = query.text.split_whitespace().map(str::to_lowercase).collect();
    let mut shown: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| query.status.is_none_or(|status| row.status == status))
        .filter(|(_, row)| {
            let haystack = searchable(row);
            words.iter().all(|word| haystack.contains(word.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    shown.sort_by(|&a, &b| {
        let order = compare(&rows[a], &rows[b], query.column);
        let order = if query.descending { order.reverse() } else { order };
        // Ties keep time order, then report order, so the table never shuffles.
        order.then_with(|| compare_time(&rows[a], &rows[b])).then(a.cmp(&b))
    });
    shown
}

/// Rows per status, for the filter chips: (failed, no answer, accepted).
pub fn status_counts(rows: &[ProvisioningRow]) -> (usize, usize, usize) {
    let count = |s: ProvisioningStatus| rows.iter().filter(|r| r.status == s).count();
    (
        count(ProvisioningStatus::Failed),
        count(ProvisioningStatus::NoResponse),
        count(ProvisioningStatus::Accepted),
    )
}

fn searchable(row: &ProvisioningRow) -> String {
    let mut text = format!("{} {} {} {}", row.user, row.cause, row.remedy, row.evidence.path);
    for part in [&row.email, &row.message, &row.target, &row.time].into_iter().flatten() {
        text.push(' ');
        text.push_str(part);
    }
    if let Some(code) = row.http_code {
        text.push_str(&format!(" {code}"));
    }
    for defect in &row.defects {
        text.push(' ');
        text.push_str(defect);
    }
    text.to_lowercase()
}

fn compare(a: &ProvisioningRow, b: &ProvisioningRow, column: Column) -> Ordering {
    match column {
        Column::User => a.user.to_lowercase().cmp(&b.user.to_lowercase()),
        Column::Time => compare_time(a, b),
        Column::Status => status_rank(a.status).cmp(&status_rank(b.status)),
        Column::Http => missing_last(a.http_code, b.http_code, |x, y| x.cmp(&y)),
        Column::Cause => a.cause.to_lowercase().cmp(&b.cause.to_lowercase()),
    }
}

fn compare_time(a: &ProvisioningRow, b: &ProvisioningRow) -> Ordering {
    // ISO 8601 UTC strings sort as times; so do times of day among themselves.
    missing_last(a.time.as_deref(), b.time.as_deref(), |x, y| x.cmp(y))
}

/// Worst first.
fn status_rank(status: ProvisioningStatus) -> u8 {
    match status {
        ProvisioningStatus::Failed => 0,
        ProvisioningStatus::NoResponse => 1,
        ProvisioningStatus::Accepted => 2,
    }
}

/// Rows without a value sort after those with one (ascending).
fn missing_last<T>(a: Option<T>, b: Option<T>, cmp: impl Fn(T, T) -> Ordering) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => cmp(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use loupe_core::Evidence;

    fn row(user: &str, time: &str, status: ProvisioningStatus, http: Option<u16>) -> ProvisioningRow {
        ProvisioningRow {
            user: user.to_owned(),
            email: Some(format!("{user}@example.com")),
            time: Some(time.to_owned()),
            status,
            http_code: http,
            message: None,
            cause: format!("cause of {user}"),
            remedy: "do something".to_owned(),
            defects: if user == "bob" { vec!["invalid email".to_owned()] } else { Vec::new() },
            target: None,
            attempts: 1,
            evidence: Evidence { path: "PSLog.txt".to_owned(), line: 1, text: String::new() },
        }
    }

    fn rows() -> Vec<ProvisioningRow> {
        use ProvisioningStatus::*;
        vec![
            row("alice", "2023-07-28T14:02:00Z", Accepted, Some(200)),
            row("bob", "2023-07-28T14:03:00Z", Failed, Some(400)),
            row("judy", "2023-07-28T14:01:00Z", NoResponse, None),
            row("dave", "2023-07-28T14:04:00Z", Failed, Some(401)),
        ]
    }

    #[test]
    fn default_order_puts_failures_first_then_time() {
        assert_eq!(visible(&rows(), &Query::default()), vec![1, 3, 2, 0]);
    }

    #[test]
    fn clicking_a_header_twice_reverses_it() {
        let by_user = Query::default().sorted_by(Column::User);
        assert_eq!(visible(&rows(), &by_user), vec![0, 1, 3, 2]);
        let reversed = by_user.sorted_by(Column::User);
        assert!(reversed.descending);
        assert_eq!(visible(&rows(), &reversed), vec![2, 3, 1, 0]);
    }

    #[test]
    fn rows_without_an_http_code_sort_last() {
        let by_http = Query::default().sorted_by(Column::Http);
        assert_eq!(visible(&rows(), &by_http), vec![0, 1, 3, 2]);
    }

    #[test]
    fn filters_combine_status_and_words_in_any_column() {
        let failed = Query { status: Some(ProvisioningStatus::Failed), ..Query::default() };
        assert_eq!(visible(&rows(), &failed), vec![1, 3]);
        let defect = Query { text: "INVALID email".to_owned(), ..Query::default() };
        assert_eq!(visible(&rows(), &defect), vec![1]);
        let code = Query { text: "401".to_owned(), ..Query::default() };
        assert_eq!(visible(&rows(), &code), vec![3]);
        let none = Query { text: "nobody".to_owned(), ..Query::default() };
        assert!(visible(&rows(), &none).is_empty());
    }

    #[test]
    fn counts_per_status() {
        assert_eq!(status_counts(&rows()), (2, 1, 1));
    }
}
