-- Coordination meetings. A meeting is an activity of kind coordination_meeting (its
-- date, place, host and status are the activity's); `meetings` holds what is attached
-- to it: the agenda and the current minutes (JSON of jointcal_domain::meeting types),
-- where the minutes stand, whether readers outside the group see them, and the
-- activity sequence the invitations were last sent for.
CREATE TABLE meetings (
    activity_id      UUID PRIMARY KEY NOT NULL REFERENCES activities(id),
    group_id         UUID NOT NULL REFERENCES groups(id),
    series_id        UUID,
    agenda           TEXT NOT NULL,
    minutes          TEXT NOT NULL,
    minutes_status   TEXT NOT NULL,
    minutes_revision BIGINT NOT NULL,
    approved_in      UUID,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    invited_sequence BIGINT,
    version          BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX meetings_group ON meetings (group_id);

-- Every saved revision of a meeting's minutes, as saved.
CREATE TABLE meeting_minutes (
    meeting_id  UUID NOT NULL REFERENCES meetings(activity_id),
    revision    BIGINT NOT NULL,
    minutes     TEXT NOT NULL,
    status      TEXT NOT NULL,
    author      TEXT NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (meeting_id, revision)
);

-- The attendance register: members' answers to the invitation and, after the
-- meeting, who came; guests without an account by name.
CREATE TABLE meeting_attendance (
    id          UUID PRIMARY KEY NOT NULL,
    meeting_id  UUID NOT NULL REFERENCES meetings(activity_id),
    user_id     UUID REFERENCES users(id),
    name        TEXT NOT NULL,
    org_id      UUID REFERENCES organizations(id),
    response    TEXT NOT NULL,
    attended    BOOLEAN,
    version     BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX meeting_attendance_user ON meeting_attendance (meeting_id, user_id);

-- What meetings asked organizations and people to do; open ones carry forward to
-- the next agenda, and their owners are reminded before the due date
-- (`reminded_for`: the due date the reminder was sent for).
CREATE TABLE action_items (
    id            UUID PRIMARY KEY NOT NULL,
    group_id      UUID NOT NULL REFERENCES groups(id),
    meeting_id    UUID NOT NULL REFERENCES meetings(activity_id),
    what          TEXT NOT NULL,
    owner_org_id  UUID REFERENCES organizations(id),
    owner_user_id UUID REFERENCES users(id),
    due           TEXT NOT NULL,
    status        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    reminded_for  TEXT,
    version       BIGINT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_items_group ON action_items (group_id, status, due);
CREATE INDEX action_items_meeting ON action_items (meeting_id);
