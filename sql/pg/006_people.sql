-- pg/006_people.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 006_people.sql adds.
SELECT 1;
