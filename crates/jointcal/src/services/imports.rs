//! Imports: the records a file gives (`crate::formats`) matched to the group's
//! activities, validated and written under the access rules, chunk by chunk, with
//! one import batch per run.
//!
//! - **Matching**: by IATI identifier or ref (the sheet's activity code), both unique
//!   in a group. A match that was deleted in jointcal is left alone (someone removed
//!   it on purpose; a file does not bring it back) and reported.
//! - **Idempotent**: a record that changes nothing of its match writes nothing (no new
//!   version, no audit event). A changed one is updated in place: the fields the file
//!   owns ([`crate::formats::Owned`]) over the stored ones, a new version, an audit event
//!   whose actor is the import batch.
//! - **Organizations** are matched by IATI organisation identifier, else acronym, else
//!   name (case and accents not counting); the others are created (coordinators' and
//!   the command line's imports only), with an acronym from the name made unique.
//! - **Access**: every record passes the same rules as a save by the person importing
//!   (`can_create`, `can_edit`); a refused one is reported like a bad one.
//! - **All or good rows**: the importer writes as it goes (chunks of [`CHUNK`] records,
//!   each one transaction), so with `OnError::Abort` the caller first runs the same
//!   file as a dry run and writes only when nothing is refused
//!   ([`crate::services::imports::ImportRun`] does both passes).
//! - **Memory** holds one chunk, the keys seen (to report the same activity twice) and
//!   the first [`MAX_LISTED`] problems and lines of the report, whatever the file's size.

use crate::evaluate::records::org_ref;
use crate::formats::record::{Item, Key, OrgMention, Record, Refused, Source};
use crate::services::activities::{require_signed_in, validate_with, OrgIndex};
use crate::services::core::Services;
use crate::services::error::{DbResultExt, ServiceError};
use jointcal_db::{ImportChunk, ImportWriteError};
use jointcal_domain::access::{can_create, can_edit, can_write_activities, Viewer};
use jointcal_domain::activity::{Activity, ActivityInput};
use jointcal_domain::audit::{Actor, AuditEvent, EntityKind};
use jointcal_domain::group::Group;
use jointcal_domain::ids::{ActivityId, BatchId, OrgId};
use jointcal_domain::org::{OrgInput, Organization};
use jointcal_domain::text::fold;
use jointcal_domain::vocab::Vocabulary;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Records matched and written together.
pub const CHUNK: usize = 250;
/// Problems and report lines kept for showing; the counts go on.
pub const MAX_LISTED: usize = 1000;

/// What to do when a record is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// Write nothing.
    Abort,
    /// Write every good record; report the others.
    Skip,
}

/// How a record fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Create,
    Update,
    Unchanged,
    /// Its match was deleted in jointcal.
    LeftAlone,
    Filtered,
    Duplicate,
    Rejected,
}

/// One line of the report (the first [`MAX_LISTED`] records).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportLine {
    pub at: Source,
    pub key: String,
    pub outcome: Outcome,
    /// The title, or why the record was left out or refused.
    pub text: String,
    /// The field at fault (refused records).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What was tolerated or guessed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The activity written (not in a dry run).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = Uuid)]
    pub activity: Option<ActivityId>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// The import batch that the audit events name (none in a dry run).
    #[schema(value_type = Option<String>, format = Uuid)]
    pub batch: Option<BatchId>,
    pub dry_run: bool,
    /// Whether anything was written (false in a dry run and when aborted).
    pub written: bool,
    pub records: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub left_alone: usize,
    pub filtered: usize,
    pub duplicates: usize,
    pub rejected: usize,
    /// Organizations created (or that would be), as "ACRONYM (name)".
    pub orgs_created: Vec<String>,
    /// Every refused record, up to [`MAX_LISTED`].
    pub problems: Vec<Refused>,
    /// The records one by one, up to [`MAX_LISTED`].
    pub lines: Vec<ReportLine>,
}

impl ImportReport {
    fn line(&mut self, line: ReportLine) {
        if self.lines.len() < MAX_LISTED {
            self.lines.push(line);
        }
    }

    fn refuse(&mut self, r: Refused) {
        self.rejected += 1;
        self.line(ReportLine {
            at: r.at.clone(),
            key: r.key.clone().unwrap_or_default(),
            outcome: Outcome::Rejected,
            text: r.reason.clone(),
            field: r.field.clone(),
            notes: Vec::new(),
            activity: None,
        });
        if self.problems.len() < MAX_LISTED {
            self.problems.push(r);
        }
    }
}

/// What an import is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub dry_run: bool,
    /// The files as the report names them, and their format (for the batch's event).
    pub source: String,
    pub format: String,
}

/// Organizations by every name a file may use, and those this run makes.
///
/// The same file must find the same organizations however often it is imported, even
/// though a run learns organizations as it goes. So a mention with an IATI
/// organisation identifier is found by that identifier only, or by its name among the
/// organizations that have no identifier (and then that identifier stands for it for
/// the rest of the run); a mention without one by its name, then acronym. Of two
/// organizations with one name, the one made first answers (ids are time-ordered).
struct Orgs {
    index: OrgIndex,
    by_iati: HashMap<String, OrgId>,
    by_name: HashMap<String, OrgId>,
    with_iati: HashSet<OrgId>,
    aliases: HashMap<String, OrgId>,
    acronyms: HashSet<String>,
}

impl Orgs {
    fn new(all: &[Organization]) -> Self {
        let mut all: Vec<&Organization> = all.iter().collect();
        all.sort_by_key(|o| o.id.0);
        let mut orgs = Orgs {
            index: OrgIndex::new(&[]),
            by_iati: HashMap::new(),
            by_name: HashMap::new(),
            with_iati: HashSet::new(),
            aliases: HashMap::new(),
            acronyms: HashSet::new(),
        };
        for o in all {
            orgs.learn(o);
        }
        orgs
    }

    fn find(&mut self, m: &OrgMention) -> Option<OrgId> {
        let by_name = |this: &Self| this.by_name.get(&fold(&m.name)).copied().or_else(|| this.index.resolve(&m.name));
        if let Some(raw) = &m.iati_id {
            let key = org_ref(raw).unwrap_or_else(|| raw.clone());
            if let Some(id) = self.by_iati.get(&key).or_else(|| self.aliases.get(&key)) {
                return Some(*id);
            }
            let found = by_name(self).filter(|id| !self.with_iati.contains(id))?;
            self.aliases.insert(key, found);
            return Some(found);
        }
        by_name(self).or_else(|| m.acronym.as_deref().and_then(|a| self.index.resolve(a)))
    }

    fn learn(&mut self, o: &Organization) {
        self.by_name.entry(fold(&o.fields.name)).or_insert(o.id);
        self.acronyms.insert(fold(&o.fields.acronym));
        if let Some(raw) = &o.fields.iati_org_id {
            self.by_iati.insert(org_ref(raw).unwrap_or_else(|| raw.clone()), o.id);
            self.with_iati.insert(o.id);
        }
        self.index.add(o);
    }

    /// A free acronym for a new organization.
    fn free_acronym(&self, m: &OrgMention) -> String {
        let base: String = m
            .acronym
            .clone()
            .unwrap_or_else(|| m.name.chars().filter(|c| c.is_alphanumeric()).take(12).collect())
            .chars()
            .take(24)
            .collect();
        let base = if base.is_empty() { "ORG".to_string() } else { base };
        if !self.acronyms.contains(&fold(&base)) {
            return base;
        }
        (2..).map(|n| format!("{base}-{n}")).find(|a| !self.acronyms.contains(&fold(a))).unwrap_or(base)
    }
}

/// One import run: feed it items with [`Importer::add`], then [`Importer::finish`].
pub struct Importer<'s> {
    s: &'s Services,
    viewer: Viewer,
    actor: Actor,
    group: Group,
    opts: ImportOptions,
    batch: BatchId,
    orgs: Orgs,
    pending: Vec<Record>,
    /// Keys seen in this run, with where.
    seen: HashMap<Key, Source>,
    started: bool,
    report: ImportReport,
}

impl Services {
    /// Starts an import into `group` by `viewer` (who needs the right to write
    /// activities there); `actor` is the person, for the batch's own audit events.
    pub async fn begin_import<'s>(
        &'s self,
        viewer: &Viewer,
        actor: &Actor,
        group: &Group,
        opts: ImportOptions,
    ) -> Result<Importer<'s>, ServiceError> {
        require_signed_in(viewer)?;
        can_write_activities(viewer)?;
        let all = self.list_orgs().await?;
        let batch = BatchId(self.new_uuid());
        let report =
            ImportReport { dry_run: opts.dry_run, batch: (!opts.dry_run).then_some(batch), ..Default::default() };
        Ok(Importer {
            s: self,
            viewer: viewer.clone(),
            actor: actor.clone(),
            group: group.clone(),
            opts,
            batch,
            orgs: Orgs::new(&all),
            pending: Vec::with_capacity(CHUNK),
            seen: HashMap::new(),
            started: false,
            report,
        })
    }
}

/// What planning a chunk gives: the writes, and the report lines they stand for.
struct Planned {
    chunk: ImportChunk,
    lines: Vec<ReportLine>,
}

impl<'s> Importer<'s> {
    /// Takes one item of a file.
    pub async fn add(&mut self, item: Item) -> Result<(), ServiceError> {
        match item {
            Item::Record(r) => {
                self.report.records += 1;
                if let Some(first) = self.seen.get(&r.key) {
                    self.report.duplicates += 1;
                    let text = format!("the same activity again (first at {first}); the first one is kept");
                    let line = ReportLine {
                        at: r.at.clone(),
                        key: r.key.to_string(),
                        outcome: Outcome::Duplicate,
                        text,
                        field: None,
                        notes: Vec::new(),
                        activity: None,
                    };
                    self.report.line(line);
                    return Ok(());
                }
                self.seen.insert(r.key.clone(), r.at.clone());
                self.pending.push(*r);
                if self.pending.len() >= CHUNK {
                    self.flush().await?;
                }
            }
            Item::Filtered { at, key, why } => {
                self.report.records += 1;
                self.report.filtered += 1;
                let line = ReportLine {
                    at,
                    key,
                    outcome: Outcome::Filtered,
                    text: why,
                    field: None,
                    notes: Vec::new(),
                    activity: None,
                };
                self.report.line(line);
            }
            Item::Duplicate { at, first } => {
                self.report.records += 1;
                self.report.duplicates += 1;
                let text = format!("the same row as {first}");
                let line = ReportLine {
                    at,
                    key: String::new(),
                    outcome: Outcome::Duplicate,
                    text,
                    field: None,
                    notes: Vec::new(),
                    activity: None,
                };
                self.report.line(line);
            }
            Item::Refused(r) => {
                self.report.records += 1;
                self.report.refuse(r);
            }
        }
        Ok(())
    }

    /// Writes what is pending and says what the run did.
    pub async fn finish(mut self) -> Result<ImportReport, ServiceError> {
        self.flush().await?;
        if self.started {
            let r = &self.report;
            let after = serde_json::json!({
                "source": self.opts.source, "format": self.opts.format, "finished": true,
                "created": r.created, "updated": r.updated, "unchanged": r.unchanged, "left_alone": r.left_alone,
                "filtered": r.filtered, "duplicates": r.duplicates, "rejected": r.rejected,
                "orgs_created": r.orgs_created.len(),
            });
            let ev = self.s.stamp(
                &self.actor,
                AuditEvent::update(EntityKind::ImportBatch, self.batch.0).group(self.group.id).after(after),
            );
            let chunk = ImportChunk { events: vec![ev], ..Default::default() };
            self.s.db.write_import_chunk(&chunk).await.map_err(write_error)?;
            self.s.forget_overlap_index(&self.group);
            if let Err(e) = self.s.refresh_overlaps(&self.group).await {
                tracing::error!(error = %e, "could not bring the overlap flags up to date after an import");
            }
        }
        Ok(self.report)
    }

    async fn flush(&mut self) -> Result<(), ServiceError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let records = std::mem::take(&mut self.pending);
        let mut planned = self.plan(records).await?;
        if self.opts.dry_run {
            self.take_lines(planned.lines);
            return Ok(());
        }
        if !self.started && !planned.chunk.is_empty() {
            let after = serde_json::json!({"source": self.opts.source, "format": self.opts.format, "group": self.group.fields.slug});
            let ev = self.s.stamp(
                &self.actor,
                AuditEvent::create(EntityKind::ImportBatch, self.batch.0).group(self.group.id).after(after),
            );
            planned.chunk.events.push(ev);
        }
        // An activity changed by someone else meanwhile: that record is refused, the
        // rest of the chunk written.
        loop {
            if planned.chunk.is_empty() {
                break;
            }
            match self.s.db.write_import_chunk(&planned.chunk).await {
                Ok(()) => {
                    if !planned.chunk.events.is_empty() {
                        self.started = true;
                    }
                    break;
                }
                Err(ImportWriteError::Changed(id)) => {
                    planned.chunk.updates.retain(|(a, _, _)| a.id != id);
                    for l in planned.lines.iter_mut().filter(|l| l.activity == Some(id)) {
                        l.outcome = Outcome::Rejected;
                        l.field = None;
                        l.text = "changed by someone else while the import ran; import the file again".into();
                    }
                }
                Err(e) => return Err(write_error(e)),
            }
        }
        self.report.written = self.report.written || self.started;
        self.take_lines(planned.lines);
        Ok(())
    }

    fn take_lines(&mut self, lines: Vec<ReportLine>) {
        for mut l in lines {
            match l.outcome {
                Outcome::Create => self.report.created += 1,
                Outcome::Update => self.report.updated += 1,
                Outcome::Unchanged => self.report.unchanged += 1,
                Outcome::LeftAlone => self.report.left_alone += 1,
                Outcome::Rejected => {
                    self.report.refuse(Refused {
                        at: l.at.clone(),
                        key: Some(l.key.clone()),
                        field: l.field.clone(),
                        reason: l.text.clone(),
                    });
                    continue;
                }
                Outcome::Filtered | Outcome::Duplicate => {}
            }
            if self.opts.dry_run {
                l.activity = None;
            }
            self.report.line(l);
        }
    }

    /// Matches, resolves and validates a chunk of records.
    async fn plan(&mut self, records: Vec<Record>) -> Result<Planned, ServiceError> {
        let mut iati = Vec::new();
        let mut refs = Vec::new();
        let mut ids = Vec::new();
        for r in &records {
            match &r.key {
                Key::Iati(k) => iati.push(k.clone()),
                Key::Ref(k) => refs.push(k.clone()),
                Key::Id(id) => ids.push(*id),
            }
        }
        let mut stored = self.s.db.activities_by_keys(self.group.id, &iati, &refs).await.or_service("activity")?;
        if !ids.is_empty() {
            let by_id = self.s.db.activities_with_ids(&ids).await.or_service("activity")?;
            stored.extend(by_id.into_iter().filter(|a| a.group_id == self.group.id));
        }
        let mut by_key: HashMap<Key, Activity> = HashMap::new();
        for a in stored {
            if let Some(i) = &a.fields.iati_identifier {
                by_key.insert(Key::Iati(i.clone()), a.clone());
            }
            if let Some(r) = &a.fields.external_ref {
                by_key.insert(Key::Ref(r.clone()), a.clone());
            }
            by_key.insert(Key::Id(a.id), a);
        }
        let now = self.s.now();
        let import_actor = Actor::Import { batch: self.batch };
        let mut chunk = ImportChunk::default();
        let mut lines = Vec::with_capacity(records.len());
        for r in records {
            let line = |outcome: Outcome, text: String, activity: Option<ActivityId>| ReportLine {
                at: r.at.clone(),
                key: r.key.to_string(),
                outcome,
                text,
                field: None,
                notes: r.notes.clone(),
                activity,
            };
            let title = r.input.title.values().next().cloned().unwrap_or_default();
            // Organizations: the file's mentions as ids.
            let mut input = r.input.clone();
            match self.resolve_orgs(&r, &mut chunk, &import_actor) {
                Ok(ids) => {
                    for o in &mut input.organizations {
                        if let Some(n) = o.org.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
                            if let Some(id) = ids.get(n) {
                                o.org = id.to_string();
                            }
                        }
                    }
                }
                Err((field, why)) => {
                    let mut l = line(Outcome::Rejected, why, None);
                    l.field = Some(field);
                    lines.push(l);
                    continue;
                }
            }
            let stored = by_key.get(&r.key);
            if let Some(a) = stored.filter(|a| a.deleted_at.is_some()) {
                let when = a.deleted_at.map(|d| d.date_naive().to_string()).unwrap_or_default();
                lines.push(line(
                    Outcome::LeftAlone,
                    format!("deleted in jointcal on {when}; not brought back"),
                    Some(a.id),
                ));
                continue;
            }
            let merged: ActivityInput = match stored {
                Some(a) => r.owned.over(&input, a.fields.to_input()),
                None => input,
            };
            let fields = match validate_with(&self.orgs.index, &self.group, &merged) {
                Ok(f) => f,
                Err(ServiceError::Invalid(v)) => {
                    let first = v.fields.first();
                    let mut l = line(Outcome::Rejected, v.summary(), None);
                    l.field = first.map(|f| f.field.clone());
                    lines.push(l);
                    continue;
                }
                Err(e) => return Err(e),
            };
            match stored {
                None => {
                    if let Err(d) = can_create(&self.viewer, &fields) {
                        lines.push(line(Outcome::Rejected, d.to_string(), None));
                        continue;
                    }
                    let a = Activity::new(ActivityId(self.s.new_uuid()), self.group.id, fields, now);
                    let ev = self.s.stamp(
                        &import_actor,
                        AuditEvent::create(EntityKind::Activity, a.id.0).group(self.group.id).after(a.to_json()),
                    );
                    lines.push(line(Outcome::Create, title, Some(a.id)));
                    chunk.creates.push((a, ev));
                }
                Some(before) => {
                    if let Err(d) = can_edit(&self.viewer, &before.fields, &fields) {
                        lines.push(line(Outcome::Rejected, d.to_string(), None));
                        continue;
                    }
                    match before.edited(fields, now) {
                        None => lines.push(line(Outcome::Unchanged, title, Some(before.id))),
                        Some(after) => {
                            let ev = self.s.stamp(
                                &import_actor,
                                AuditEvent::update(EntityKind::Activity, before.id.0)
                                    .group(self.group.id)
                                    .before(before.to_json())
                                    .after(after.to_json()),
                            );
                            lines.push(line(Outcome::Update, title, Some(before.id)));
                            chunk.updates.push((after, before.version, ev));
                        }
                    }
                }
            }
        }
        Ok(Planned { chunk, lines })
    }

    /// The ids of a record's organizations, creating the unknown ones (queued in the
    /// chunk) when the importer may; else the field and why.
    fn resolve_orgs(
        &mut self,
        r: &Record,
        chunk: &mut ImportChunk,
        import_actor: &Actor,
    ) -> Result<Vec<OrgId>, (String, String)> {
        let mut ids = Vec::with_capacity(r.orgs.len());
        for (i, m) in r.orgs.iter().enumerate() {
            if let Some(id) = self.orgs.find(m) {
                ids.push(id);
                continue;
            }
            if !self.viewer.is_coordinator() {
                return Err((
                    format!("organizations[{i}]"),
                    format!("no organization '{}' is known; only a coordinator's import adds organizations", m.name),
                ));
            }
            let input = OrgInput {
                name: m.name.clone(),
                acronym: self.orgs.free_acronym(m),
                kind: m.kind.code().to_string(),
                iati_org_id: m.iati_id.clone(),
            };
            let fields = input.validate().map_err(|v| (format!("organizations[{i}]"), v.summary()))?;
            let now = self.s.now();
            let o = Organization { id: OrgId(self.s.new_uuid()), fields, created_at: now, updated_at: now };
            let ev = self.s.stamp(import_actor, AuditEvent::create(EntityKind::Organization, o.id.0).after(&o.fields));
            if self.report.orgs_created.len() < MAX_LISTED {
                self.report.orgs_created.push(format!("{} ({})", o.fields.acronym, o.fields.name));
            }
            self.orgs.learn(&o);
            ids.push(o.id);
            chunk.orgs.push((o, ev));
        }
        Ok(ids)
    }
}

fn write_error(e: ImportWriteError) -> ServiceError {
    match e {
        ImportWriteError::Db(d) => ServiceError::Db(d),
        ImportWriteError::Changed(id) => ServiceError::Internal(format!("activity {id} changed during an import")),
    }
}

/// How long an upload waits for its confirmation.
pub const UPLOAD_HOURS: i64 = 24;

impl Services {
    /// Keeps an uploaded file until its importer confirms the import (the web page's
    /// preview → confirm); its id.
    pub async fn stage_upload(
        &self,
        viewer: &Viewer,
        user: jointcal_domain::ids::UserId,
        group: &Group,
        name: &str,
        options: &str,
        content: Vec<u8>,
    ) -> Result<uuid::Uuid, ServiceError> {
        require_signed_in(viewer)?;
        can_write_activities(viewer)?;
        let u = jointcal_db::StoredUpload {
            id: self.new_uuid(),
            group: group.id,
            user,
            name: name.to_string(),
            options: options.to_string(),
            content,
            created_at: self.now(),
        };
        self.db.insert_upload(&u).await.or_service("upload")?;
        Ok(u.id)
    }

    /// An upload of this person for this group, not older than [`UPLOAD_HOURS`].
    pub async fn staged_upload(
        &self,
        viewer: &Viewer,
        user: jointcal_domain::ids::UserId,
        group: &Group,
        id: uuid::Uuid,
    ) -> Result<jointcal_db::StoredUpload, ServiceError> {
        can_write_activities(viewer)?;
        let u = self.db.upload(id).await.or_service("upload")?;
        let fresh = self.now() - u.created_at < chrono::Duration::hours(UPLOAD_HOURS);
        if u.user != user || u.group != group.id || !fresh {
            return Err(ServiceError::NotFound("upload".into()));
        }
        Ok(u)
    }

    /// Forgets an upload once imported or given up.
    pub async fn forget_upload(&self, id: uuid::Uuid) -> Result<(), ServiceError> {
        self.db.delete_upload(id).await.or_service("upload")?;
        Ok(())
    }
}
