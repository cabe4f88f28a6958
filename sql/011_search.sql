-- 011_search.sql: the catalogue's course search (college/catalogue.c).
--
-- An external-content FTS5 index over each course's title, summary and
-- description (https://sqlite.org/fts5.html#external_content_tables).
-- Not kept in step by triggers: with trusted_schema=OFF SQLite refuses
-- a trigger that writes to an FTS5 table ("unsafe use of virtual
-- table"), so whatever changes a course rebuilds the index in the same
-- transaction (catalogue_reindex(), college/catalogue.h). The porter stemmer over unicode61 with
-- remove_diacritics 2 finds "courses" for "course" and "Siân" for
-- "sian"; results are ranked by bm25 (the rank column).
CREATE VIRTUAL TABLE course_fts USING fts5(
	title, summary, description,
	content = 'course', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The courses already there.
INSERT INTO course_fts(course_fts) VALUES ('rebuild');
