-- Two-factor sign-in: the last TOTP time step used (a code works once), and the
-- group setting that requires two-factor sign-in of coordinators.
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE groups ADD COLUMN require_totp_for_coordinators INTEGER NOT NULL DEFAULT 0;
