-- pg/005_outbox.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 005_outbox.sql adds.
SELECT 1;
