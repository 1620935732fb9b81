-- How many times each group's activities were written (created, changed, deleted):
-- feeds compare it to know, in one read, whether what they made is still current.
CREATE TABLE group_activity_writes (
    group_id        BLOB PRIMARY KEY NOT NULL REFERENCES groups(id),
    writes          INTEGER NOT NULL
);
INSERT INTO group_activity_writes (group_id, writes)
    SELECT group_id, SUM(version) FROM activities GROUP BY group_id;
CREATE TRIGGER activities_written_insert AFTER INSERT ON activities
BEGIN
    INSERT INTO group_activity_writes (group_id, writes) VALUES (NEW.group_id, 1)
        ON CONFLICT (group_id) DO UPDATE SET writes = writes + 1;
END;
CREATE TRIGGER activities_written_update AFTER UPDATE ON activities
BEGIN
    INSERT INTO group_activity_writes (group_id, writes) VALUES (NEW.group_id, 1)
        ON CONFLICT (group_id) DO UPDATE SET writes = writes + 1;
END;
