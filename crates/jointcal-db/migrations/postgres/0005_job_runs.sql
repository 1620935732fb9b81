-- What the job runner last did with each job. The lease (who runs it now) stays in
-- job_leases; this row outlives it, so that a job runs once per due time however
-- many servers share the database.
CREATE TABLE job_runs (
    name                TEXT PRIMARY KEY NOT NULL,
    -- the scheduled time the last scheduled run was for (manual runs leave it)
    last_due_at         TIMESTAMPTZ,
    last_started_at     TIMESTAMPTZ NOT NULL,
    last_finished_at    TIMESTAMPTZ NOT NULL,
    last_holder         TEXT NOT NULL,
    last_ok_at          TIMESTAMPTZ,
    -- the last run's error; NULL when it succeeded
    last_error          TEXT,
    -- the report of the last successful run
    last_report         TEXT,
    runs                BIGINT NOT NULL DEFAULT 0,
    failures            BIGINT NOT NULL DEFAULT 0
);
