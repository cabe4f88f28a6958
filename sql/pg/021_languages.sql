-- 021_languages.sql, PostgreSQL form (sql/021_languages.sql says what
-- and why): the same tables and rules, with a regular expression for
-- SQLite's GLOB and trigger functions for SQLite's trigger bodies.
-- Written without a PostgreSQL server at hand: not yet run by a test.

CREATE TABLE course_text (
	course_id	BIGINT NOT NULL REFERENCES course(id) ON DELETE CASCADE,
	lang		TEXT NOT NULL CHECK (lang ~ '^[a-z]{2,3}$'),
	title		TEXT NOT NULL CHECK (title <> ''),
	summary		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (course_id, lang)
);

ALTER TABLE booking ADD COLUMN lang TEXT
    CHECK (lang IS NULL OR lang ~ '^[a-z]{2,3}$');

CREATE FUNCTION outbox_lang_of_booking() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.booking_id IS NOT NULL THEN
		NEW.lang := coalesce((SELECT b.lang FROM booking AS b
		    WHERE b.id = NEW.booking_id), NEW.lang);
	END IF;
	RETURN NEW;
END;
$$;
CREATE TRIGGER outbox_lang_of_booking BEFORE INSERT ON outbox
FOR EACH ROW EXECUTE FUNCTION outbox_lang_of_booking();

CREATE FUNCTION booking_lang_to_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE outbox SET lang = NEW.lang
	WHERE booking_id = NEW.id AND state = 'queued' AND body IS NULL;
	RETURN NULL;
END;
$$;
CREATE TRIGGER booking_lang_to_outbox AFTER UPDATE OF lang ON booking
FOR EACH ROW WHEN (NEW.lang IS NOT NULL)
EXECUTE FUNCTION booking_lang_to_outbox();
