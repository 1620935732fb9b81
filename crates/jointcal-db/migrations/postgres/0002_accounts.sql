-- Two-factor sign-in: the last TOTP time step used (a code works once), and the
-- group setting that requires two-factor sign-in of coordinators.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
ALTER TABLE groups ADD COLUMN require_totp_for_coordinators BOOLEAN NOT NULL DEFAULT FALSE;
