-- pg/007_outbox_dropped.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 007_outbox_dropped.sql adds.
SELECT 1;
