#!/usr/bin/env bash
# Make sure the two stateful dependencies of the hub — Redis (BullMQ queues,
# caches) and MySQL/MariaDB (system of record) — are reachable before anything
# else starts.
#
#   bash infra/ensure-services.sh redis|mysql|all
#   source infra/ensure-services.sh && ensure_redis && ensure_mysql
#
# It prefers whatever is already running, then a locally installed server,
# and only as a last resort installs one (root on Debian/Ubuntu only), so the
# same script works on a laptop, in CI and on a freshly provisioned box.
#
# The ensure_* functions run in subshells `( ... )` on purpose: strict mode and
# helper variables must not leak into a shell that sourced this file, and a
# failure has to come back as a return code instead of killing that shell.

HUB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

_infra_log() { printf '[infra] %s\n' "$*" >&2; }

# Servers we start are only useful if the hub can reach them at the address it
# was told to use; starting a local daemon for a remote URL would just hide a
# configuration error.
_infra_is_local_host() {
  case "$1" in
    127.0.0.1 | localhost | ::1 | '[::1]' | 0.0.0.0) return 0 ;;
    *) return 1 ;;
  esac
}

_infra_is_root() { [ "$(id -u)" -eq 0 ]; }

# Passwords in URLs may be percent-encoded (e.g. `p%40ss`); clients need the
# raw value. Values without `%` are passed through untouched so a literal
# backslash is never reinterpreted as an escape.
_infra_urldecode() {
  if [[ "$1" == *%* ]]; then
    printf '%b' "${1//%/\\x}"
  else
    printf '%s' "$1"
  fi
}

# Split scheme://[user[:pass]@]host[:port][/path] into URL_USER, URL_PASS,
# URL_HOST, URL_PORT, URL_PATH (globals on purpose: callers are subshells).
_infra_parse_url() {
  local url="$1" default_port="$2" rest auth hostport
  rest="${url#*://}"
  rest="${rest%%\?*}"
  URL_PATH=""
  if [[ "$rest" == */* ]]; then
    URL_PATH="${rest#*/}"
    rest="${rest%%/*}"
  fi
  URL_USER=""
  URL_PASS=""
  if [[ "$rest" == *@* ]]; then
    auth="${rest%@*}"
    hostport="${rest##*@}"
    if [[ "$auth" == *:* ]]; then
      URL_USER="$(_infra_urldecode "${auth%%:*}")"
      URL_PASS="$(_infra_urldecode "${auth#*:}")"
    else
      URL_USER="$(_infra_urldecode "$auth")"
    fi
  else
    hostport="$rest"
  fi
  if [[ "$hostport" == \[*\]* ]]; then # IPv6 literal: [::1]:6379
    URL_HOST="${hostport%%]*}"
    URL_HOST="${URL_HOST#[}"
    hostport="${hostport#*]}"
    URL_PORT="${hostport#:}"
  elif [[ "$hostport" == *:* ]]; then
    URL_HOST="${hostport%%:*}"
    URL_PORT="${hostport#*:}"
  else
    URL_HOST="$hostport"
    URL_PORT=""
  fi
  URL_HOST="${URL_HOST:-127.0.0.1}"
  URL_PORT="${URL_PORT:-$default_port}"
}

# Plain TCP connect check; used when no client binary is installed. `timeout`
# keeps a black-holed address from hanging the caller for minutes.
_infra_tcp_open() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# Poll a probe function until it succeeds or the deadline passes.
_infra_wait_for() {
  local seconds="$1"
  shift
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.5
  done
}

_infra_can_apt_install() { _infra_is_root && command -v apt-get >/dev/null 2>&1; }

_infra_apt_install() {
  _infra_log "installing $* via apt-get (this can take a minute)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Daemons live in /usr/sbin, which is often not on a non-root PATH.
_infra_find_bin() {
  local name
  for name in "$@"; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
    if [ -x "/usr/sbin/$name" ]; then
      echo "/usr/sbin/$name"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------

_redis_ping() {
  local reply
  if command -v redis-cli >/dev/null 2>&1; then
    # -u carries host, port, password and db in one go, exactly as the hub uses it.
    reply="$(timeout 3 redis-cli -u "$REDIS_URL" --no-auth-warning PING 2>/dev/null || true)"
    [ "$reply" = "PONG" ]
    return
  fi
  # No client: speak RESP by hand. A password-protected server answers
  # -NOAUTH, which still proves it is up; credentials are the app's business.
  reply="$(timeout 3 bash -c '
      exec 3<>"/dev/tcp/$1/$2" || exit 1
      printf "PING\r\n" >&3
      IFS= read -r line <&3
      printf "%s" "$line"
    ' _ "$URL_HOST" "$URL_PORT" 2>/dev/null || true)"
  [[ "$reply" == "+PONG"* || "$reply" == "-NOAUTH"* ]]
}

_redis_start() {
  local server="$1" data_dir="$HUB_ROOT/.data/redis" bind="$URL_HOST"
  # redis-server's --bind takes addresses, not names.
  if [ "$bind" = "localhost" ]; then bind=127.0.0.1; fi
  mkdir -p "$data_dir"
  # AOF + noeviction: BullMQ keeps job state in Redis, so losing writes on
  # restart or having keys evicted under memory pressure silently drops jobs.
  # Per-port file names let several test instances share the data dir.
  local args=(
    --daemonize yes
    --bind "$bind"
    --port "$URL_PORT"
    --appendonly yes
    --maxmemory-policy noeviction
    --dir "$data_dir"
    --dbfilename "dump-$URL_PORT.rdb"
    --appendfilename "appendonly-$URL_PORT.aof"
    --pidfile "$data_dir/redis-$URL_PORT.pid"
    --logfile "$data_dir/redis-$URL_PORT.log"
  )
  # Honour a password in REDIS_URL so the URL the hub uses keeps working.
  if [ -n "$URL_PASS" ]; then args+=(--requirepass "$URL_PASS"); fi
  _infra_log "starting $server on $URL_HOST:$URL_PORT (data in .data/redis)"
  "$server" "${args[@]}"
  if ! _infra_wait_for 10 _redis_ping; then
    _infra_log "redis-server did not answer PING within 10 s; see .data/redis/redis-$URL_PORT.log"
    return 1
  fi
  _infra_log "redis is up at $URL_HOST:$URL_PORT"
}

_redis_help() {
  _infra_log "no Redis reachable at $REDIS_URL and none could be started here. Options:"
  _infra_log "  1. install redis-server with the system package manager (e.g. apt-get install redis-server, brew install redis)"
  _infra_log "  2. docker compose -f infra/docker-compose.yml up -d redis"
  _infra_log "  3. set REDIS_URL to an existing Redis (AOF on, maxmemory-policy noeviction)"
}

ensure_redis() (
  set -euo pipefail
  REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  _infra_parse_url "$REDIS_URL" 6379

  if _redis_ping; then
    _infra_log "redis already reachable at $URL_HOST:$URL_PORT"
    return 0
  fi
  if ! _infra_is_local_host "$URL_HOST"; then
    _infra_log "redis at $URL_HOST:$URL_PORT is not reachable and is not a local address; not starting one"
    _redis_help
    return 1
  fi

  local server
  if server="$(_infra_find_bin redis-server)"; then
    _redis_start "$server"
    return
  fi
  if _infra_can_apt_install; then
    _infra_apt_install redis-server
    # The package's own service may already be listening on the default port.
    if _redis_ping; then
      _infra_log "redis is up at $URL_HOST:$URL_PORT (started by the package)"
      return 0
    fi
    server="$(_infra_find_bin redis-server)"
    _redis_start "$server"
    return
  fi
  _redis_help
  return 1
)

# ---------------------------------------------------------------------------
# MySQL / MariaDB
# ---------------------------------------------------------------------------

_mysql_ping() {
  local admin
  if admin="$(_infra_find_bin mariadb-admin mysqladmin)"; then
    # --protocol=TCP: "localhost" would otherwise go through the socket and
    # prove nothing about the TCP address the hub connects to.
    # mysqladmin ping exits 0 even on "access denied": we only ask whether
    # the server is up, credentials are checked by the app.
    # MYSQL_PWD keeps the password out of `ps`.
    MYSQL_PWD="$URL_PASS" timeout 5 "$admin" --protocol=TCP \
      -h "$URL_HOST" -P "$URL_PORT" -u "$URL_USER" \
      --connect-timeout=3 ping >/dev/null 2>&1
    return
  fi
  _infra_tcp_open "$URL_HOST" "$URL_PORT"
}

_mysql_start() {
  local server
  server="$(_infra_find_bin mariadbd mysqld)" || return 1
  # A second server on the same datadir would fail on InnoDB locks; if one is
  # already running, the URL simply points somewhere else. (Without pgrep we
  # cannot tell and just try.)
  if pgrep -x "$(basename "$server")" >/dev/null 2>&1; then
    _infra_log "$(basename "$server") is already running but not answering on $URL_HOST:$URL_PORT; check DATABASE_URL"
    return 1
  fi
  # Debian's packaging expects the socket/pid dir; it lives on tmpfs and is
  # gone after a reboot or in a fresh container.
  if _infra_is_root && id mysql >/dev/null 2>&1; then
    install -d -o mysql -g mysql /run/mysqld
  fi
  # The server keeps its own configuration except for the port: the URL is
  # what the hub will dial, so it wins.
  _infra_log "starting $server on port $URL_PORT"
  if command -v start-stop-daemon >/dev/null 2>&1; then
    start-stop-daemon --start --oknodo --background --exec "$server" -- --port="$URL_PORT"
  elif command -v mysqld_safe >/dev/null 2>&1; then
    # Detach fully so the server outlives this script and its terminal.
    nohup mysqld_safe --port="$URL_PORT" >/dev/null 2>&1 &
  else
    _infra_log "neither start-stop-daemon nor mysqld_safe is available to launch $server"
    return 1
  fi
  if ! _infra_wait_for 30 _mysql_ping; then
    _infra_log "database did not come up on $URL_HOST:$URL_PORT within 30 s; check the server error log"
    return 1
  fi
  _infra_log "database is up at $URL_HOST:$URL_PORT"
}

_sql_quote() {
  local s="${1//\\/\\\\}"
  printf "'%s'" "${s//\'/\'\'}"
}

# Only for a server this script installed: Debian's MariaDB lets root in via
# the unix socket only, and with skip-name-resolve a TCP login from 127.0.0.1
# does not match root@localhost. Make the URL's credentials work over TCP
# while keeping socket login for the OS root user.
_mysql_provision_fresh_install() {
  local client user pass host sql=""
  client="$(_infra_find_bin mariadb mysql)" || return 1
  user="$(_sql_quote "$URL_USER")"
  pass="$(_sql_quote "$URL_PASS")"
  local hosts=(localhost 127.0.0.1 ::1)
  if [ "$URL_USER" = "root" ]; then
    # root@localhost already holds every privilege; it only needs a password.
    sql+="ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD($pass);"
    hosts=(127.0.0.1 ::1)
  fi
  for host in "${hosts[@]}"; do
    sql+="CREATE USER IF NOT EXISTS $user@'$host' IDENTIFIED BY $pass;"
    sql+="GRANT ALL PRIVILEGES ON *.* TO $user@'$host' WITH GRANT OPTION;"
  done
  if [ -n "$URL_PATH" ]; then
    sql+="CREATE DATABASE IF NOT EXISTS \`${URL_PATH//\`/}\`;"
  fi
  sql+="FLUSH PRIVILEGES;"
  _infra_log "granting $URL_USER login over TCP on the freshly installed server"
  "$client" --protocol=SOCKET -u root -e "$sql"
}

_mysql_help() {
  _infra_log "no MySQL/MariaDB reachable at $URL_HOST:$URL_PORT and none could be started here. Options:"
  _infra_log "  1. install mariadb-server or mysql-server with the system package manager and start it"
  _infra_log "  2. docker compose -f infra/docker-compose.yml up -d mysql"
  _infra_log "  3. set TEST_DATABASE_URL / DATABASE_URL to an existing server (mysql://user:pass@host:port/db)"
}

ensure_mysql() (
  set -euo pipefail
  # Tests take precedence so a test run never touches the configured database;
  # non-MySQL URLs (e.g. sqlite for unit tests) are not ours to ensure.
  local url="mysql://root@127.0.0.1:3306" candidate
  for candidate in "${TEST_DATABASE_URL:-}" "${DATABASE_URL:-}"; do
    if [[ "$candidate" == mysql://* ]]; then
      url="$candidate"
      break
    fi
  done
  _infra_parse_url "$url" 3306
  URL_USER="${URL_USER:-root}"
  # The path may carry the database name; connection options are not ours.
  URL_PATH="${URL_PATH%%/*}"

  if _mysql_ping; then
    _infra_log "database already reachable at $URL_HOST:$URL_PORT"
    return 0
  fi
  if ! _infra_is_local_host "$URL_HOST"; then
    _infra_log "database at $URL_HOST:$URL_PORT is not reachable and is not a local address; not starting one"
    _mysql_help
    return 1
  fi

  if _infra_find_bin mariadbd mysqld >/dev/null; then
    _mysql_start
    return
  fi
  if _infra_can_apt_install; then
    _infra_apt_install mariadb-server
    # The package may have started its own service already.
    if ! _mysql_ping; then
      _mysql_start
    fi
    _mysql_provision_fresh_install
    _infra_log "database is ready at $URL_HOST:$URL_PORT"
    return 0
  fi
  _mysql_help
  return 1
)

ensure_all() {
  ensure_redis && ensure_mysql
}

# Executed (not sourced): dispatch on the first argument.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-all}" in
    redis) ensure_redis ;;
    mysql) ensure_mysql ;;
    all) ensure_all ;;
    *)
      echo "usage: $0 redis|mysql|all" >&2
      exit 2
      ;;
  esac
fi
