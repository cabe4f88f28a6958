-- pg/022_search_texts.sql, PostgreSQL form of sql/022_search_texts.sql:
-- the course texts in other languages are searchable too. SQLite keeps
-- a second FTS5 index remade by catalogue_reindex(); PostgreSQL keeps a
-- generated tsvector column beside each text, weighted as course.search
-- is (pg/001_init.sql: title A, summary B, description C) and with the
-- same text search configuration, so that one query (CATALOGUE_TSQUERY)
-- reads both alike.
ALTER TABLE course_text ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('english'::regconfig, title), 'A') ||
    setweight(to_tsvector('english'::regconfig, summary), 'B') ||
    setweight(to_tsvector('english'::regconfig, description), 'C')) STORED;
CREATE INDEX course_text_search ON course_text USING GIN (search);
