//! Column roles: what each column of a file means to Waymark (the customer id, the event name,
//! the time, ...), and the guess of roles and of the file's kind from its header and values.
//!
//! Header names are compared after folding case and dropping everything but letters and digits,
//! so `Distinct ID`, `$distinct_id` and `distinct_id` are one name. The names known are those of
//! the common exports: Mixpanel (`distinct_id`, `event`, `time`), Amplitude (`user_id`,
//! `event_type`, `event_time`), GA4 flattened (`user_pseudo_id`, `event_name`,
//! `event_timestamp`), Segment (`userId`, `event`, `timestamp`), PostHog (`distinct_id`,
//! `event`, `timestamp`), Kissmetrics (`_p`, `_n`, `_t`) and Shopify orders (`Email`,
//! `Created at`, `Total`, `Name`). Without a header, roles come from the values alone.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use waymark_core::store::DataKind;

use crate::time::{detect_format, Detection};

/// What a column means; every column without a role is kept as a property under its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The customer's id (user id, distinct id, e-mail).
    User,
    /// The event's name.
    Event,
    /// When it happened.
    Time,
    /// A money amount (order total, revenue).
    Amount,
    /// The row's own id (order number, ticket id).
    Id,
    /// Free text (a ticket's description, a survey comment).
    Text,
    /// A score (NPS 0-10, satisfaction 1-5).
    Score,
    /// A category or type (ticket type).
    Category,
    /// The channel it came through (e-mail, chat, phone).
    Channel,
    /// A status (open, closed).
    Status,
}

impl Role {
    /// Every role, in the order the command line lists them.
    pub const ALL: [Role; 10] = [
        Role::User,
        Role::Event,
        Role::Time,
        Role::Amount,
        Role::Id,
        Role::Text,
        Role::Score,
        Role::Category,
        Role::Channel,
        Role::Status,
    ];

    /// The role's name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Event => "event",
            Role::Time => "time",
            Role::Amount => "amount",
            Role::Id => "id",
            Role::Text => "text",
            Role::Score => "score",
            Role::Category => "category",
            Role::Channel => "channel",
            Role::Status => "status",
        }
    }

    /// The role of a command-line name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == name)
    }

    /// How the role reads in a sentence ("the customer id").
    pub fn describe(self) -> &'static str {
        match self {
            Role::User => "the customer id",
            Role::Event => "the event name",
            Role::Time => "the time",
            Role::Amount => "the amount",
            Role::Id => "the id",
            Role::Text => "the text",
            Role::Score => "the score",
            Role::Category => "the category",
            Role::Channel => "the channel",
            Role::Status => "the status",
        }
    }

    /// Header names (folded) that mean this role, best first.
    fn names(self) -> &'static [&'static str] {
        match self {
            Role::User => &[
                "userid",
                "distinctid",
                "user",
                "customerid",
                "customer",
                "personid",
                "p",
                "userpseudoid",
                "email",
                "customeremail",
                "mastercustomerid",
                "clientid",
                "visitorid",
                "accountid",
                "contactid",
                "memberid",
                "anonymousid",
                "amplitudeid",
                "deviceid",
            ],
            Role::Event => &[
                "event",
                "eventname",
                "eventtype",
                "n",
                "action",
                "eventaction",
            ],
            Role::Time => &[
                "timestamp",
                "time",
                "eventtime",
                "eventtimestamp",
                "t",
                "createdat",
                "created",
                "datecreated",
                "createddate",
                "createdtime",
                "occurredat",
                "originaltimestamp",
                "clienteventtime",
                "receivedat",
                "datetime",
                "date",
                "orderdate",
                "processedat",
                "paidat",
                "openedat",
                "opened",
                "submittedat",
                "submitted",
                "respondedat",
                "eventdate",
                "when",
            ],
            Role::Amount => &[
                "amount",
                "total",
                "revenue",
                "ordertotal",
                "totalprice",
                "price",
                "value",
                "sales",
                "subtotal",
                "dollarvalue",
            ],
            Role::Id => &[
                "id",
                "orderid",
                "ticketid",
                "name",
                "ordernumber",
                "ordername",
                "transactionid",
                "ticketnumber",
                "number",
                "caseid",
            ],
            Role::Text => &[
                "text",
                "comment",
                "comments",
                "feedback",
                "description",
                "ticketdescription",
                "body",
                "message",
                "verbatim",
                "answer",
                "response",
                "subject",
                "ticketsubject",
            ],
            Role::Score => &[
                "score",
                "npsscore",
                "nps",
                "rating",
                "customersatisfactionrating",
                "satisfactionrating",
                "satisfaction",
                "csat",
                "ffscore",
                "likelihoodtorecommend",
            ],
            Role::Category => &[
                "category",
                "type",
                "tickettype",
                "topic",
                "reason",
                "issuetype",
            ],
            Role::Channel => &["channel", "ticketchannel", "source", "via", "medium"],
            Role::Status => &["status", "ticketstatus", "state"],
        }
    }
}

/// The roles a kind of file takes, the ones it needs first.
pub fn roles_of(kind: DataKind) -> &'static [Role] {
    match kind {
        DataKind::Events => &[Role::User, Role::Event, Role::Time, Role::Amount],
        DataKind::Orders => &[Role::User, Role::Time, Role::Amount, Role::Id],
        DataKind::People => &[Role::User],
        DataKind::Tickets => &[
            Role::Id,
            Role::User,
            Role::Time,
            Role::Text,
            Role::Category,
            Role::Channel,
            Role::Status,
            Role::Score,
        ],
        DataKind::Survey => &[Role::Score, Role::User, Role::Text, Role::Time],
    }
}

/// The roles a kind of file cannot do without.
pub fn required_roles(kind: DataKind) -> &'static [Role] {
    match kind {
        DataKind::Events => &[Role::User, Role::Event, Role::Time],
        DataKind::Orders => &[Role::User, Role::Time],
        DataKind::People => &[Role::User],
        DataKind::Tickets => &[Role::Id],
        DataKind::Survey => &[Role::Score],
    }
}

/// Folds a header name for comparison: lower case, letters and digits only.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Guesses the kind of a file from its header (if any) and its first rows.
pub fn guess_kind(header: Option<&[String]>, rows: &[Vec<String>]) -> DataKind {
    let Some(header) = header else {
        // A file without a header that has a time and an amount is most likely purchases.
        let has_amount = value_guess(Role::Amount, rows, &[]).is_some();
        return if has_amount {
            DataKind::Orders
        } else {
            DataKind::Events
        };
    };
    let folded: Vec<String> = header.iter().map(|name| fold(name)).collect();
    let has = |role: Role| {
        folded
            .iter()
            .any(|name| role.names().contains(&name.as_str()))
    };
    let mentions = |word: &str| folded.iter().any(|name| name.contains(word));

    if mentions("ticket") || (has(Role::Status) && has(Role::Text) && has(Role::Id)) {
        DataKind::Tickets
    } else if has(Role::Event) {
        DataKind::Events
    } else if has(Role::Score) || mentions("nps") {
        DataKind::Survey
    } else if mentions("order")
        || has(Role::Amount)
        || (has(Role::Time) && mentions("financialstatus"))
    {
        DataKind::Orders
    } else if has(Role::Time) {
        DataKind::Events
    } else {
        DataKind::People
    }
}

/// Guesses the role of each column for a file of `kind`: first from header names (exact names
/// before names that merely contain a known word), then, for roles still open, from the values.
/// Each role goes to one column at most.
pub fn guess_roles(
    kind: DataKind,
    header: Option<&[String]>,
    rows: &[Vec<String>],
) -> Vec<Option<Role>> {
    let width = header
        .map(<[String]>::len)
        .or_else(|| rows.first().map(Vec::len))
        .unwrap_or(0);
    let mut roles: Vec<Option<Role>> = vec![None; width];
    let wanted = roles_of(kind);

    if let Some(header) = header {
        let folded: Vec<String> = header.iter().map(|name| fold(name)).collect();
        // Every (rank, role, column) a header name suggests; lower rank is a better match.
        let mut candidates = Vec::new();
        for (order, &role) in wanted.iter().enumerate() {
            for (column, name) in folded.iter().enumerate() {
                if let Some(rank) = header_rank(role, name) {
                    candidates.push((rank, order, column, role));
                }
            }
        }
        candidates.sort();
        for (_, _, column, role) in candidates {
            if roles[column].is_none() && !roles.contains(&Some(role)) {
                roles[column] = Some(role);
            }
        }
    }

    for &role in wanted {
        if roles.contains(&Some(role)) {
            continue;
        }
        let taken: Vec<usize> = (0..width).filter(|&c| roles[c].is_some()).collect();
        if let Some(column) = value_guess(role, rows, &taken) {
            // Without a header the values are all there is; with one, only the time is guessed
            // from values (a "When" column), since guessing ids or names from values misleads.
            if header.is_none() || role == Role::Time {
                roles[column] = Some(role);
            }
        }
    }
    roles
}

/// How well a folded header name fits a role: its place in the role's list, or 100 plus that
/// place when the name only contains a listed name of four letters or more.
fn header_rank(role: Role, name: &str) -> Option<usize> {
    let names = role.names();
    if let Some(place) = names.iter().position(|known| *known == name) {
        return Some(place);
    }
    names
        .iter()
        .position(|known| known.len() >= 4 && name.contains(known))
        .map(|place| 100 + place)
}

/// A column whose values suit `role`, skipping `taken` columns.
fn value_guess(role: Role, rows: &[Vec<String>], taken: &[usize]) -> Option<usize> {
    let width = rows.first().map(Vec::len).unwrap_or(0);
    let column_values = |column: usize| {
        rows.iter()
            .filter_map(move |row| row.get(column))
            .map(|value| value.trim())
            .filter(|value| !value.is_empty())
    };
    let free = (0..width).filter(|column| !taken.contains(column));
    let is_time = |column: usize| {
        matches!(
            detect_format(column_values(column)),
            Detection::Format { .. }
        )
    };
    match role {
        Role::Time => free.into_iter().find(|&column| is_time(column)),
        Role::Amount => free.into_iter().find(|&column| {
            !is_time(column)
                && column_values(column).count() > 0
                && column_values(column).all(|v| v.contains('.') && v.parse::<f64>().is_ok())
        }),
        // The first column that is not a time: exports put the customer id first.
        Role::User => free.into_iter().find(|&column| !is_time(column)),
        Role::Event => free.into_iter().find(|&column| {
            !is_time(column)
                && column_values(column).count() > 0
                && column_values(column).all(|v| v.parse::<f64>().is_err())
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    fn guess(kind: DataKind, header: &[&str], row: &[&str]) -> Vec<Option<&'static str>> {
        let header = strings(header);
        guess_roles(kind, Some(&header), &[strings(row)])
            .into_iter()
            .map(|role| role.map(Role::as_str))
            .collect()
    }

    #[test]
    fn mixpanel_export_columns() {
        let header = [
            "Event Name",
            "Distinct ID",
            "Time",
            "$browser",
            "mp_country_code",
        ];
        let row = ["Signed Up", "u1", "1700000000", "Chrome", "DE"];

        let roles = guess(DataKind::Events, &header, &row);

        assert_eq!(
            roles,
            [Some("event"), Some("user"), Some("time"), None, None]
        );
    }

    #[test]
    fn amplitude_prefers_event_time_and_user_id_over_device_ids() {
        let header = [
            "amplitude_id",
            "device_id",
            "user_id",
            "event_type",
            "event_time",
            "server_upload_time",
        ];
        let row = [
            "9",
            "d",
            "u1",
            "open",
            "2024-01-01 10:00:00.123",
            "2024-01-01 10:00:01",
        ];

        let roles = guess(DataKind::Events, &header, &row);

        assert_eq!(roles[2], Some("user"));
        assert_eq!(roles[3], Some("event"));
        assert_eq!(roles[4], Some("time"));
        assert_eq!(roles[0], None);
    }

    #[test]
    fn ga4_and_kissmetrics_names() {
        let ga4 = guess(
            DataKind::Events,
            &[
                "event_date",
                "event_timestamp",
                "event_name",
                "user_pseudo_id",
            ],
            &["20240101", "1704100000000000", "page_view", "123.456"],
        );
        assert_eq!(ga4, [None, Some("time"), Some("event"), Some("user")]);

        let kiss = guess(
            DataKind::Events,
            &["_p", "_n", "_t"],
            &["a@b", "Visited", "1700000000"],
        );
        assert_eq!(kiss, [Some("user"), Some("event"), Some("time")]);
    }

    #[test]
    fn shopify_orders_take_email_created_at_total_and_name() {
        let header = [
            "Name",
            "Email",
            "Financial Status",
            "Paid at",
            "Created at",
            "Subtotal",
            "Total",
        ];
        let row = [
            "#1001",
            "a@b.c",
            "paid",
            "",
            "2024-01-05 10:15:22 -0500",
            "10.00",
            "12.50",
        ];

        assert_eq!(
            guess_kind(Some(&strings(&header)), &[strings(&row)]),
            DataKind::Orders
        );
        let roles = guess(DataKind::Orders, &header, &row);

        assert_eq!(
            roles,
            [
                Some("id"),
                Some("user"),
                None,
                None,
                Some("time"),
                None,
                Some("amount")
            ]
        );
    }

    #[test]
    fn ticket_and_survey_files_are_told_apart() {
        let tickets = strings(&[
            "Ticket ID",
            "Customer Email",
            "Ticket Subject",
            "Ticket Status",
        ]);
        assert_eq!(guess_kind(Some(&tickets), &[]), DataKind::Tickets);

        let survey = strings(&["user_id", "text", "NPS_Score"]);
        assert_eq!(guess_kind(Some(&survey), &[]), DataKind::Survey);
        let roles = guess(
            DataKind::Survey,
            &["user_id", "text", "NPS_Score"],
            &["1", "ok", "9"],
        );
        assert_eq!(roles, [Some("user"), Some("text"), Some("score")]);

        let people = strings(&["user_id", "segment"]);
        assert_eq!(guess_kind(Some(&people), &[]), DataKind::People);
    }

    #[test]
    fn a_headerless_purchase_file_is_read_from_its_values() {
        let rows = vec![
            strings(&["00004", "0001", "19970101", "2", "29.33"]),
            strings(&["00004", "0001", "19970118", "2", "29.73"]),
        ];

        assert_eq!(guess_kind(None, &rows), DataKind::Orders);
        let roles = guess_roles(DataKind::Orders, None, &rows);

        assert_eq!(
            roles,
            [
                Some(Role::User),
                None,
                Some(Role::Time),
                None,
                Some(Role::Amount)
            ]
        );
    }

    #[test]
    fn a_time_column_with_an_unknown_name_is_found_from_its_values() {
        let roles = guess(
            DataKind::Events,
            &["who", "what", "at"],
            &["u1", "signup", "2024-03-01T10:00:00Z"],
        );

        assert_eq!(roles, [None, None, Some("time")]);
    }

    #[test]
    fn every_role_name_round_trips() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.as_str()), Some(role));
        }
        assert_eq!(fold("$Distinct ID"), "distinctid");
    }
}
