#!/usr/bin/env bash
# Remote command benchmark (issue 5, "Numbers to report"): click-to-result latency of Lock (p50/p99)
# with 1, 1,000 and 10,000 vehicles connected over their notification channels, and the server's
# memory per idle channel. flotilla-command-bench embeds the server as the console does and starts
# `flotilla-agent --fleet N` beside it (bench/command_latency.cpp says what is measured).
#
# Baseline in the same script: nginx on the same kind of certificate holding the same number of
# idle TLS connections (opened by bench/idle_tls.py), its workers' RSS growth per connection.
#
# usage: bench/commands.sh [build-dir]
#   env: SIZES="1 1000 10000" SAMPLES=200 GAP_MS=20 LANES=2 NGINX=1 (0: skip the baseline)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-cmdbench}
sizes=${SIZES:-1 1000 10000}
samples=${SAMPLES:-200}
gap=${GAP_MS:-20}
lanes=${LANES:-2}

if [ ! -x "$build/bench/flotilla-command-bench" ] || [ ! -x "$build/app/flotilla-agent" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF -DBUILD_GUI=OFF \
        -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
    cmake --build "$build" --target flotilla-command-bench flotilla-agent >/dev/null
fi
ulimit -n "$(ulimit -Hn)" # 10,000 channels: one descriptor each on both sides (the fleet is split below)

work=$(mktemp -d /tmp/flotilla-commands.XXXXXX)
nginx_pid=
cleanup() {
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export QT_LOGGING_RULES="flotilla.*.debug=false"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
results=()
for n in $sizes; do
    echo "# $n vehicles" >&2
    # One fleet process per 2,000 vehicles, started one after the other: each stays under the
    # descriptor limit, and the server is not asked for 10,000 TLS handshakes in the same second.
    line=$("$build/bench/flotilla-command-bench" --agent "$build/app/flotilla-agent" --vehicles "$n" \
        --fleet-processes $(((n + 1999) / 2000)) --samples "$samples" --gap-ms "$gap" --lanes "$lanes" \
        --work "$work/run-$n")
    echo "$line" >&2
    results+=("$line")
done

# ---- baseline: nginx holding the same number of idle TLS connections ----------------------------
baseline=()
if [ "${NGINX:-1}" = 1 ] && command -v nginx >/dev/null; then
    mkdir -p "$work/nginx/logs"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=127.0.0.1 \
        -keyout "$work/nginx/key.pem" -out "$work/nginx/cert.pem" 2>/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 65536;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
daemon off;
events { worker_connections 30000; }
http {
    access_log off;
    keepalive_timeout 600s;
    client_header_timeout 600s;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $work/nginx/cert.pem;
        ssl_certificate_key $work/nginx/key.pem;
        location / { return 200 "ok"; }
    }
}
EOF
    nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
    nginx_pid=$!
    sleep 1
    for n in $sizes; do
        line=$(python3 "$root/bench/idle_tls.py" --port "$port" --connections "$n" --pids "$(pgrep -P "$nginx_pid" | tr '\n' ,)")
        echo "$line" >&2
        baseline+=("$line")
    done
fi

python3 - "${#results[@]}" "${results[@]}" "${baseline[@]}" <<'EOF'
import json, sys
count = int(sys.argv[1])
runs = [json.loads(x) for x in sys.argv[2:2 + count]]
base = {b["connections"]: b for b in (json.loads(x) for x in sys.argv[2 + count:])}
print("| vehicles connected | Lock p50 | p90 | p99 | max | succeeded | heap per idle channel | RSS per vehicle | nginx RSS per idle TLS connection |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in runs:
    n = r["vehicles"]
    l = r["latencyMs"]
    b = base.get(n)
    # Per-connection memory is noise below a few hundred connections (one allocator page moves it).
    per = lambda value: f"{value:.1f} KiB" if n >= 100 else "—"
    nginx = per(b["rssKiBPerConnection"]) if b else "—"
    ok = r["outcomes"].get("succeeded", 0)
    print(f'| {n:,} | {l["p50"]:.1f} ms | {l["p90"]:.1f} ms | {l["p99"]:.1f} ms | {l["max"]:.1f} ms | '
          f'{ok}/{r["samples"]} | {per(r["heapKiBPerChannel"])} | {per(r["rssKiBPerVehicle"])} | {nginx} |')
EOF
