-- How many times each group's activities were written (created, changed, deleted):
-- feeds compare it to know, in one read, whether what they made is still current.
CREATE TABLE group_activity_writes (
    group_id        UUID PRIMARY KEY NOT NULL REFERENCES groups(id),
    writes          BIGINT NOT NULL
);
INSERT INTO group_activity_writes (group_id, writes)
    SELECT group_id, SUM(version) FROM activities GROUP BY group_id;
CREATE FUNCTION count_activity_write() RETURNS trigger AS $$
BEGIN
    INSERT INTO group_activity_writes (group_id, writes) VALUES (NEW.group_id, 1)
        ON CONFLICT (group_id) DO UPDATE SET writes = group_activity_writes.writes + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER activities_written AFTER INSERT OR UPDATE ON activities
    FOR EACH ROW EXECUTE FUNCTION count_activity_write();
