-- The calendar query reads one index range per duration class; with the end, the
-- deletion mark and the id in the index, it decides which rows fall in the window
-- without reading the rows themselves (see the SQLite migration of the same number).
CREATE INDEX activities_window ON activities (group_id, span_class, start_utc, end_utc, deleted_at, id);
DROP INDEX activities_calendar;
