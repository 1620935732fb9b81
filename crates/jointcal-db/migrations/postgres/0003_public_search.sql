-- Search text without the places of sensitive activities: what readers who see them
-- at region level may search (the place must not be found by guessing it).
ALTER TABLE activities ADD COLUMN search_public TEXT NOT NULL DEFAULT '';
UPDATE activities SET search_public = search_text WHERE sensitive = FALSE;
