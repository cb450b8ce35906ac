#!/usr/bin/env bash
# Campaign benchmark (issue 4, "Numbers to report"): one release to a simulated fleet of
# `flotilla-agent --fleet N` vehicles through flotilla-server, in four waves (1/10/50/100 %), with
# a deterministic share of the vehicles whose new slot fails its boot check (rollback, FUMO 410).
# Everything runs on this machine: the server, the fleet (one process) and this script.
#
# Reports: wall time from the campaign's start to its end (completed or halted), the server's CPU
# time and peak RSS over the whole run and during the campaign, the database size, and the count
# of vehicles and jobs per terminal state. Prints a markdown table and the raw JSON summary.
#
# With CONSOLE=1 the server is the console instead: bench/flotilla-console-frames, the main window
# over its embedded server (offscreen unless QT_QPA_PLATFORM says otherwise), on the Campaigns page
# with the campaign's progress view open. It reports the console's event-loop lag (a 10 ms timer's
# lateness), frame times and the progress view's paint times, p50/p99/max, for each phase:
# registration, a baseline of BASELINE_SECONDS with the campaign approved but not started (the
# fleet polling, the progress view showing every vehicle waiting and repainted ten times a second,
# the most the page refreshes during a campaign), and the campaign from start to end; with the load
# average at each phase's start and end.
#
# usage: bench/campaign.sh [build-dir]
#   env: VEHICLES=1000 FAIL_SHARE=0.05 POLL_SECONDS=5 IMAGE_KIB=64 MAX_FAILURE_PERCENT=25
#        SUCCESS_PERCENT=80 TIMEOUT_SECONDS=1800 KEEP=1 (keep the work folder)
#        CONSOLE=1 BASELINE_SECONDS=30
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
console=${CONSOLE:-0}
if [ "$console" = 1 ]; then
    build=${1:-$root/build-campbench-gui}
else
    build=${1:-$root/build-campbench}
fi
baseline_s=${BASELINE_SECONDS:-30}
vehicles=${VEHICLES:-1000}
fail_share=${FAIL_SHARE:-0.05}
poll=${POLL_SECONDS:-5}
image_kib=${IMAGE_KIB:-64}
max_failure_percent=${MAX_FAILURE_PERCENT:-25}
success_percent=${SUCCESS_PERCENT:-80}
timeout_s=${TIMEOUT_SECONDS:-1800}

if [ "$console" = 1 ]; then
    server_bin=$build/bench/flotilla-console-frames
    gui=ON
else
    server_bin=$build/app/flotilla-server
    gui=OFF
fi
if [ ! -x "$server_bin" ] || [ ! -x "$build/app/flotilla-agent" ] || [ ! -x "$build/app/flotillactl" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF -DBUILD_GUI=$gui >/dev/null
    cmake --build "$build" --target "$(basename "$server_bin")" flotilla-agent flotillactl >/dev/null
fi

work=$(mktemp -d /tmp/flotilla-campaign.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { # utime+stime of a pid, in clock ticks
    local f
    read -r -a f <"/proc/$1/stat"
    echo $((f[13] + f[14]))
}
hz=$(getconf CLK_TCK)
now() { date +%s.%N; }

# ---- flotilla-server (or the console) ------------------------------------------------------------
port=$(free_port)
api_port=$(free_port)
server_started=$(now)
server_args=(--data-dir "$work/server" --listen "127.0.0.1:$port" --api-listen "127.0.0.1:$api_port"
    --poll-seconds 900) # the fleet overrides it
if [ "$console" = 1 ]; then
    # Commands go to the console through a FIFO this script holds open (fd 3); phases come back as
    # JSON lines.
    mkfifo "$work/console-commands"
    exec 3<>"$work/console-commands"
    QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$server_bin" "${server_args[@]}" \
        <"$work/console-commands" >"$work/frames.jsonl" 2>"$work/server.log" &
else
    "$server_bin" "${server_args[@]}" >"$work/server.log" 2>&1 &
fi
server_pid=$!
pids+=("$server_pid")
console_command() { [ "$console" = 1 ] && echo "$*" >&3 || true; }
for _ in $(seq 200); do grep -q "devices:" "$work/server.log" && [ -s "$work/server/secrets/api-token" ] && break; sleep 0.1; done
ca=$work/server/pki/ca.pem
token=$(cat "$work/server/secrets/api-token")
api() { # method path [json body]
    local args=(-sS --fail-with-body --cacert "$ca" -H "Authorization: Bearer $token" -X "$1")
    [ $# -ge 3 ] && args+=(-H "Content-Type: application/json" --data "$3")
    curl "${args[@]}" "https://127.0.0.1:$api_port/api/v1$2"
}
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ---- the fleet: registers, then polls every $poll s for the whole run ---------------------------
key=$(head -1 "$work/server/secrets/enrollment-key")
"$build/app/flotilla-agent" --server "https://127.0.0.1:$port" --ca "$ca" --enrollment-key "$key" \
    --fleet "$vehicles" --data-dir "$work/fleet" --poll-seconds "$poll" --start-now --stats-seconds 0 \
    --registration-retry 2 --recheck-seconds 2 --fail-boot-share "$fail_share" >"$work/fleet.log" 2>&1 &
fleet_pid=$!
pids+=("$fleet_pid")
echo "registering $vehicles vehicles..." >&2
for _ in $(seq 600); do
    accepted=$(api GET /status | json 'd["accepted"]' 2>/dev/null || echo 0)
    [ "$accepted" -ge "$vehicles" ] && break
    sleep 1
done
[ "$accepted" -ge "$vehicles" ] || { echo "only $accepted of $vehicles vehicles registered" >&2; exit 1; }
# Every vehicle has reported its ECUs (DevInfo) once its profile is on disk and it had a session.
sleep $((poll * 2))

# ---- a release that every vehicle of the fleet can take ----------------------------------------
# A release has one target per ECU name; the catalogue's models name their ECUs alike with other
# hardware ids. The smallest set of (ECU, hardware id) pairs, one per ECU name, that covers every
# model of this fleet (a small exhaustive search: 12 models, 10 ECU names).
mkdir -p "$work/release"
python3 - "$work/fleet" "$work/release" "$image_kib" <<'PY'
import collections, json, os, sys
fleet, out, kib = sys.argv[1], sys.argv[2], int(sys.argv[3])
options = collections.defaultdict(lambda: collections.defaultdict(set))
models = set()
for vin in sorted(os.listdir(fleet)):
    path = os.path.join(fleet, vin, "vehicle.json")
    if os.path.exists(path):
        v = json.load(open(path))
        models.add(v["model"])
        for ecu in v["ecus"]:
            options[ecu["Ecu"]][ecu["HwId"]].add(v["model"])
names = sorted(options)
best = None
def search(i, covered, chosen):
    global best
    if covered == models:
        if best is None or len(chosen) < len(best):
            best = dict(chosen)
        return
    if i == len(names) or (best is not None and len(chosen) + 1 >= len(best)):
        return
    search(i + 1, covered, chosen)
    for hw_id, those in sorted(options[names[i]].items()):
        if those - covered:
            chosen[names[i]] = hw_id
            search(i + 1, covered | those, chosen)
            del chosen[names[i]]
search(0, set(), {})
targets = []
for ecu, hw_id in sorted(best.items()):
    name = "%s.img" % hw_id
    with open(os.path.join(out, name), "wb") as f:
        f.write(os.urandom(kib * 1024))  # incompressible, as firmware mostly is
    targets.append({"Ecu": ecu, "HwId": hw_id, "Version": "bench-2.0.0", "File": name})
json.dump({"Name": "campaign-bench", "Version": "2.0.0", "ReleaseCounter": 1000, "Kind": "firmware",
           "HwIds": sorted(best.values()), "Preconditions": {"Consent": "not-required"},
           "UserText": {"en": "Campaign benchmark"}, "Targets": targets},
          open(os.path.join(out, "release.json"), "w"), indent=1)
PY
release=$("$build/app/flotillactl" --data-dir "$work/server" --json release import "$work/release" \
    2>"$work/import.log" | json 'd.get("id") or d["release"]["id"]')

# ---- the campaign: created, approved by a second person, started ----------------------------------
spec=$(python3 -c "
import json
print(json.dumps({'name': 'bench', 'release': $release, 'actor': 'bench-engineer',
  'waves': [{'percent': p, 'successPercent': $success_percent} for p in (1, 10, 50, 100)],
  'maxFailurePercent': $max_failure_percent, 'retries': 0}))")
id=$(api POST /campaigns "$spec" | json 'd.get("id") or d["campaign"]["id"]')
api POST "/campaigns/$id/submit" '{"actor":"bench-engineer"}' >/dev/null
api POST "/campaigns/$id/approve" '{"actor":"bench-approver"}' >/dev/null

if [ "$console" = 1 ]; then
    # The baseline: the approved campaign's progress view open, the fleet polling, nothing running.
    console_command "select $id"
    sleep 2
    console_command "phase baseline"
    console_command "repaint 100"
    echo "console baseline: ${baseline_s} s" >&2
    sleep "$baseline_s"
    console_command "repaint 0"
    console_command "phase campaign"
fi
cpu_before=$(cpu_ticks "$server_pid")
started=$(now)
api POST "/campaigns/$id/start" '{"actor":"bench-engineer"}' >/dev/null
echo "campaign $id started" >&2
state=running
deadline=$(($(date +%s) + timeout_s))
while [ "$(date +%s)" -lt "$deadline" ]; do
    summary=$(api GET "/campaigns/$id")
    state=$(echo "$summary" | json 'd.get("state") or d["campaign"]["state"]')
    case $state in completed | halted | cancelled) break ;; esac
    sleep 1
done
finished=$(now)
console_command "phase after"
cpu_after=$(cpu_ticks "$server_pid")
cpu_total=$(cpu_ticks "$server_pid")
peak_kib=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
db_bytes=$(du -cb "$work/server"/*.db* 2>/dev/null | tail -1 | cut -f1)
summary=$(api GET "/campaigns/$id")
if [ "$console" = 1 ]; then
    console_command quit
    wait "$server_pid" || true
fi

python3 - "$summary" <<PY
import json, sys
d = json.loads(sys.argv[1])
d = d.get("campaign", d) if "vehicles" not in d else d
wall = $finished - $started
total = $finished - $server_started
print("| Figure | Value |")
print("|---|---|")
print("| vehicles, waves | $vehicles, 1/10/50/100 % (success $success_percent %, halt at $max_failure_percent %) |")
print("| injected failures | boot check fails on %.0f %% (--fail-boot-share $fail_share) |" % ($fail_share * 100))
print("| poll interval | $poll s |")
print("| campaign state | %s %s |" % (d.get("state"), ("(" + d.get("reason") + ")") if d.get("reason") else ""))
print("| wall time, start to end | %.1f s |" % wall)
print("| server CPU during the campaign | %.1f s (%.0f %% of one core) |" % (($cpu_after - $cpu_before) / $hz, ($cpu_after - $cpu_before) / $hz / wall * 100))
print("| server CPU, whole run (registration included) | %.1f s over %.0f s |" % ($cpu_total / $hz, total))
print("| server peak RSS | %.1f MiB |" % ($peak_kib / 1024))
print("| database size | %.1f MiB |" % ($db_bytes / 1048576))
print("| vehicles per state | %s |" % ", ".join("%s %d" % kv for kv in sorted(d.get("vehicles", {}).items())))
print("| jobs per state | %s |" % ", ".join("%s %d" % kv for kv in sorted(d.get("jobs", {}).items())))
print()
print(json.dumps({k: d.get(k) for k in ("id", "state", "reason", "currentWave", "vehicles", "jobs", "waves")}))
PY

if [ "$console" = 1 ]; then
    python3 - "$work/frames.jsonl" <<'PY'
import json, sys
names = {"start": "registration + release import", "baseline": "baseline: approved, not started, repainted at 10 Hz",
         "campaign": "campaign, start to end"}
print()
print("| Console (flotilla-console-frames) | lag p50 / p99 / max | frame p50 / p99 / max (frames) | progress paint p50 / p99 / max | load 1 min (start → end) |")
print("|---|--:|--:|--:|--:|")
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["phase"] not in names:
        continue
    f = lambda s: "%.1f / %.1f / %.1f ms" % (s["p50Ms"], s["p99Ms"], s["maxMs"])
    print("| %s (%.0f s) | %s | %s (%d) | %s | %.1f → %.1f |" % (names[p["phase"]], p["seconds"], f(p["lag"]),
          f(p["frames"]), p["frames"]["count"], f(p["progressPaint"]), p["load1Start"], p["load1End"]))
PY
    echo
    cat "$work/frames.jsonl"
fi
