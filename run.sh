#!/usr/bin/env bash
# Starts everything for a demo on this machine: PostgreSQL and maildev if they are not running,
# then the Host (Release build) with demo data, in the background. Running it again rebuilds and
# replaces the Host started by the previous run; the services are left as they are.
#
#   ./run.sh              logs in .run/host.log and .run/maildev.log
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/services.sh
source scripts/services.sh

HOST_URL="http://127.0.0.1:5080"
HOST_BIN="$GOV_ROOT/Host/bin/Release/net10.0"
HOST_PID_FILE="$GOV_RUN_DIR/host.pid"
HOST_LOG="$GOV_RUN_DIR/host.log"
HOST_START_TIMEOUT="${HOST_START_TIMEOUT:-90}"

ensure_packages
ensure_postgres
ensure_maildev
ensure_browser_libraries
export_service_env governance

# pid of the Host started by an earlier run.sh, if it is still alive.
old_host_pid() {
    local pid
    pid="$(cat "$HOST_PID_FILE" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'Host\.dll' && echo "$pid"
}

# Stop the old Host before building: the build overwrites the DLLs it has loaded.
if pid="$(old_host_pid)"; then
    echo "Stopping the Host started earlier (pid $pid)"
    kill "$pid"
    for ((i = 0; i < 40; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "Host pid $pid did not stop within 10 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
fi
rm -f "$HOST_PID_FILE"

if _svc_port_open 127.0.0.1 5080; then
    echo "run.sh: port 5080 is taken by a program run.sh did not start (see: ss -ltnp 'sport = :5080')" >&2
    exit 1
fi

echo "Building Host (Release)"
build_args=(-c Release -nologo -v quiet)
[[ "${CI:-}" == true ]] && build_args+=(-tl:off)
dotnet build "${build_args[@]}" Host/Host.csproj

[[ -f "$HOST_LOG" ]] && mv -f "$HOST_LOG" "$HOST_LOG.previous"
# The working directory is the build output, so the Host finds its appsettings*.json there as it
# would after a publish. setsid + nohup: it outlives this script and a Ctrl-C typed into it.
(
    cd "$HOST_BIN"
    export ASPNETCORE_ENVIRONMENT=Development Demo__Seed=true
    exec nohup setsid dotnet Host.dll --urls "$HOST_URL" </dev/null >"$HOST_LOG" 2>&1
) &
host_pid=$!
echo "$host_pid" >"$HOST_PID_FILE"
echo "Starting Host (pid $host_pid, log .run/host.log); waiting for $HOST_URL/health"

status=000
deadline=$((SECONDS + HOST_START_TIMEOUT))
while :; do
    status="$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$HOST_URL/health" 2>/dev/null)" || true
    [[ "$status" == 200 ]] && break
    if ! kill -0 "$host_pid" 2>/dev/null; then
        echo "run.sh: the Host exited during start-up. Last lines of .run/host.log:" >&2
        tail -n 40 "$HOST_LOG" >&2
        rm -f "$HOST_PID_FILE"
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "run.sh: $HOST_URL/health did not answer 200 within ${HOST_START_TIMEOUT}s (last status: $status). Last lines of .run/host.log:" >&2
        tail -n 40 "$HOST_LOG" >&2
        echo "run.sh: stopping the Host (pid $host_pid)" >&2
        kill "$host_pid" 2>/dev/null || true
        rm -f "$HOST_PID_FILE"
        exit 1
    fi
    sleep 1
done

cat <<EOF

Governance is running (Host pid $host_pid; logs in .run/):
  app        $HOST_URL/                 (citizens: /appointments; sign in: /login)
  health     $HOST_URL/health
  metrics    $HOST_URL/metrics          (Prometheus, from this machine; 运行指标 for administrators: /admin/metrics)
  API        $HOST_URL/scalar/          (OpenAPI document: $HOST_URL/openapi/v1.json)
  Hangfire   $HOST_URL/hangfire         (administrators, after /login)
  mailbox    $GOV_MAILDEV_URL/          (SMTP $GOV_SMTP_HOST:$GOV_SMTP_PORT)
  database   postgresql://$GOV_PG_ROLE:$GOV_PG_PASSWORD@$GOV_PG_HOST:$GOV_PG_PORT/governance   (the Host's role: owns nothing)
             postgresql://$GOV_PG_OWNER:$GOV_PG_OWNER_PASSWORD@$GOV_PG_HOST:$GOV_PG_PORT/governance   (the owner: migrations)

Demo accounts (password Demo@2026; sign in at $HOST_URL/login, or POST /auth/login for the API):
  citizen@demo.gov.cn   citizen (群众); booking, check-in and rating need no account at all
  lead@demo.gov.cn      hall lead (中心值班领导), receives the hall's emails   → /lead
  staff01@demo.gov.cn   window staff, A01 商品房合同备案   (windowId 1)       → /staff/window
  staff02@demo.gov.cn   window staff, A02 不动产登记       (windowId 2)
  staff03@demo.gov.cn   window staff, B01 契税             (windowId 3)
  admin@demo.gov.cn     administrator (accounts, holidays, halls, 运行状况)  → /admin
                        a 三零 dispute stuck on a failing timer to mend: /admin/instances?stuck=TimerFailing
                        防返贫: download this month's sample file at /admin/poverty and upload it
  township01@demo.gov.cn … township15@demo.gov.cn   township officials (综治中心) of 项城市's 15 towns,
                        01 永丰镇 … 15 三店镇; each receives its town's 三零 alerts
  village01@demo.gov.cn  linkage team (一村一警一员一连+N) of 永丰镇郭丰楼村; 防返贫 入户核实 → /poverty
  proxy@demo.gov.cn      proxy handler (代办员), city-wide
  department01@demo.gov.cn  项城市人力资源和社会保障局 (劳动争议、社会保障); each department's office
                        address (rsj@demo.gov.cn, gaj@…) receives its 联合办理 part's alerts

Stop the Host with: kill \$(cat .run/host.pid)
EOF
