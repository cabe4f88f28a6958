-- pg/004_admin.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 004_admin.sql adds.
SELECT 1;
