-- The list reads the ids and versions of a window and takes the decoded activities
-- from memory (crates/jointcal-db/src/activity_cache.rs): with the version and the
-- visibility in the calendar index, that query never reads the table for the
-- calendar of a coordinator, a member or the public (measured at 100,000
-- activities, 551 in the window: 1.2 -> 0.4 ms in SQLite; bench/README.md).
CREATE INDEX activities_window_keys ON activities (group_id, span_class, start_utc, end_utc, deleted_at, id, version, visibility);
DROP INDEX activities_window;
