-- One-time links that let a person into their account: an invitation from a
-- coordinator today (and a password reset by e-mail later). Only the SHA-256 of
-- the link's secret is stored; a link works once, until it expires.
CREATE TABLE account_links (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    user_id         UUID NOT NULL REFERENCES users(id),
    purpose         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ
);
CREATE INDEX account_links_user ON account_links (user_id);
