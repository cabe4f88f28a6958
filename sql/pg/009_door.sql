-- pg/009_door.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 009_door.sql adds.
SELECT 1;
