-- Lantern's two PostgreSQL roles (docs/decisions/0016-database-roles-and-audit-checkpoints.md).
--
-- Run once, as a superuser or a role with CREATEROLE and CREATEDB, before the first migrate:
--
--   psql -v owner_password=… -v app_password=… -f scripts/create_database_roles.sql
--
-- lantern_owner owns the database and every table: migrations, `grant_app_role` and
-- `rotate_keys --database owner` run as it (DATABASE_OWNER_URL), only where migrations run.
-- lantern_app is what the web processes and workers use (DATABASE_URL): it owns nothing,
-- so it cannot TRUNCATE the audit trail, disable its trigger or replace its function, and
-- `grant_app_role` lets it only read and append to the trail. Neither is a superuser, so
-- neither can SET session_replication_role to bypass triggers.

CREATE ROLE lantern_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD :'owner_password';
CREATE ROLE lantern_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOINHERIT PASSWORD :'app_password';
CREATE DATABASE lantern OWNER lantern_owner;

\connect lantern
-- Only the owner creates objects; nobody else may connect.
REVOKE ALL ON DATABASE lantern FROM PUBLIC;
GRANT CONNECT ON DATABASE lantern TO lantern_app;
ALTER SCHEMA public OWNER TO lantern_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Then, with DATABASE_URL naming lantern_app and DATABASE_OWNER_URL naming lantern_owner:
--   manage.py migrate --database owner
--   manage.py grant_app_role --database owner        (after every migrate)
