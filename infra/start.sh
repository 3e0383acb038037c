#!/usr/bin/env bash
# `npm start`: install what is missing, build, make sure Redis (and MySQL when DATABASE_URL
# points at one) is reachable, then run the whole hub in the foreground with the demo data.
set -euo pipefail
cd "$(dirname "$0")/.."

bash infra/install.sh
npm run -s build
bash infra/ensure-services.sh redis
if [[ "${DATABASE_URL:-}" == mysql* || "${DATABASE_URL:-}" == mariadb* ]]; then
  bash infra/ensure-services.sh mysql
fi

export HUB_ENV="${HUB_ENV:-development}"
exec node scripts/dist/run-hub.js
