# shellcheck shell=bash
# Local services for development and tests: PostgreSQL 15 and maildev (SMTP + web mailbox).
#
# Sourced by run.sh and test.sh (bash only). Every function checks before it acts, says nothing
# when all is already in place, and returns non-zero with a "services: ..." message on stderr
# when something cannot be put right. Made for a Debian 12 box where we are root and systemd is
# not running: PostgreSQL is driven with pg_ctlcluster, maildev runs as a background process.
# Runtime state (pid files, logs) lives in .run/ at the repository root (git-ignored).
#
#   source scripts/services.sh
#   ensure_packages && ensure_postgres && ensure_maildev && ensure_browser_libraries
#   export_service_env governance        # or governance_test

GOV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GOV_RUN_DIR="$GOV_ROOT/.run"

GOV_PG_VERSION=15
GOV_PG_CLUSTER=main
GOV_PG_HOST=127.0.0.1
GOV_PG_PORT=5432
# Two roles (README, "Two database roles"): the Host's requests and background work connect as
# GOV_PG_ROLE, which owns nothing and may only add to and read the append-only tables; migrations
# and Hangfire's and Quartz's tables are made as GOV_PG_OWNER, which owns the databases and every
# object in them.
GOV_PG_ROLE=governance
GOV_PG_PASSWORD=governance
GOV_PG_OWNER=governance_owner
GOV_PG_OWNER_PASSWORD=governance_owner
GOV_PG_DATABASES=(governance governance_test)
# Development/test box only: tests, Hangfire and Quartz each open connection pools.
GOV_PG_MAX_CONNECTIONS=300

GOV_SMTP_HOST=127.0.0.1
GOV_SMTP_PORT=1025
GOV_MAILDEV_WEB_PORT=1080
GOV_MAILDEV_URL="http://127.0.0.1:$GOV_MAILDEV_WEB_PORT"
GOV_MAILDEV_START_TIMEOUT=20

# Debian packages the services need, and the browser the UI tests drive (Playwright launches
# /usr/bin/chromium; its own browser download cannot run here) with a font that has Chinese
# characters, or the pages and their screenshots show boxes.
GOV_APT_PACKAGES=(postgresql postgresql-contrib chromium fonts-wqy-microhei)

# The .NET CLI: no telemetry upload (no internet here) and no banner.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

_svc_say() { echo "services: $*" >&2; }
_svc_fail() { echo "services: ERROR: $*" >&2; return 1; }

_svc_pkg_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

# True if something accepts TCP connections on host:port.
_svc_port_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# psql as the postgres superuser over the local socket (peer authentication).
# From / so that psql never complains it cannot enter the caller's directory.
_svc_psql() {
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$GOV_PG_PORT" -d postgres "$@")
}

# -------------------------------------------------------------------------------------------
# Debian packages
# -------------------------------------------------------------------------------------------
ensure_packages() {
    local missing=() pkg
    for pkg in "${GOV_APT_PACKAGES[@]}"; do
        _svc_pkg_installed "$pkg" || missing+=("$pkg")
    done
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    # node 20 + npm are normally preinstalled (NodeSource build, npm included); Debian's own
    # nodejs is 18, below what maildev 3 asks for (ensure_maildev warns about that).
    local want_npm=0
    if ! command -v node >/dev/null 2>&1; then
        missing+=(nodejs)
        command -v npm >/dev/null 2>&1 || want_npm=1
    fi
    ((${#missing[@]} == 0)) && return 0

    if [[ "$(id -u)" != 0 ]]; then
        _svc_fail "missing Debian packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
        return 1
    fi
    _svc_say "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get update -qq; then
        _svc_fail "apt-get update failed"
        return 1
    fi
    # Debian's nodejs comes without npm; NodeSource's includes it and has no separate npm.
    if ((want_npm)) && [[ "$(apt-cache policy npm | awk '/Candidate:/ { print $2 }')" =~ ^[0-9] ]]; then
        missing+=(npm)
    fi
    if ! apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"; then
        _svc_fail "apt-get install ${missing[*]} failed"
        return 1
    fi
    for pkg in "${GOV_APT_PACKAGES[@]}"; do
        _svc_pkg_installed "$pkg" || { _svc_fail "package $pkg still not installed"; return 1; }
    done
}

# -------------------------------------------------------------------------------------------
# PostgreSQL
# -------------------------------------------------------------------------------------------
# Status column of pg_lsclusters for our cluster ("online", "down", ...); empty if absent.
_svc_pg_status() {
    pg_lsclusters --no-header 2>/dev/null |
        awk -v v="$GOV_PG_VERSION" -v c="$GOV_PG_CLUSTER" '$1 == v && $2 == c { print $4 }'
}

_svc_pg_port() {
    pg_lsclusters --no-header 2>/dev/null |
        awk -v v="$GOV_PG_VERSION" -v c="$GOV_PG_CLUSTER" '$1 == v && $2 == c { print $3 }'
}

_svc_pg_wait_ready() {
    local i
    for ((i = 0; i < 60; i++)); do
        pg_isready -q -h "$GOV_PG_HOST" -p "$GOV_PG_PORT" && return 0
        sleep 0.5
    done
    return 1
}

_svc_pg_log_tail() {
    local log="/var/log/postgresql/postgresql-$GOV_PG_VERSION-$GOV_PG_CLUSTER.log"
    [[ -r "$log" ]] && { echo "--- last lines of $log:" >&2; tail -n 20 "$log" >&2; }
    return 0
}

ensure_postgres() {
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        _svc_fail "PostgreSQL tools not found (run ensure_packages first)"
        return 1
    fi
    if [[ ! -x "/usr/lib/postgresql/$GOV_PG_VERSION/bin/postgres" ]]; then
        _svc_fail "PostgreSQL $GOV_PG_VERSION server not installed (package postgresql-$GOV_PG_VERSION)"
        return 1
    fi

    # 1. The cluster exists (the Debian package normally creates 15/main; a cleaned-up box may
    #    not have it).
    if [[ -z "$(_svc_pg_status)" ]]; then
        _svc_say "creating PostgreSQL cluster $GOV_PG_VERSION/$GOV_PG_CLUSTER on port $GOV_PG_PORT"
        if ! pg_createcluster --port "$GOV_PG_PORT" --locale C.UTF-8 --encoding UTF8 \
            "$GOV_PG_VERSION" "$GOV_PG_CLUSTER" >/dev/null; then
            _svc_fail "pg_createcluster $GOV_PG_VERSION $GOV_PG_CLUSTER failed"
            return 1
        fi
    fi
    local port
    port="$(_svc_pg_port)"
    if [[ "$port" != "$GOV_PG_PORT" ]]; then
        _svc_fail "cluster $GOV_PG_VERSION/$GOV_PG_CLUSTER is configured for port $port, expected $GOV_PG_PORT (see pg_lsclusters; fix with: pg_conftool $GOV_PG_VERSION $GOV_PG_CLUSTER set port $GOV_PG_PORT)"
        return 1
    fi

    # 2. It runs (no systemd here: pg_ctlcluster starts postgres directly).
    if [[ "$(_svc_pg_status)" != online* ]]; then
        _svc_say "starting PostgreSQL $GOV_PG_VERSION/$GOV_PG_CLUSTER"
        if ! pg_ctlcluster "$GOV_PG_VERSION" "$GOV_PG_CLUSTER" start; then
            _svc_pg_log_tail
            _svc_fail "pg_ctlcluster $GOV_PG_VERSION $GOV_PG_CLUSTER start failed"
            return 1
        fi
    fi
    # Accepting connections on the local socket (pg_isready does not log in).
    local i
    for ((i = 0; i < 60; i++)); do
        pg_isready -q -p "$GOV_PG_PORT" && break
        sleep 0.5
    done

    # 3. Settings for a dev/test box, checked against the running server. max_connections,
    #    listen_addresses and shared_preload_libraries only take effect after a restart, done
    #    once when something changed. pg_stat_statements is what BENCHMARKS.md's breakdown of a
    #    transition's statements reads (the benchmarks reset and read it).
    local settings max_conn listen preload changes=()
    if ! settings="$(_svc_psql -tA -F '|' -c \
        "select current_setting('max_connections'), current_setting('listen_addresses'), current_setting('shared_preload_libraries')")"; then
        _svc_pg_log_tail
        _svc_fail "cannot connect to PostgreSQL as postgres over the local socket"
        return 1
    fi
    IFS='|' read -r max_conn listen preload <<<"$settings"
    if [[ "$max_conn" != "$GOV_PG_MAX_CONNECTIONS" ]]; then
        changes+=("ALTER SYSTEM SET max_connections = $GOV_PG_MAX_CONNECTIONS")
    fi
    case ",${preload// /}," in
        *,pg_stat_statements,*) ;;
        ,,) changes+=("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'") ;;
        *) changes+=("ALTER SYSTEM SET shared_preload_libraries = '${preload// /},pg_stat_statements'") ;;
    esac
    case ",${listen// /}," in
        *,localhost,* | *,127.0.0.1,* | *,\*,* | *,0.0.0.0,*) ;;
        *) changes+=("ALTER SYSTEM SET listen_addresses = 'localhost'") ;;
    esac
    if ((${#changes[@]})); then
        _svc_say "PostgreSQL: ${changes[*]}; restarting"
        local stmt
        for stmt in "${changes[@]}"; do
            _svc_psql -c "$stmt" || { _svc_fail "$stmt failed"; return 1; }
        done
        if ! pg_ctlcluster "$GOV_PG_VERSION" "$GOV_PG_CLUSTER" restart; then
            _svc_pg_log_tail
            _svc_fail "PostgreSQL restart failed"
            return 1
        fi
    fi

    # 4. It answers on 127.0.0.1:5432.
    if ! _svc_pg_wait_ready; then
        _svc_pg_log_tail
        _svc_fail "PostgreSQL does not answer on $GOV_PG_HOST:$GOV_PG_PORT (pg_isready)"
        return 1
    fi

    # 5. Roles and databases.
    _svc_pg_role "$GOV_PG_OWNER" "$GOV_PG_OWNER_PASSWORD" "LOGIN CREATEDB" 11 || return 1
    # The statement statistics, read from the postgres database by the benchmarks as the owner,
    # of every role (the Hosts they start run as the application role).
    _svc_psql -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" ||
        { _svc_fail "CREATE EXTENSION pg_stat_statements failed"; return 1; }
    if [[ -z "$(_svc_psql -tA -c "select 1 from pg_auth_members where roleid = 'pg_read_all_stats'::regrole and member = '$GOV_PG_OWNER'::regrole")" ]]; then
        _svc_psql -c "GRANT pg_read_all_stats TO $GOV_PG_OWNER" || { _svc_fail "GRANT pg_read_all_stats TO $GOV_PG_OWNER failed"; return 1; }
    fi
    # The application role makes no databases: the tests make theirs as the owner.
    _svc_pg_role "$GOV_PG_ROLE" "$GOV_PG_PASSWORD" "LOGIN NOCREATEDB" 10 || return 1
    # The owner may act as the application role (never the other way round): so it can drop the
    # test databases the application role made before there were two roles.
    if [[ -z "$(_svc_psql -tA -c "select 1 from pg_auth_members where roleid = '$GOV_PG_ROLE'::regrole and member = '$GOV_PG_OWNER'::regrole")" ]]; then
        _svc_psql -c "GRANT $GOV_PG_ROLE TO $GOV_PG_OWNER" || { _svc_fail "GRANT $GOV_PG_ROLE TO $GOV_PG_OWNER failed"; return 1; }
    fi

    local db owner
    for db in "${GOV_PG_DATABASES[@]}"; do
        owner="$(_svc_psql -tA -c "select pg_get_userbyid(datdba) from pg_database where datname = '$db'")" ||
            { _svc_fail "cannot query pg_database"; return 1; }
        if [[ -z "$owner" ]]; then
            _svc_say "creating database $db"
            # UTF-8 whatever the cluster default is (the data is Chinese text); C.UTF-8 always
            # exists on Debian, so the same collation on every machine.
            _svc_psql -c "CREATE DATABASE $db OWNER $GOV_PG_OWNER ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0" ||
                { _svc_fail "CREATE DATABASE $db failed"; return 1; }
        elif [[ "$owner" != "$GOV_PG_OWNER" ]]; then
            _svc_pg_hand_over "$db" "$owner" || return 1
        fi
    done
}

# Creates role $1 with password $2 and attributes $3 if it is missing; otherwise sets $3 when
# rolcanlogin, rolcreatedb read otherwise than $4, and resets the password if it does not work
# over TCP (password authentication, as the .NET code connects).
_svc_pg_role() {
    local name="$1" password="$2" attributes="$3" expected="$4" found
    found="$(_svc_psql -tA -c \
        "select rolcanlogin::int::text || rolcreatedb::int::text from pg_roles where rolname = '$name'")" ||
        { _svc_fail "cannot query pg_roles"; return 1; }
    if [[ -z "$found" ]]; then
        _svc_say "creating role $name"
        _svc_psql -c "CREATE ROLE $name $attributes PASSWORD '$password'" ||
            { _svc_fail "CREATE ROLE $name failed"; return 1; }
    elif [[ "$found" != "$expected" ]]; then
        _svc_say "setting $attributes on role $name"
        _svc_psql -c "ALTER ROLE $name $attributes" || { _svc_fail "ALTER ROLE $name failed"; return 1; }
    fi

    if ! PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 psql -X -q -tA -h "$GOV_PG_HOST" \
        -p "$GOV_PG_PORT" -U "$name" -d postgres -c 'select 1' >/dev/null 2>&1; then
        _svc_say "resetting the password of role $name"
        _svc_psql -c "ALTER ROLE $name PASSWORD '$password'" >/dev/null ||
            { _svc_fail "ALTER ROLE $name PASSWORD failed"; return 1; }
        if ! PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 psql -X -q -tA -h "$GOV_PG_HOST" \
            -p "$GOV_PG_PORT" -U "$name" -d postgres -c 'select 1' >/dev/null; then
            _svc_fail "role $name cannot log in on $GOV_PG_HOST:$GOV_PG_PORT with its password (check pg_hba.conf)"
            return 1
        fi
    fi
}

# A database made before there were two roles ($2 owns it and all in it) goes to the owner
# role: each schema, table (with its sequences and indexes), free-standing sequence and
# function, then the database. Not REASSIGN OWNED, which would also hand over every other database
# $2 owns on this server. The Host grants the application role its rights at its next start.
_svc_pg_hand_over() {
    local db="$1" from="$2"
    _svc_say "handing database $db and its objects from role $from to $GOV_PG_OWNER"
    (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$GOV_PG_PORT" -d "$db" \
        -v old_owner="$from" -v new_owner="$GOV_PG_OWNER") <<'SQL' || { _svc_fail "handing the objects of $db to $GOV_PG_OWNER failed"; return 1; }
SET svc.old_owner = :'old_owner';
SET svc.new_owner = :'new_owner';
DO $$
DECLARE
    old_owner regrole := current_setting('svc.old_owner')::regrole;
    new_owner text := quote_ident(current_setting('svc.new_owner'));
    statement text;
BEGIN
    FOR statement IN
        SELECT format('ALTER SCHEMA %I OWNER TO %s', nspname, new_owner)
        FROM pg_namespace WHERE nspowner = old_owner
    LOOP EXECUTE statement; END LOOP;
    FOR statement IN
        SELECT format('ALTER TABLE %s OWNER TO %s', oid::regclass, new_owner)
        FROM pg_class WHERE relowner = old_owner AND relkind IN ('r', 'p', 'v', 'm', 'f')
    LOOP EXECUTE statement; END LOOP;
    -- Sequences that belong to a column moved with their table above.
    FOR statement IN
        SELECT format('ALTER SEQUENCE %s OWNER TO %s', oid::regclass, new_owner)
        FROM pg_class WHERE relowner = old_owner AND relkind = 'S'
    LOOP EXECUTE statement; END LOOP;
    FOR statement IN
        SELECT format('ALTER ROUTINE %s OWNER TO %s', oid::regprocedure, new_owner)
        FROM pg_proc WHERE proowner = old_owner
    LOOP EXECUTE statement; END LOOP;
END $$;
SQL
    # Last, so that a hand-over cut short is taken up again by the next run.
    _svc_psql -c "ALTER DATABASE $db OWNER TO $GOV_PG_OWNER" || { _svc_fail "ALTER DATABASE $db OWNER failed"; return 1; }
}

# -------------------------------------------------------------------------------------------
# maildev: SMTP on 127.0.0.1:1025, web mailbox + REST API on http://127.0.0.1:1080
# -------------------------------------------------------------------------------------------
_svc_maildev_healthy() {
    curl -fsS -m 2 -o /dev/null "$GOV_MAILDEV_URL/api/healthz" 2>/dev/null
}

_svc_maildev_log_tail() {
    [[ -r "$GOV_RUN_DIR/maildev.log" ]] &&
        { echo "--- last lines of $GOV_RUN_DIR/maildev.log:" >&2; tail -n 20 "$GOV_RUN_DIR/maildev.log" >&2; }
    return 0
}

# pid from .run/maildev.pid if that process is alive and is maildev.
_svc_maildev_pid() {
    local pid
    pid="$(cat "$GOV_RUN_DIR/maildev.pid" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q maildev && echo "$pid"
}

ensure_maildev() {
    local tools="$GOV_ROOT/tools"
    local main="$tools/node_modules/maildev/dist/bin/maildev.js"
    mkdir -p "$GOV_RUN_DIR"

    if ! _svc_maildev_healthy; then
        local pid
        pid="$(_svc_maildev_pid)" || pid=""
        if [[ -z "$pid" ]]; then
            if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
                _svc_fail "node and npm are needed for maildev (run ensure_packages first)"
                return 1
            fi
            local node_major
            node_major="$(node -p 'process.versions.node.split(".")[0]')"
            if ((node_major < 20)); then
                _svc_say "warning: node $(node -v) is older than maildev 3.0.0 asks for (>= 20)"
            fi
            if [[ ! -f "$main" ]]; then
                _svc_say "installing maildev from tools/package-lock.json (npm ci)"
                if ! (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >&2); then
                    _svc_fail "npm ci in tools/ failed"
                    return 1
                fi
            fi
            local p
            for p in "$GOV_SMTP_PORT" "$GOV_MAILDEV_WEB_PORT"; do
                if _svc_port_open 127.0.0.1 "$p"; then
                    _svc_fail "port $p is taken by another program, and $GOV_MAILDEV_URL/api/healthz does not answer (see: ss -ltnp)"
                    return 1
                fi
            done
            _svc_say "starting maildev (SMTP $GOV_SMTP_HOST:$GOV_SMTP_PORT, mailbox $GOV_MAILDEV_URL)"
            # setsid: out of this shell's process group, so Ctrl-C on run.sh leaves it running;
            # stdin/stdout detached so a CI runner reading our output does not wait for it.
            nohup setsid node "$main" --ip 127.0.0.1 --web-ip 127.0.0.1 \
                -s "$GOV_SMTP_PORT" -w "$GOV_MAILDEV_WEB_PORT" \
                </dev/null >>"$GOV_RUN_DIR/maildev.log" 2>&1 &
            pid=$!
            echo "$pid" >"$GOV_RUN_DIR/maildev.pid"
        fi

        local deadline=$((SECONDS + GOV_MAILDEV_START_TIMEOUT))
        until _svc_maildev_healthy; do
            if ! kill -0 "$pid" 2>/dev/null; then
                _svc_maildev_log_tail
                _svc_fail "maildev (pid $pid) exited during start-up"
                return 1
            fi
            if ((SECONDS >= deadline)); then
                _svc_maildev_log_tail
                _svc_fail "maildev (pid $pid) did not answer $GOV_MAILDEV_URL/api/healthz within ${GOV_MAILDEV_START_TIMEOUT}s"
                return 1
            fi
            sleep 0.5
        done
    fi

    # The REST API the tests use, and the SMTP greeting.
    local body
    if ! body="$(curl -fsS -m 5 "$GOV_MAILDEV_URL/api/email" 2>&1)" || [[ "$body" != \[* ]]; then
        _svc_fail "maildev REST API GET $GOV_MAILDEV_URL/api/email does not give a JSON list: ${body:0:200}"
        return 1
    fi
    local greeting
    greeting="$(
        exec 2>/dev/null 3<>"/dev/tcp/$GOV_SMTP_HOST/$GOV_SMTP_PORT" || exit 0
        IFS= read -r -t 5 line <&3 && printf '%s' "$line"
        printf 'QUIT\r\n' >&3
    )" || true
    if [[ "$greeting" != 220* ]]; then
        _svc_fail "no SMTP greeting from $GOV_SMTP_HOST:$GOV_SMTP_PORT (got: '${greeting%$'\r'}')"
        return 1
    fi
}

# Empties the maildev mailbox (DELETE /api/email/all). After a benchmark's tens of thousands of
# emails maildev took more than 5 s to answer it, which stopped test.sh.
clear_maildev() {
    if ! curl -fsS -m 120 -o /dev/null -X DELETE "$GOV_MAILDEV_URL/api/email/all"; then
        _svc_fail "DELETE $GOV_MAILDEV_URL/api/email/all failed"
        return 1
    fi
}

# -------------------------------------------------------------------------------------------
# Browser libraries the Host serves from node_modules (Mermaid, ECharts): package.json and
# package-lock.json at the repository root pin them. npm ci runs only when the lock file changed
# since the last install (npm keeps its own copy in node_modules/.package-lock.json).
# -------------------------------------------------------------------------------------------
ensure_browser_libraries() {
    local installed="$GOV_ROOT/node_modules/.package-lock.json"
    [[ -f "$installed" && ! "$GOV_ROOT/package-lock.json" -nt "$installed" ]] && return 0
    if ! command -v npm >/dev/null 2>&1; then
        _svc_fail "npm is needed for the pages' browser libraries (run ensure_packages first)"
        return 1
    fi
    _svc_say "installing the pages' browser libraries from package-lock.json (npm ci)"
    if ! (cd "$GOV_ROOT" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >&2); then
        _svc_fail "npm ci at the repository root failed"
        return 1
    fi
}

# -------------------------------------------------------------------------------------------
# Settings for the .NET code (ASP.NET configuration names: "__" is the section separator).
#   export_service_env governance        run.sh
#   export_service_env governance_test   test.sh
# -------------------------------------------------------------------------------------------
export_service_env() {
    local db="${1:-${GOV_PG_DATABASES[0]}}"
    export ConnectionStrings__Governance="Host=$GOV_PG_HOST;Port=$GOV_PG_PORT;Database=$db;Username=$GOV_PG_ROLE;Password=$GOV_PG_PASSWORD"
    export ConnectionStrings__GovernanceOwner="Host=$GOV_PG_HOST;Port=$GOV_PG_PORT;Database=$db;Username=$GOV_PG_OWNER;Password=$GOV_PG_OWNER_PASSWORD"
    export Smtp__Host="$GOV_SMTP_HOST"
    export Smtp__Port="$GOV_SMTP_PORT"
    export Mailbox__ApiUrl="$GOV_MAILDEV_URL"
}
