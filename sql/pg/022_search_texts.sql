-- pg/022_search_texts.sql, PostgreSQL form of sql/022_search_texts.sql:
-- the course texts in other languages are searchable too, and a search
-- finds words whatever their accents, as SQLite's FTS5 (remove_diacritics)
-- and the C function fold() (kit/fold.c) do there.
--
-- fold(x): lower case, decomposed (NFD) with its combining marks
-- (U+0300 to U+036F) dropped, and the letters kit/fold.c maps by hand
-- mapped the same way; ß becomes ss as in full case folding. The
-- statements call it where SQLite calls the C function (stmts.c,
-- PG_FOLD), and the search columns fold their texts with it, so a
-- search typed with or without accents finds the same courses.
CREATE FUNCTION fold(x TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT
    PARALLEL SAFE AS $$
	SELECT replace(replace(replace(replace(replace(translate(
	    regexp_replace(normalize(lower(x), NFD), '[\u0300-\u036f]', '', 'g'),
	    'ðøđħıŀłŧ', 'dodhillt'), 'æ', 'ae'), 'þ', 'th'), 'œ', 'oe'),
	    'ß', 'ss'), 'ẞ', 'ss')
$$;

-- The words as SQLite's FTS5 porter tokenizer takes them: English
-- stems and no stop words (PostgreSQL's 'english' drops "or", "the",
-- "not"..., so a search for them would match everything left).
CREATE TEXT SEARCH DICTIONARY tessera_stem (TEMPLATE = snowball,
    Language = english);
CREATE TEXT SEARCH CONFIGURATION tessera (COPY = english);
ALTER TEXT SEARCH CONFIGURATION tessera ALTER MAPPING FOR asciiword,
    asciihword, hword_asciipart, word, hword, hword_part WITH tessera_stem;

-- The college's own texts: weighted as before (title A, summary B,
-- description C), now folded; made again for the courses there are.
CREATE OR REPLACE FUNCTION course_search_fill() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.search := setweight(to_tsvector('tessera', fold(NEW.title)), 'A') ||
	    setweight(to_tsvector('tessera', fold(NEW.summary)), 'B') ||
	    setweight(to_tsvector('tessera', fold(NEW.description)), 'C');
	RETURN NEW;
END $$;
UPDATE course SET title = title;

-- The texts in other languages: a generated column beside each, weighted
-- and folded the same way, with the same configuration, so that one
-- query (stmts.c, CATALOGUE_TSQUERY) reads both alike.
ALTER TABLE course_text ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('tessera'::regconfig, fold(title)), 'A') ||
    setweight(to_tsvector('tessera'::regconfig, fold(summary)), 'B') ||
    setweight(to_tsvector('tessera'::regconfig, fold(description)), 'C'))
    STORED;
CREATE INDEX course_text_search ON course_text USING GIN (search);
