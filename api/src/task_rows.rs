//! Replication tasks as the viewer shows, filters and exports them.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;

use crate::jobs::format_elapsed;
use crate::resource::Resource;
use crate::swr_ee::RunStatus;
use crate::swr_ee_models::TaskDetail;

/// One task with its resources parsed (or kept raw).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskRow {
    pub id: i64,
    pub status: String,
    pub source: String,
    pub destination: String,
    pub digests: Vec<String>,
    pub tags: Vec<String>,
    pub operation: String,
    pub start_time: String,
    pub end_time: String,
    /// Filled in from the subtasks when known (the only failure reason the API gives).
    pub reason: Option<String>,
}

impl TaskRow {
    pub fn from_task(task: &TaskDetail) -> TaskRow {
        let src = Resource::parse(&task.src_resource);
        let dst = Resource::parse(&task.dst_resource);
        let name = |r: &Resource| r.repository().map(str::to_string).unwrap_or_else(|| r.pretty());
        TaskRow {
            id: task.id,
            status: task.status.clone(),
            source: name(&src),
            destination: name(&dst),
            digests: src.artifacts().iter().map(|a| a.digest.clone()).collect(),
            tags: src.tags(),
            operation: task.operation.clone(),
            start_time: task.start_time.clone(),
            end_time: task.end_time.clone(),
            reason: None,
        }
    }

    pub fn run_status(&self) -> RunStatus {
        RunStatus::parse(&self.status)
    }

    /// Case-insensitive search in repositories, tags and digests.
    pub fn matches(&self, status: Option<&RunStatus>, query: &str) -> bool {
        if status.is_some_and(|s| *s != self.run_status()) {
            return false;
        }
        // ASCII-only folding: repository names, tags and digests are ASCII,
        // and Unicode case tables would cost the console several KB.
        let q = query.trim().to_ascii_lowercase();
        q.is_empty()
            || self.source.to_ascii_lowercase().contains(&q)
            || self.destination.to_ascii_lowercase().contains(&q)
            || self.tags.iter().any(|t| t.to_ascii_lowercase().contains(&q))
            || self.digests.iter().any(|d| d.to_ascii_lowercase().contains(&q))
    }
}

/// A time that is set: empty, missing, `null` and Go's zero time mean "not yet".
fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    let raw = crate::lenient::set_time(raw)?;
    DateTime::parse_from_rfc3339(raw).ok().map(|t| t.with_timezone(&Utc))
}

/// "2 min 05 s"; for a task still running, the time since it started. Never
/// negative: an end before the start (clock skew) reads as no duration.
pub fn duration_text(start: &str, end: &str, now_ms: f64) -> Option<String> {
    let start = parse_time(start)?.timestamp_millis() as f64;
    let end_ms = match parse_time(end) {
        Some(end) => end.timestamp_millis() as f64,
        None => now_ms,
    };
    (end_ms >= start).then(|| format_elapsed(end_ms - start))
}

/// Readable UTC time: "2021-02-06 08:01:06 UTC", or the raw text.
pub fn time_text(raw: &str) -> String {
    match parse_time(raw) {
        // Written out rather than with chrono's `format`, whose strftime
        // machinery would cost the console several KB.
        Some(t) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        None => raw.to_string(),
    }
}

/// A task's end: "not ended" while it runs, whether the service sends the
/// end time empty, `null`, missing or as a zero time.
pub fn end_time_text(raw: &str) -> String {
    match crate::lenient::set_time(raw) {
        None => "not ended".into(),
        Some(_) => time_text(raw),
    }
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// An export's file name: which execution, and when, e.g.
/// `execution-902-tasks-2026-12-02.csv` (not always `tasks.csv`).
pub fn export_file_name(execution_id: i64, today: &str, extension: &str) -> String {
    let day = today.get(..10).unwrap_or(today);
    format!("execution-{execution_id}-tasks-{day}.{extension}")
}

pub fn to_csv(rows: &[TaskRow]) -> String {
    let mut out =
        String::from("id,status,source,destination,tags,digests,operation,start_time,end_time,reason\n");
    for r in rows {
        let fields = [
            r.id.to_string(),
            r.status.clone(),
            r.source.clone(),
            r.destination.clone(),
            r.tags.join(" "),
            r.digests.join(" "),
            r.operation.clone(),
            r.start_time.clone(),
            r.end_time.clone(),
            r.reason.clone().unwrap_or_default(),
        ];
        out.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

pub fn to_json(rows: &[TaskRow]) -> String {
    serde_json::to_string_pretty(rows).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, status: &str, src: &str) -> TaskDetail {
        TaskDetail {
            id,
            status: status.into(),
            src_resource: src.into(),
            dst_resource: src.replace("root/", "mirror/"),
            operation: "copy".into(),
            start_time: "2021-02-06T08:01:06.04266Z".into(),
            end_time: "2021-02-06T08:34:46Z".into(),
            ..Default::default()
        }
    }

    const SRC: &str = r#"{"type":"artifact","metadata":{"repository":{"name":"root/nats"},"artifacts":[{"type":"IMAGE","digest":"sha256:dec84a4fa216e59cba43e00ca3fbd5fa1fe5343f72daab7c09abf7f89e2f585b","labels":null,"tags":["1.2.0","latest"]}]},"override":false}"#;

    #[test]
    fn rows_parse_and_filter() {
        let row = TaskRow::from_task(&task(1927, "Succeed", SRC));
        assert_eq!((row.source.as_str(), row.destination.as_str()), ("root/nats", "mirror/nats"));
        assert_eq!(row.tags, vec!["1.2.0", "latest"]);
        assert!(row.matches(None, "NATS"));
        assert!(row.matches(Some(&RunStatus::Succeeded), "latest"));
        assert!(row.matches(None, "dec84a4f"));
        assert!(!row.matches(Some(&RunStatus::Failed), ""));
        let raw = TaskRow::from_task(&task(5, "Failed", "artifact:broken (truncated"));
        assert_eq!(raw.source, "artifact:broken (truncated");
        assert!(raw.tags.is_empty());
    }

    #[test]
    fn seed_times_give_a_duration() {
        let row = TaskRow::from_task(&task(1, "Succeed", SRC));
        assert_eq!(duration_text(&row.start_time, &row.end_time, 0.0).as_deref(), Some("33 min 39 s"));
        assert_eq!(time_text(&row.start_time), "2021-02-06 08:01:06 UTC");
        assert_eq!(time_text(""), "");
        let running_since = parse_time("2021-02-06T08:01:06Z").unwrap().timestamp_millis() as f64;
        assert_eq!(
            duration_text("2021-02-06T08:01:06Z", "", running_since + 5_000.0).as_deref(),
            Some("5 s")
        );
    }

    #[test]
    fn a_running_task_reads_not_ended_however_the_end_is_sent() {
        let start = "2021-02-06T08:01:06Z";
        let now = parse_time(start).unwrap().timestamp_millis() as f64 + 65_000.0;
        for end in [r#""end_time":"""#, "", r#""end_time":null"#, r#""end_time":"0001-01-01T00:00:00Z""#] {
            let sep = if end.is_empty() { "" } else { "," };
            let json = format!(r#"{{"id":1,"status":"InProgress","start_time":"{start}"{sep}{end}}}"#);
            let task: TaskDetail = crate::lenient::from_text(&json).unwrap();
            let row = TaskRow::from_task(&task);
            assert_eq!(end_time_text(&row.end_time), "not ended", "{json}");
            assert_eq!(
                duration_text(&row.start_time, &row.end_time, now).as_deref(),
                Some("1 min 05 s"),
                "{json}"
            );
        }
        assert_eq!(end_time_text("2021-02-06T08:34:46Z"), "2021-02-06 08:34:46 UTC");
        // An end before the start is never a negative duration.
        assert_eq!(duration_text("2021-02-06T08:34:46Z", "2021-02-06T08:01:06Z", 0.0), None);
    }

    #[test]
    fn export_names_carry_the_execution_and_the_day() {
        assert_eq!(
            export_file_name(902, "2026-12-02T04:10:00.000Z", "csv"),
            "execution-902-tasks-2026-12-02.csv"
        );
    }

    #[test]
    fn csv_quotes_and_json_round_trips() {
        let mut row = TaskRow::from_task(&task(7, "Failed", SRC));
        row.reason = Some("blob upload \"unauthorized\", retry".into());
        let csv = to_csv(&[row.clone()]);
        assert!(csv.starts_with("id,status,source"));
        assert!(csv.contains(r#""blob upload ""unauthorized"", retry""#), "{csv}");
        let json: serde_json::Value = crate::lenient::from_text(&to_json(&[row])).unwrap();
        assert_eq!(json[0]["source"], "root/nats");
    }
}
