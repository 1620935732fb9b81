-- Each edition of a group's monthly bulletin as sent: one per group and month (the
-- unique key is what makes "exactly once" hold across restarts and servers), with a
-- snapshot of every activity as it was then (JSON of jointcal_domain::bulletin::Snapshot)
-- so that the next edition's "what changed since" is exact.
CREATE TABLE bulletin_editions (
    id              BLOB PRIMARY KEY NOT NULL,
    group_id        BLOB NOT NULL REFERENCES groups(id),
    month           TEXT NOT NULL,
    sent_at         TEXT NOT NULL,
    snapshot        TEXT NOT NULL,
    body            TEXT NOT NULL,
    UNIQUE (group_id, month)
);
