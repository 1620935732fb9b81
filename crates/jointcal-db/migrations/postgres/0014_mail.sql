-- Mail. `mail_outbox` holds every message as it is (or was) sent, one row per
-- recipient: the RFC 5322 bytes are made once when the mail is queued, so what is
-- delivered later, retried or shown in the delivery log is exactly what was made.
-- `(kind, ref, recipient)` is unique: a bulletin edition, a reset link or an
-- invitation reaches each recipient once, however often it is queued.
CREATE TABLE mail_outbox (
    id              UUID PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    ref             TEXT NOT NULL,
    group_id        UUID REFERENCES groups(id),
    recipient       TEXT NOT NULL,
    sender          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    message         BYTEA NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    UNIQUE (kind, ref, recipient)
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_group ON mail_outbox (group_id, kind, ref);

-- Who gets a group's bulletin besides its members: the distribution list the
-- coordinator keeps (`on_list`), and every address the bulletin was sent to, each
-- with the secret of its one-click unsubscribe link (RFC 8058) and when it was used.
CREATE TABLE bulletin_recipients (
    group_id        UUID NOT NULL REFERENCES groups(id),
    email           TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    on_list         BOOLEAN NOT NULL DEFAULT FALSE,
    token           TEXT NOT NULL UNIQUE,
    added_at        TIMESTAMPTZ NOT NULL,
    unsubscribed_at TIMESTAMPTZ,
    PRIMARY KEY (group_id, email)
);
