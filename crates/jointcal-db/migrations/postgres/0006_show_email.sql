-- A member may choose to show their e-mail address to the other members of their
-- groups (coordinators always see it).
ALTER TABLE users ADD COLUMN show_email BOOLEAN NOT NULL DEFAULT FALSE;
