-- One-time links that let a person into their account: an invitation from a
-- coordinator today (and a password reset by e-mail later). Only the SHA-256 of
-- the link's secret is stored; a link works once, until it expires.
CREATE TABLE account_links (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    user_id         BLOB NOT NULL REFERENCES users(id),
    purpose         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    used_at         TEXT
);
CREATE INDEX account_links_user ON account_links (user_id);
