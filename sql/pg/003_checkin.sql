-- pg/003_checkin.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 003_checkin.sql adds.
SELECT 1;
