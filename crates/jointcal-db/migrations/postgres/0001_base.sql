-- jointcal base schema (PostgreSQL). Keep in step with ../sqlite/0001_base.sql.
-- Ids are UUIDv7 (UUID here, 16-byte BLOBs in SQLite); times are UTC.

CREATE TABLE groups (
    id              UUID PRIMARY KEY NOT NULL,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    country         TEXT NOT NULL,
    theme           TEXT,
    timezone        TEXT NOT NULL,
    bulletin_day    SMALLINT NOT NULL,
    meeting_cadence TEXT NOT NULL,
    languages       TEXT NOT NULL,
    description     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE organizations (
    id              UUID PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    acronym         TEXT NOT NULL,
    acronym_key     TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    iati_org_id     TEXT UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE activities (
    id              UUID PRIMARY KEY NOT NULL,
    group_id        UUID NOT NULL REFERENCES groups(id),
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    visibility      TEXT NOT NULL,
    sensitive       BOOLEAN NOT NULL,
    all_day         BOOLEAN NOT NULL,
    tz              TEXT NOT NULL,
    start_utc       BIGINT NOT NULL,
    end_utc         BIGINT NOT NULL,
    span_class      SMALLINT NOT NULL,
    title           TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    iati_identifier TEXT,
    external_ref    TEXT,
    doc             TEXT NOT NULL,
    version         BIGINT NOT NULL,
    sequence        BIGINT NOT NULL,
    fingerprint     TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    deleted_at      TIMESTAMPTZ
);
-- The calendar index: per duration class, rows by start (see docs/design.md).
CREATE INDEX activities_calendar ON activities (group_id, span_class, start_utc);
CREATE INDEX activities_group_start ON activities (group_id, start_utc, id);
CREATE INDEX activities_updated ON activities (group_id, updated_at);
CREATE UNIQUE INDEX activities_iati ON activities (group_id, iati_identifier);
CREATE UNIQUE INDEX activities_ref ON activities (group_id, external_ref);

CREATE TABLE activity_orgs (
    activity_id     UUID NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    org_id          UUID NOT NULL REFERENCES organizations(id),
    role            TEXT NOT NULL,
    PRIMARY KEY (activity_id, org_id, role)
);
CREATE INDEX activity_orgs_org ON activity_orgs (org_id, role);

-- Multi-valued codes used by filters: pillar, target_group, region, country, dac_sector.
CREATE TABLE activity_facets (
    activity_id     UUID NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    facet           TEXT NOT NULL,
    code            TEXT NOT NULL,
    PRIMARY KEY (activity_id, facet, code)
);
CREATE INDEX activity_facets_code ON activity_facets (facet, code, activity_id);

CREATE TABLE audit_events (
    id              UUID PRIMARY KEY NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    actor_type      TEXT NOT NULL,
    actor_user      UUID,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    entity_type     TEXT NOT NULL,
    entity_id       UUID NOT NULL,
    group_id        UUID,
    before_doc      TEXT,
    after_doc       TEXT
);
CREATE INDEX audit_entity ON audit_events (entity_type, entity_id, at);
CREATE INDEX audit_group ON audit_events (group_id, at);
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit events are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE overlap_flags (
    id              UUID PRIMARY KEY NOT NULL,
    group_id        UUID NOT NULL REFERENCES groups(id),
    activity_a      UUID NOT NULL REFERENCES activities(id),
    activity_b      UUID NOT NULL REFERENCES activities(id),
    kind            TEXT NOT NULL,
    score           DOUBLE PRECISION NOT NULL,
    reasons         TEXT NOT NULL,
    resolution      TEXT NOT NULL DEFAULT 'open',
    note            TEXT,
    fingerprint_a   TEXT NOT NULL,
    fingerprint_b   TEXT NOT NULL,
    resolved_by     UUID,
    resolved_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (activity_a, activity_b)
);
CREATE INDEX overlap_flags_group ON overlap_flags (group_id, resolution);

CREATE TABLE users (
    id              UUID PRIMARY KEY NOT NULL,
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    is_admin        BOOLEAN NOT NULL DEFAULT FALSE,
    org_id          UUID REFERENCES organizations(id),
    lang            TEXT NOT NULL DEFAULT 'en',
    totp_secret     TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL,
    disabled_at     TIMESTAMPTZ
);

CREATE TABLE memberships (
    group_id        UUID NOT NULL REFERENCES groups(id),
    user_id         UUID NOT NULL REFERENCES users(id),
    role            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE sessions (
    id_hash         TEXT PRIMARY KEY NOT NULL,
    user_id         UUID NOT NULL REFERENCES users(id),
    csrf_token      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    last_seen_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id              UUID PRIMARY KEY NOT NULL,
    user_id         UUID NOT NULL REFERENCES users(id),
    name            TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_attempts (
    id              UUID PRIMARY KEY NOT NULL,
    key             TEXT NOT NULL,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, at);

CREATE TABLE job_leases (
    name            TEXT PRIMARY KEY NOT NULL,
    holder          TEXT NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL
);
