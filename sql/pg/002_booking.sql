-- pg/002_booking.sql: nothing to do: PostgreSQL's schema starts whole at
-- pg/001_init.sql, which already has what 002_booking.sql adds.
SELECT 1;
