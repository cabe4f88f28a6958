-- pg/010_review.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 010_review.sql adds.
SELECT 1;
