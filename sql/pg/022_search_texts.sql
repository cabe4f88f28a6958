-- pg/022_search_texts.sql: nothing yet. pg: TODO the search over the
-- translated course texts (sql/022_search_texts.sql) is SQLite's FTS5
-- only for now; PostgreSQL's search (course.search, pg/001_init.sql)
-- still reads the college's own texts alone.
SELECT 1;
