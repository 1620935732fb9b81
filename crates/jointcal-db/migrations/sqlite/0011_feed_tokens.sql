-- A person's calendar-feed token: it lets a calendar application read the feeds
-- that person may read, and nothing else. Kept as is (not hashed): it grants reading
-- what the database itself holds, and the person's pages must show their links again.
ALTER TABLE users ADD COLUMN feed_token TEXT;
CREATE UNIQUE INDEX users_feed_token ON users (feed_token);
