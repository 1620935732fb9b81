-- Groups get a version for safe concurrent edits (If-Match on PUT), like activities.
ALTER TABLE groups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
