-- pg/008_mail.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 008_mail.sql adds.
SELECT 1;
