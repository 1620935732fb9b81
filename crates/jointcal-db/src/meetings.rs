//! Coordination meetings: what is attached to a meeting's activity (agenda, minutes
//! and their revisions, attendance) and the action items meetings assign.

use crate::activities::{columns, insert_children, insert_row};
use crate::audit::{insert_audit, with_audit};
use crate::{on_pool, Db, DbError};
use chrono::{DateTime, NaiveDate, Utc};
use jointcal_domain::activity::Activity;
use jointcal_domain::audit::AuditEvent;
use jointcal_domain::ids::{ActivityId, GroupId, OrgId, UserId};
use jointcal_domain::meeting::{ActionItem, Attendance, Meeting, Minutes};
use jointcal_domain::vocab::{ActionStatus, AttendanceResponse, MinutesStatus, Vocabulary};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct MeetingRow {
    activity_id: Uuid,
    group_id: Uuid,
    series_id: Option<Uuid>,
    agenda: String,
    minutes: String,
    minutes_status: String,
    minutes_revision: i64,
    approved_in: Option<Uuid>,
    published: bool,
    invited_sequence: Option<i64>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const MEETING_COLUMNS: &str = "activity_id, group_id, series_id, agenda, minutes, minutes_status, minutes_revision, approved_in, published, invited_sequence, version, created_at, updated_at";

fn corrupt(what: &str, id: Uuid, e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("{what} {id}: {e}"))
}

impl MeetingRow {
    fn into_meeting(self) -> Result<Meeting, DbError> {
        let id = self.activity_id;
        Ok(Meeting {
            id: ActivityId(id),
            group_id: GroupId(self.group_id),
            series: self.series_id,
            agenda: serde_json::from_str(&self.agenda).map_err(|e| corrupt("meeting agenda", id, e))?,
            minutes: serde_json::from_str(&self.minutes).map_err(|e| corrupt("meeting minutes", id, e))?,
            minutes_status: MinutesStatus::from_code(&self.minutes_status)
                .map_err(|e| corrupt("meeting minutes status", id, e))?,
            minutes_revision: self.minutes_revision,
            approved_in: self.approved_in.map(ActivityId),
            published: self.published,
            invited_sequence: self.invited_sequence,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// After a write at an expected version matched no row: the row's version now
/// (`VersionConflict`), or `NotFound` when it is gone.
macro_rules! stale {
    ($tx:expr, $sql:expr, $id:expr) => {{
        let current: Option<i64> = sqlx::query_scalar($sql).bind($id).fetch_optional(&mut *$tx).await?;
        Err(current.map_or(DbError::NotFound, |current| DbError::VersionConflict { current }))
    }};
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

macro_rules! insert_meeting_row {
    ($tx:expr, $m:expr) => {
        sqlx::query(
            "INSERT INTO meetings (activity_id, group_id, series_id, agenda, minutes, minutes_status, minutes_revision, approved_in, published, invited_sequence, version, created_at, updated_at)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)",
        )
        .bind($m.id.0)
        .bind($m.group_id.0)
        .bind($m.series)
        .bind(json(&$m.agenda))
        .bind(json(&$m.minutes))
        .bind($m.minutes_status.code())
        .bind($m.minutes_revision)
        .bind($m.approved_in.map(|a| a.0))
        .bind($m.published)
        .bind($m.invited_sequence)
        .bind($m.version)
        .bind($m.created_at)
        .bind($m.updated_at)
        .execute(&mut *$tx)
        .await
    };
}

/// A saved revision of a meeting's minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct MinutesRevision {
    pub revision: i64,
    pub minutes: Minutes,
    pub status: MinutesStatus,
    /// Who saved it, as the audit log names them.
    pub author: String,
    pub saved_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    meeting_id: Uuid,
    revision: i64,
    minutes: String,
    status: String,
    author: String,
    saved_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct AttendanceRow {
    id: Uuid,
    meeting_id: Uuid,
    user_id: Option<Uuid>,
    name: String,
    org_id: Option<Uuid>,
    response: String,
    attended: Option<bool>,
    version: i64,
    updated_at: DateTime<Utc>,
}

impl AttendanceRow {
    fn into_attendance(self) -> Result<Attendance, DbError> {
        Ok(Attendance {
            id: self.id,
            meeting: ActivityId(self.meeting_id),
            user: self.user_id.map(UserId),
            name: self.name,
            org: self.org_id.map(OrgId),
            response: AttendanceResponse::from_code(&self.response).map_err(|e| corrupt("attendance", self.id, e))?,
            attended: self.attended,
            version: self.version,
            updated_at: self.updated_at,
        })
    }
}

const ATTENDANCE_COLUMNS: &str = "id, meeting_id, user_id, name, org_id, response, attended, version, updated_at";

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: Uuid,
    group_id: Uuid,
    meeting_id: Uuid,
    what: String,
    owner_org_id: Option<Uuid>,
    owner_user_id: Option<Uuid>,
    due: String,
    status: String,
    note: String,
    reminded_for: Option<String>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

const ACTION_COLUMNS: &str = "id, group_id, meeting_id, what, owner_org_id, owner_user_id, due, status, note, reminded_for, version, created_at, updated_at";

fn day(s: &str, id: Uuid) -> Result<NaiveDate, DbError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| corrupt("action item date", id, e))
}

impl ActionRow {
    fn into_action(self) -> Result<ActionItem, DbError> {
        let id = self.id;
        Ok(ActionItem {
            id,
            group_id: GroupId(self.group_id),
            meeting: ActivityId(self.meeting_id),
            what: self.what,
            owner_org: self.owner_org_id.map(OrgId),
            owner_user: self.owner_user_id.map(UserId),
            due: day(&self.due, id)?,
            status: ActionStatus::from_code(&self.status).map_err(|e| corrupt("action item", id, e))?,
            note: self.note,
            reminded_for: self.reminded_for.as_deref().map(|d| day(d, id)).transpose()?,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// How a meeting's row changes: the meeting as it is to be stored, the version it
/// replaces, and the revision of the minutes to keep when the minutes changed.
pub struct MeetingChange<'a> {
    pub meeting: &'a Meeting,
    pub expected_version: i64,
    /// `(author, saved_at)` when this change saves a new revision of the minutes.
    pub minutes_saved: Option<(&'a str, DateTime<Utc>)>,
}

impl Db {
    /// Stores new meetings with their activities (a meeting or a series, all or none),
    /// each with its audit events.
    pub async fn insert_meetings(&self, list: &[(Activity, Meeting)], audits: &[AuditEvent]) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            for (a, m) in list {
                let c = columns(a);
                insert_row!(tx, a, c)?;
                insert_children!(tx, a, c)?;
                insert_meeting_row!(tx, m)?;
            }
            for ev in audits {
                insert_audit!(&mut *tx, ev)?;
            }
            tx.commit().await
        })?;
        Ok(())
    }

    /// Attaches a meeting to an existing activity.
    pub async fn attach_meeting(&self, m: &Meeting, audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            insert_meeting_row!(tx, m)?;
        })?;
        Ok(())
    }

    /// The meeting attached to an activity.
    pub async fn meeting(&self, id: ActivityId) -> Result<Meeting, DbError> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE activity_id = $1");
        let row: Option<MeetingRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(id.0).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_meeting()
    }

    /// Every meeting of a group (whatever its activity's state).
    pub async fn meetings_of_group(&self, group: GroupId) -> Result<Vec<Meeting>, DbError> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE group_id = $1");
        let rows: Vec<MeetingRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).fetch_all(pool).await)?;
        rows.into_iter().map(MeetingRow::into_meeting).collect()
    }

    /// Replaces a meeting's row if it is still at the expected version, keeping a
    /// revision of the minutes when they were saved.
    pub async fn update_meeting(&self, change: &MeetingChange<'_>, audit: &AuditEvent) -> Result<(), DbError> {
        let m = change.meeting;
        with_audit!(self, audit, |tx| {
            let done = sqlx::query(
                "UPDATE meetings SET agenda=$1, minutes=$2, minutes_status=$3, minutes_revision=$4, approved_in=$5, published=$6,
                    invited_sequence=$7, version=$8, updated_at=$9 WHERE activity_id=$10 AND version=$11",
            )
            .bind(json(&m.agenda))
            .bind(json(&m.minutes))
            .bind(m.minutes_status.code())
            .bind(m.minutes_revision)
            .bind(m.approved_in.map(|a| a.0))
            .bind(m.published)
            .bind(m.invited_sequence)
            .bind(m.version)
            .bind(m.updated_at)
            .bind(m.id.0)
            .bind(change.expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return stale!(tx, "SELECT version FROM meetings WHERE activity_id = $1", m.id.0);
            }
            if let Some((author, at)) = change.minutes_saved {
                sqlx::query("INSERT INTO meeting_minutes (meeting_id, revision, minutes, status, author, saved_at) VALUES ($1,$2,$3,$4,$5,$6)")
                    .bind(m.id.0)
                    .bind(m.minutes_revision)
                    .bind(json(&m.minutes))
                    .bind(m.minutes_status.code())
                    .bind(author)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
        })?;
        Ok(())
    }

    /// Records that invitations went out for the activity's `sequence` (never lowers
    /// it; leaves the meeting's version alone: sending is not an edit).
    pub async fn set_invited_sequence(&self, id: ActivityId, sequence: i64) -> Result<(), DbError> {
        let _turn = self.write_turn().await;
        on_pool!(self, pool => sqlx::query(
            "UPDATE meetings SET invited_sequence = $1 WHERE activity_id = $2 AND (invited_sequence IS NULL OR invited_sequence < $1)")
            .bind(sequence)
            .bind(id.0)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Every saved revision of a meeting's minutes, newest first.
    pub async fn minutes_revisions(&self, id: ActivityId) -> Result<Vec<MinutesRevision>, DbError> {
        let sql = "SELECT meeting_id, revision, minutes, status, author, saved_at FROM meeting_minutes WHERE meeting_id = $1 ORDER BY revision DESC";
        let rows: Vec<RevisionRow> = on_pool!(self, pool => sqlx::query_as(sql).bind(id.0).fetch_all(pool).await)?;
        rows.into_iter()
            .map(|r| {
                Ok(MinutesRevision {
                    revision: r.revision,
                    minutes: serde_json::from_str(&r.minutes)
                        .map_err(|e| corrupt("minutes revision", r.meeting_id, e))?,
                    status: MinutesStatus::from_code(&r.status)
                        .map_err(|e| corrupt("minutes revision", r.meeting_id, e))?,
                    author: r.author,
                    saved_at: r.saved_at,
                })
            })
            .collect()
    }

    /// A meeting's attendance register, in the order lines were added.
    pub async fn attendance(&self, meeting: ActivityId) -> Result<Vec<Attendance>, DbError> {
        let sql =
            format!("SELECT {ATTENDANCE_COLUMNS} FROM meeting_attendance WHERE meeting_id = $1 ORDER BY name, id");
        let rows: Vec<AttendanceRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(meeting.0).fetch_all(pool).await)?;
        rows.into_iter().map(AttendanceRow::into_attendance).collect()
    }

    /// Adds a line to the register (`expected_version` None) or replaces one at the
    /// expected version. A second line for the same member is a conflict.
    pub async fn save_attendance(
        &self,
        a: &Attendance,
        expected_version: Option<i64>,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            match expected_version {
                None => {
                    sqlx::query(&format!(
                        "INSERT INTO meeting_attendance ({ATTENDANCE_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)"
                    ))
                    .bind(a.id)
                    .bind(a.meeting.0)
                    .bind(a.user.map(|u| u.0))
                    .bind(&a.name)
                    .bind(a.org.map(|o| o.0))
                    .bind(a.response.code())
                    .bind(a.attended)
                    .bind(a.version)
                    .bind(a.updated_at)
                    .execute(&mut *tx)
                    .await?;
                }
                Some(expected) => {
                    let done = sqlx::query(
                        "UPDATE meeting_attendance SET name=$1, org_id=$2, response=$3, attended=$4, version=$5, updated_at=$6 WHERE id=$7 AND version=$8",
                    )
                    .bind(&a.name)
                    .bind(a.org.map(|o| o.0))
                    .bind(a.response.code())
                    .bind(a.attended)
                    .bind(a.version)
                    .bind(a.updated_at)
                    .bind(a.id)
                    .bind(expected)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if done != 1 {
                        return stale!(tx, "SELECT version FROM meeting_attendance WHERE id = $1", a.id);
                    }
                }
            }
        })?;
        Ok(())
    }

    /// Removes a line of the register (a guest added by mistake).
    pub async fn delete_attendance(&self, id: Uuid, expected_version: i64, audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            let done = sqlx::query("DELETE FROM meeting_attendance WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done != 1 {
                return stale!(tx, "SELECT version FROM meeting_attendance WHERE id = $1", id);
            }
        })?;
        Ok(())
    }

    /// Stores a new action item.
    pub async fn insert_action(&self, a: &ActionItem, audit: &AuditEvent) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            sqlx::query(&format!(
                "INSERT INTO action_items ({ACTION_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)"
            ))
            .bind(a.id)
            .bind(a.group_id.0)
            .bind(a.meeting.0)
            .bind(&a.what)
            .bind(a.owner_org.map(|o| o.0))
            .bind(a.owner_user.map(|u| u.0))
            .bind(a.due.to_string())
            .bind(a.status.code())
            .bind(&a.note)
            .bind(a.reminded_for.map(|d| d.to_string()))
            .bind(a.version)
            .bind(a.created_at)
            .bind(a.updated_at)
            .execute(&mut *tx)
            .await?;
        })?;
        Ok(())
    }

    /// Replaces an action item at the expected version.
    pub async fn update_action(
        &self,
        a: &ActionItem,
        expected_version: i64,
        audit: &AuditEvent,
    ) -> Result<(), DbError> {
        with_audit!(self, audit, |tx| {
            let done = sqlx::query(
                "UPDATE action_items SET what=$1, owner_org_id=$2, owner_user_id=$3, due=$4, status=$5, note=$6, reminded_for=$7, version=$8, updated_at=$9
                 WHERE id=$10 AND version=$11",
            )
            .bind(&a.what)
            .bind(a.owner_org.map(|o| o.0))
            .bind(a.owner_user.map(|u| u.0))
            .bind(a.due.to_string())
            .bind(a.status.code())
            .bind(&a.note)
            .bind(a.reminded_for.map(|d| d.to_string()))
            .bind(a.version)
            .bind(a.updated_at)
            .bind(a.id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return stale!(tx, "SELECT version FROM action_items WHERE id = $1", a.id);
            }
        })?;
        Ok(())
    }

    /// One action item.
    pub async fn action(&self, id: Uuid) -> Result<ActionItem, DbError> {
        let sql = format!("SELECT {ACTION_COLUMNS} FROM action_items WHERE id = $1");
        let row: Option<ActionRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await)?;
        row.ok_or(DbError::NotFound)?.into_action()
    }

    /// A group's action items, by due date.
    pub async fn actions_of_group(&self, group: GroupId) -> Result<Vec<ActionItem>, DbError> {
        let sql = format!("SELECT {ACTION_COLUMNS} FROM action_items WHERE group_id = $1 ORDER BY due, created_at, id");
        let rows: Vec<ActionRow> = on_pool!(self, pool => sqlx::query_as(&sql).bind(group.0).fetch_all(pool).await)?;
        rows.into_iter().map(ActionRow::into_action).collect()
    }

    /// Open action items of every group due on or before `until` (`YYYY-MM-DD`) whose
    /// reminder for their due date was not recorded: what the reminders job looks at.
    pub async fn actions_to_remind(&self, until: NaiveDate) -> Result<Vec<ActionItem>, DbError> {
        let sql = format!(
            "SELECT {ACTION_COLUMNS} FROM action_items WHERE status = 'open' AND due <= $1
               AND (reminded_for IS NULL OR reminded_for <> due) ORDER BY due, id"
        );
        let rows: Vec<ActionRow> =
            on_pool!(self, pool => sqlx::query_as(&sql).bind(until.to_string()).fetch_all(pool).await)?;
        rows.into_iter().map(ActionRow::into_action).collect()
    }

    /// Records that the reminder for `due` was queued, with its message in the same
    /// transaction; false when another server recorded it first (nothing queued).
    pub async fn record_reminder(
        &self,
        id: Uuid,
        due: NaiveDate,
        mails: &[crate::OutboxMail],
    ) -> Result<bool, DbError> {
        let _turn = self.write_turn().await;
        let done = on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE action_items SET reminded_for = $1 WHERE id = $2 AND due = $1 AND status = 'open'
                   AND (reminded_for IS NULL OR reminded_for <> $1)",
            )
            .bind(due.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                crate::mail::insert_mails!(tx, mails)?;
            }
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(n)
        })?;
        Ok(done == 1)
    }
}
