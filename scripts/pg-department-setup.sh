#!/usr/bin/env bash
# Department mode (issue 18), for the 정보화 team: one database, an owner role for migrations and a clerk
# role that may only read and write the rows of HaengBot's tables (no CREATE, ALTER or DROP).
# Run as a PostgreSQL superuser (or a role with CREATEROLE and CREATEDB), with libpq's usual variables:
#   PGHOST=db.city.go.kr PGUSER=postgres OWNER_PASSWORD=… CLERK_PASSWORD=… \
#     bash scripts/pg-department-setup.sh haengbot haengbot_owner haengbot_clerk
# Then, as the owner: python main.py store init (with store.url = postgresql://haengbot_owner@…/haengbot).
# Every clerk's PC gets store.url = postgresql://haengbot_clerk@…/haengbot and the credential store-password.
set -euo pipefail
db=${1:?데이터베이스 이름}; owner=${2:?소유자 계정}; clerk=${3:?담당자 계정}
: "${OWNER_PASSWORD:?OWNER_PASSWORD 환경 변수에 소유자 비밀번호를 넣으십시오}"
: "${CLERK_PASSWORD:?CLERK_PASSWORD 환경 변수에 담당자 비밀번호를 넣으십시오}"
psql -X -q -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" \
  -v db="$db" -v owner="$owner" -v clerk="$clerk" -v owner_pw="$OWNER_PASSWORD" -v clerk_pw="$CLERK_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_pw';
CREATE ROLE :"clerk" LOGIN PASSWORD :'clerk_pw';
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"clerk";
\connect :"db"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"clerk";
-- Tables and identity sequences the owner creates later (store init) are usable by the clerks, nothing more.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"clerk";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"clerk";
SQL
echo "만들었습니다: 데이터베이스 $db, 소유자 $owner, 담당자 $clerk. 이제 소유자 계정으로 'python main.py store init'을 실행하십시오."
