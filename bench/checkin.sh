#!/usr/bin/env bash
# Check-in benchmark: DM sessions/s from `flotilla-agent --fleet N` against flotilla-server (the
# same core the console embeds) over HTTPS keep-alive, beside nginx answering a static response
# of the same size on the same certificate (wrk, same request body, same connection count).
# Prints a markdown table; server CPU per request is the fairer figure on a shared 2-core machine
# (the load generators run on the same cores).
#
# usage: bench/checkin.sh [build-dir]     env: VEHICLES=200 SECONDS_RUN=20 ROUNDS=2
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
vehicles=${VEHICLES:-200}
seconds=${SECONDS_RUN:-20}
rounds=${ROUNDS:-2}

"$root/scripts/deps" bench >/dev/null
if [ ! -x "$build/app/flotilla-server" ] || [ ! -x "$build/app/flotilla-agent" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF -DBUILD_GUI=OFF >/dev/null
    cmake --build "$build" --target flotilla-server flotilla-agent >/dev/null
fi

work=$(mktemp -d /tmp/flotilla-checkin.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { # utime+stime of the given pids, in clock ticks
    local total=0 p
    for p in "$@"; do
        read -r -a f < "/proc/$p/stat"
        total=$((total + f[13] + f[14]))
    done
    echo $total
}
hz=$(getconf CLK_TCK)

# ---- flotilla-server + fleet -------------------------------------------------------------
port=$(free_port); api_port=$(free_port)
"$build/app/flotilla-server" --data-dir "$work/server" --listen "127.0.0.1:$port" \
    --api-listen "127.0.0.1:$api_port" --poll-seconds 900 >"$work/server.log" 2>&1 &
server_pid=$!; pids+=("$server_pid")
for _ in $(seq 100); do grep -q "devices:" "$work/server.log" && break; sleep 0.1; done
key=$(head -1 "$work/server/secrets/enrollment-key")
agent_args=(--server "https://127.0.0.1:$port" --ca "$work/server/pki/ca.pem" --enrollment-key "$key"
            --fleet "$vehicles" --data-dir "$work/fleet" --poll-seconds 0 --start-now --stats-seconds 0 --json)
# Register the fleet once (not measured), then measure sessions only.
"$build/app/flotilla-agent" "${agent_args[@]}" --duration 5 >/dev/null

# The DM package #2 answers are ~52 bytes (GET DevInfo) and 17 bytes (END); request bodies: the
# agent's package #1 (its MOS list) and package #3 (DevInfo).
ours=()
for round in $(seq "$rounds"); do
    before=$(cpu_ticks "$server_pid")
    out=$("$build/app/flotilla-agent" "${agent_args[@]}" --duration "$seconds")
    after=$(cpu_ticks "$server_pid")
    sessions=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["sessions"], d["failedSessions"], "%.1f" % d["seconds"], "%.2f" % d["meanSessionMs"])' "$(echo "$out" | tail -1)")
    read -r n failed secs mean <<<"$sessions"
    ours+=("$(python3 -c "
n,secs,ticks,hz=$n,$secs,$((after-before)),$hz
req=2*n
print('%d|%d|%.0f|%.0f|%.1f|%s|%s' % (n, req, n/secs, req/secs, ticks/hz*1e6/max(req,1), '$mean', '$failed'))")")
done

# ---- nginx + wrk ---------------------------------------------------------------------------
nport=$(free_port)
body='{"CMD":[["GET","urn:oma:mo:oma-dm-devinfo:1.0//"]]}'
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 120;
    client_body_temp_path $work/nginx/body;
    server {
        listen 127.0.0.1:$nport ssl;
        ssl_certificate $work/server/pki/server.pem;
        ssl_certificate_key $work/server/pki/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305;
        location = /dm { default_type application/vnd.oma.dm.request+json; return 200 '$body'; }
    }
}
CONF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
for _ in $(seq 50); do [ -s "$work/nginx/nginx.pid" ] && break; sleep 0.1; done
nginx_master=$(cat "$work/nginx/nginx.pid"); pids+=("$nginx_master")
workers=$(pgrep -P "$nginx_master" | tr '\n' ' ')
package1=$(python3 -c 'import json; print(json.dumps({"MOS":[{"MOID":m,"MIID":["miid1"]} for m in ["urn:oma:mo:oma-dm-devinfo:1.0","urn:oma:mo:oma-dm-dmacc:1.2","urn:oma:mo:oma-dm-fumo:1.0","urn:oma:mo:oma-dm-scomo:1.1","urn:oma:mo:oma-dm-lawmo:1.0","urn:oma:mo:oma-diagmon:1.0","urn:oma:mo:x-flotilla-rvc:1.0"]],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]}, separators=(",",":")))')
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = [[$package1]]
wrk.headers["Content-Type"] = "application/vnd.oma.dm.initiation+json"
wrk.headers["Accept"] = "application/vnd.oma.dm.request+json"
wrk.headers["OMADM-DevID"] = "HU-BENCH-000001"
wrk.headers["VIN"] = "WVWZZZE2XNW100001"
wrk.headers["Token"] = "bench-token-0000000000000000000000000000000"
LUA
theirs=()
for round in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    before=$(cpu_ticks $workers)
    out=$(wrk -t1 -c"$vehicles" -d"${seconds}s" -s "$work/post.lua" "https://127.0.0.1:$nport/dm")
    # shellcheck disable=SC2086
    after=$(cpu_ticks $workers)
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    total=$(echo "$out" | awk '/requests in/ {print $1}')
    theirs+=("$(python3 -c "print('%s|%.0f|%.1f' % ('$total', $rps, $((after-before))/$hz*1e6/max($total,1)))")")
done

echo "| round | flotilla sessions | requests | sessions/s | requests/s | server CPU µs/request | mean session ms | failed | nginx requests | nginx requests/s | nginx CPU µs/request | flotilla/nginx requests/s |"
echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
for i in $(seq 0 $((rounds - 1))); do
    IFS='|' read -r n req sps rps cpu mean failed <<<"${ours[$i]}"
    IFS='|' read -r ntotal nrps ncpu <<<"${theirs[$i]}"
    ratio=$(python3 -c "print('%.0f %%' % (100*$rps/$nrps))")
    echo "| $((i + 1)) | $n | $req | $sps | $rps | $cpu | $mean | $failed | $ntotal | $nrps | $ncpu | $ratio |"
done
echo
echo "vehicles=$vehicles seconds=$seconds, nginx $(nginx -v 2>&1 | sed 's/.*\///'), wrk -t1 -c$vehicles, $(nproc) cores; body sizes: request $(echo -n "$package1" | wc -c) B, response ${#body} B"
