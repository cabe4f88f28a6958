-- 022_search_texts.sql: the catalogue's search finds a course by its
-- title, summary and description in every language it is written in
-- (course_text, 021_languages.sql), not only the college's own: a
-- learner who searches in Welsh for a word of the Welsh title finds it.
--
-- A second FTS5 index beside course_fts (011_search.sql), with the
-- same tokenizer, so the same query (fts_query(), college/catalogue.c)
-- runs on both. It keeps its own copy of the words: course_text is a
-- WITHOUT ROWID table, which an external-content index cannot follow
-- (https://sqlite.org/fts5.html#external_content_tables needs an
-- integer key). course_id and lang are stored, not searched.
--
-- Kept in step the way course_fts is, not by triggers: with
-- trusted_schema=OFF SQLite refuses a trigger that writes to an FTS5
-- table, so whatever changes a course or its texts makes this index
-- again in the same transaction (catalogue_reindex(), which every
-- writer of course and course_text calls).
CREATE VIRTUAL TABLE course_text_fts USING fts5(
	course_id UNINDEXED, lang UNINDEXED,
	title, summary, description,
	tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The texts already there.
INSERT INTO course_text_fts(course_id, lang, title, summary, description)
    SELECT course_id, lang, title, summary, description FROM course_text;
