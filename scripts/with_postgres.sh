#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on a loopback port, if the server binaries are
# here; ARMSTRACK_TEST_POSTGRES_URL points the store tests at it. Without them the command runs
# alone and the PostgreSQL tests are skipped (and say so).
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "${pgbin}" ] || [ ! -x "${pgbin}/initdb" ] || [ -n "${ARMSTRACK_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi
dir=$(mktemp -d -t armstrack-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "${dir}"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_owner[@]}" "${pgbin}/initdb" -D "${dir}/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_owner[@]}" "${pgbin}/pg_ctl" -D "${dir}/data" -l "${dir}/log" -w \
  -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
cleanup() {
  "${as_owner[@]}" "${pgbin}/pg_ctl" -D "${dir}/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "${dir}"
}
trap cleanup EXIT
export ARMSTRACK_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:${port}/postgres"
echo "PostgreSQL $("${pgbin}/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:${port}"
"$@"
