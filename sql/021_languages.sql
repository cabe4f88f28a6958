-- 021_languages.sql: the college in more than one language.
--
-- course_text: a course's title, summary and description in another
-- language than the college's default (setting default_language), in
-- which course.title and the rest are written. A page in a language
-- with no row here shows the default language's text and says so.
CREATE TABLE course_text (
	course_id	INTEGER NOT NULL REFERENCES course(id) ON DELETE CASCADE,
	lang		TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 3
			    AND lang NOT GLOB '*[^a-z]*'),
	title		TEXT NOT NULL CHECK (title <> ''),
	summary		TEXT NOT NULL DEFAULT '',
	description	TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (course_id, lang)
) WITHOUT ROWID;

-- The language the learner booked in (the page's, src/kit/i18n.h), so
-- that what is mailed to them later is in it too; NULL: the college's
-- default language (bookings made before this, or by the office).
ALTER TABLE booking ADD COLUMN lang TEXT CHECK (lang IS NULL OR
    (length(lang) BETWEEN 2 AND 3 AND lang NOT GLOB '*[^a-z]*'));

-- Every message about a booking is queued in the booking's language:
-- a row queued later (a reminder, a promotion) takes it when it is
-- written, and rows still waiting take it when it is first recorded
-- (just after the booking is made: lang_booking_set()). The mailer
-- composes a message at its first attempt (005_outbox.sql), in
-- outbox.lang.
CREATE TRIGGER outbox_lang_of_booking AFTER INSERT ON outbox
WHEN NEW.booking_id IS NOT NULL
BEGIN
	UPDATE outbox SET lang = (SELECT b.lang FROM booking AS b
	    WHERE b.id = NEW.booking_id)
	WHERE id = NEW.id AND (SELECT b.lang FROM booking AS b
	    WHERE b.id = NEW.booking_id) IS NOT NULL;
END;
CREATE TRIGGER booking_lang_to_outbox AFTER UPDATE OF lang ON booking
WHEN NEW.lang IS NOT NULL
BEGIN
	UPDATE outbox SET lang = NEW.lang
	WHERE booking_id = NEW.id AND state = 'queued' AND body IS NULL;
END;
