-- Imports from the web page: the uploaded file is kept between the preview (a dry
-- run) and the person's confirmation, in the database so that any server behind a
-- load balancer can confirm it. Housekeeping removes uploads older than a day.
CREATE TABLE import_uploads (
    id         BLOB PRIMARY KEY NOT NULL,
    group_id   BLOB NOT NULL REFERENCES groups(id),
    user_id    BLOB NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    options    TEXT NOT NULL,
    content    BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX import_uploads_created ON import_uploads (created_at);
