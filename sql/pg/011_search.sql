-- pg/011_search.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 011_search.sql adds.
SELECT 1;
