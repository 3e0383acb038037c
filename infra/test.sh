#!/usr/bin/env bash
# `npm test`: the same bootstrap as `npm start` for MariaDB/MySQL and Redis, then the checks
# CI relies on and the whole jest suite against the real services.
set -euo pipefail
cd "$(dirname "$0")/.."

bash infra/install.sh
bash infra/ensure-services.sh redis
TEST_DATABASE_URL="${TEST_DATABASE_URL:-mysql://root@127.0.0.1:3306}" bash infra/ensure-services.sh mysql

# Resolver types are regenerated from the schemas and everything is compiled, so a schema
# change that breaks a resolver fails here; the specs are type-checked too.
npm run -s build
npx tsc -p test/tsconfig.json
npx tsc -p bench/tsconfig.json
npm run -s compose -- --check
npm run -s jest -- --ci "$@"
