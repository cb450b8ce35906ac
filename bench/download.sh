#!/usr/bin/env bash
# Download benchmark: one vehicle fetching a large payload over TLS on loopback from
# flotilla-server (GET /dm/blob/<sha256> with its token, through the agent's own HTTPS client:
# bench/download_bench.cpp), beside curl fetching the same blob file from nginx on the same
# certificate and key, TLS 1.3 with the same cipher suite. Both write to the same filesystem.
# Before measuring, a real flotilla-agent registers, gets an update job for a release holding the
# image, fetches its signed instruction and half the payload (--crash-at download keeps its job
# active, so the token may fetch the blob); the measured URL is the payload URL of that instruction.
#
# Per round: the agent client and curl against flotilla-server (curl isolates the server side),
# then curl against nginx, each after one unmeasured warm-up (page cache). Figures:
#   transfer MiB/s  to the last byte written (curl: %{time_total})
#   durable MiB/s   until the file is fsynced (the agent's download() fsyncs before it reports done;
#                   curl's file is fsynced with `sync FILE` right after, and that time added)
#   server CPU      user+system of flotilla-server / the nginx workers during the run, s per GiB
#   client CPU      user+system of the downloading process, s per GiB
#
# usage: bench/download.sh [build-dir]     env: SIZE_MIB=256 ROUNDS=5 KEEP=1 (keep the work folder)
#   BEFORE=path/to/flotilla-download-bench: also time that build of the client (another revision)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
size_mib=${SIZE_MIB:-256}
rounds=${ROUNDS:-5}

"$root/scripts/deps" bench >/dev/null
targets=(flotilla-server flotilla-agent flotillactl flotilla-download-bench)
for t in "${targets[@]}"; do
    if [ ! -x "$build/app/$t" ] && [ ! -x "$build/bench/$t" ]; then
        cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF -DBUILD_GUI=OFF >/dev/null
        cmake --build "$build" --target "${targets[@]}" >/dev/null
        break
    fi
done
server_bin=$build/app/flotilla-server
agent_bin=$build/app/flotilla-agent
ctl=$build/app/flotillactl
dl=$build/bench/flotilla-download-bench

# On disk (not tmpfs), like the server's blobs: both clients write beside them.
work=$(mktemp -d "${TMPDIR:-/var/tmp}/flotilla-download.XXXXXX")
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { # utime+stime of the given pids (all their threads), in clock ticks
    local total=0 p
    for p in "$@"; do
        read -r -a f <"/proc/$p/stat"
        total=$((total + f[13] + f[14]))
    done
    echo $total
}
hz=$(getconf CLK_TCK)
now() { date +%s.%N; }

# ---- flotilla-server, one vehicle, a release and its job ----------------------------------------
port=$(free_port)
api_port=$(free_port)
"$server_bin" --data-dir "$work/server" --listen "127.0.0.1:$port" --api-listen "127.0.0.1:$api_port" \
    --poll-seconds 900 >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
for _ in $(seq 100); do [ -s "$work/server/api-endpoint" ] && grep -q "devices:" "$work/server.log" && break; sleep 0.1; done
ca=$work/server/pki/ca.pem
key=$(head -1 "$work/server/secrets/enrollment-key")
agent_args=(--server "https://127.0.0.1:$port" --ca "$ca" --enrollment-key "$key" --data-dir "$work/agent"
    --poll-seconds 1 --consent accept)
timeout 20 "$agent_bin" "${agent_args[@]}" --duration 3 >"$work/agent-register.log" 2>&1 || true
read -r vin devid token ecu hwid < <(python3 - "$work/agent" <<'PY'
import json, sys
d = sys.argv[1]
v = json.load(open(d + "/vehicle.json"))  # agent/VehicleProfile.cpp, toJson
a = json.load(open(d + "/account.json"))  # the DmAcc MO the server answered (core/omadm/Codec.cpp)
e = v["ecus"][0]
print(v["vin"], v["devId"], a["MOData"]["DmAcc"]["Auth"]["Trsp"]["Secret"], e["Ecu"], e["HwId"])
PY
)
[ -n "$token" ] || { echo "the vehicle did not register (see $work/agent-register.log)" >&2; exit 1; }

mkdir -p "$work/release"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$work/release/image.bin" # incompressible, as firmware mostly is
cat >"$work/release/release.json" <<JSON
{ "Name": "download-bench", "Version": "1.0.0", "ReleaseCounter": 1, "Kind": "firmware",
  "Preconditions": { "Consent": "not-required" },
  "Targets": [ { "Ecu": "$ecu", "HwId": "$hwid", "Version": "bench-1.0.0", "File": "image.bin" } ] }
JSON
release_id=$("$ctl" --data-dir "$work/server" --json release import "$work/release" 2>"$work/import.log" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("id") or d["release"]["id"])')
rm -f "$work/release/image.bin"
"$ctl" --data-dir "$work/server" update assign "$release_id" "$vin" >"$work/assign.log"
# The agent takes the job, fetches the instruction and stops half-way through the payload. The
# server first builds the payload (full-zstd, zstd -19 and a verifying rebuild): minutes for 256 MiB.
echo "waiting for the server to build the payload and the vehicle to take its job..." >&2
timeout 1800 "$agent_bin" "${agent_args[@]}" --crash-at download >"$work/agent-job.log" 2>&1 || true
instruction=$(find "$work/agent" -name instruction.json | head -1)
[ -n "$instruction" ] || { echo "the vehicle got no instruction (see $work/agent-job.log)" >&2; exit 1; }
read -r url sha payload_bytes codec < <(python3 -c '
import json, sys
t = json.load(open(sys.argv[1]))["Signed"]["Targets"][0]["Payload"]
print(t["Url"], t["Sha256"], t["Length"], t["Codec"])' "$instruction")

# ---- nginx on the same certificate, serving the same blob file ----------------------------------
nport=$(free_port)
mkdir -p "$work/nginx"
# The data folder is owner-only: as root, nginx's workers must stay root to read the blob.
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    server {
        listen 127.0.0.1:$nport ssl;
        ssl_certificate $work/server/pki/server.pem;
        ssl_certificate_key $work/server/pki/server.key;
        ssl_protocols TLSv1.3;
        ssl_prefer_server_ciphers on;
        # flotilla-server's TLS 1.3 suites in its order (core/crypto/Tls.h): both pick AES-128-GCM.
        ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;
        location /dm/blob/ { alias $work/server/blobs/; default_type application/octet-stream; }
    }
}
CONF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
for _ in $(seq 50); do [ -s "$work/nginx/nginx.pid" ] && break; sleep 0.1; done
nginx_master=$(cat "$work/nginx/nginx.pid")
pids+=("$nginx_master")
workers=$(pgrep -P "$nginx_master" | tr '\n' ' ')
nurl="https://127.0.0.1:$nport/dm/blob/$sha"
cipher=$(curl -sS -v --cacert "$ca" -o /dev/null -r 0-0 "$nurl" 2>&1 | sed -n 's/.*SSL connection using \(.*\)/\1/p' | tr -d '\r')
ours_cipher=$(openssl s_client -connect "127.0.0.1:$port" -CAfile "$ca" </dev/null 2>/dev/null |
    sed -n 's/^New, \(.*\)/\1/p' | head -1)

# ---- measurement -------------------------------------------------------------------------------
out=$work/download.bin
auth=("Accept: application/octet-stream" "OMADM-DevID: $devid" "VIN: $vin" "Token: $token")
agent_dl() { # the vehicle's path: the agent's HTTPS client against flotilla-server
    local args=() h
    for h in "${auth[@]}"; do args+=(--header "$h"); done
    "${client:-$dl}" --url "$url" --ca "$ca" --out "$out" "${args[@]}"
}
before_dl() { client=$BEFORE agent_dl; }
curl_dl() { # URL [header...]: prints the same four fields as flotilla-download-bench
    local u=$1 args=() h t0 t1 bytes total user sys
    shift
    for h in "$@"; do args+=(-H "$h"); done
    rm -f "$out"
    /usr/bin/time -f '%U %S' -o "$work/curl.time" \
        curl -sS --fail --cacert "$ca" -o "$out" -w '%{size_download} %{time_total}\n' "${args[@]}" "$u" \
        >"$work/curl.out"
    t0=$(now)
    sync "$out"
    t1=$(now)
    read -r bytes total <"$work/curl.out"
    read -r user sys <"$work/curl.time"
    python3 -c "print($bytes, $total, $total + $t1 - $t0, $user + $sys)"
}
curl_ours() { curl_dl "$url" "${auth[@]}"; }
curl_nginx() { curl_dl "$nurl"; }
measure() { # fn pids...: one unmeasured warm-up, then a measured run; prints its fields + server ticks
    local fn=$1 before after line
    shift
    "$fn" >/dev/null
    before=$(cpu_ticks "$@")
    line=$("$fn")
    after=$(cpu_ticks "$@")
    echo "$line $((after - before))"
}
results=$work/results.txt
: >"$results"
for round in $(seq "$rounds"); do
    {
        [ -z "${BEFORE:-}" ] || echo "$round before $(measure before_dl "$server_pid")"
        echo "$round agent $(measure agent_dl "$server_pid")"
        echo "$round curl-flotilla $(measure curl_ours "$server_pid")"
        # shellcheck disable=SC2086
        echo "$round curl-nginx $(measure curl_nginx $workers)"
    } >>"$results"
done
rm -f "$out"

python3 - "$results" "$hz" "$payload_bytes" <<'PY'
import statistics, sys
hz, expected = int(sys.argv[2]), int(sys.argv[3])
MiB, GiB = 1 << 20, 1 << 30
runs = {}
for line in open(sys.argv[1]):
    r, who, nbytes, transfer, durable, client_cpu, ticks = line.split()
    assert int(nbytes) == expected, f"{who} round {r}: {nbytes} bytes, expected {expected}"
    runs.setdefault(who, []).append((expected / MiB / float(transfer), expected / MiB / float(durable),
                                     int(ticks) / hz * GiB / expected, float(client_cpu) * GiB / expected))
names = {"before": "flotilla-server → agent client, BEFORE build",
         "agent": "flotilla-server → agent client (the vehicle's path)",
         "curl-flotilla": "flotilla-server → curl",
         "curl-nginx": "nginx → curl (baseline)"}
med = {who: [statistics.median(x[i] for x in v) for i in range(4)] for who, v in runs.items()}
base = med["curl-nginx"][0]
print("| server → client | transfer MiB/s, median (range) | durable MiB/s, median (range) "
      "| server CPU s/GiB | client CPU s/GiB | transfer vs nginx → curl |")
print("|---|--:|--:|--:|--:|--:|")
order = [w for w in ("before", "agent", "curl-flotilla", "curl-nginx") if w in runs]
for who in order:
    v, m = runs[who], med[who]
    lo = [min(x[i] for x in v) for i in range(2)]
    hi = [max(x[i] for x in v) for i in range(2)]
    print(f"| {names[who]} | {m[0]:,.0f} ({lo[0]:,.0f}-{hi[0]:,.0f}) | {m[1]:,.0f} ({lo[1]:,.0f}-{hi[1]:,.0f}) "
          f"| {m[2]:.2f} | {m[3]:.2f} | {100 * m[0] / base:.0f} % |")
print()
print(f"per round, transfer MiB/s ({' / '.join(order)}):",
      "; ".join(" / ".join(f"{runs[w][i][0]:,.0f}" for w in order)
                for i in range(len(runs["agent"]))))
PY
echo
echo "payload $((payload_bytes / 1024 / 1024)) MiB ($codec, sha256 ${sha:0:12}…), rounds=$rounds, nginx $(nginx -v 2>&1 | sed 's/.*\///'), $(curl --version | head -1 | cut -d' ' -f1-2)," \
    "TLS: nginx $cipher; flotilla-server ${ours_cipher:-?}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), files on $(df --output=fstype "$work" | tail -1)"
