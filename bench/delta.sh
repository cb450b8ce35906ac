#!/usr/bin/env bash
# Delta benchmark: Flotilla's codecs (through `flotillactl delta build/apply`) beside bsdiff,
# xdelta3 -e -9 -S lzma and zstd --patch-from --ultra -22 --long=31 on the corpus of
# shared/bench (real npm binaries, fetched with its run.sh), and beside the HDiffPatch figures of
# shared/bench/results.md (HDiffPatch is not packaged for Debian, so it is not run here).
# Every tool runs single-threaded; time = CPU seconds (user + system, GNU time %U + %S: on a
# loaded shared machine wall time mostly measures the neighbours), memory = max RSS (%M).
# Timings still vary run to run (caches, frequency): compare tools within one run.
#
# usage: bench/delta.sh [corpus-dir] [build-dir]
#   env: PAIRS="esbuild-patch ..."  TOOLS="x-flodiff bsdiff ..."  KEEP=1 (keep the deltas)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FLOTILLA_SHARED_DIR:-$root/../shared}
corpus=${1:-$root/.cache/delta-corpus}
build=${2:-$root/build-bench}
all_tools="x-flodiff zstd-patch full-zstd bsdiff xd3-9-lzma zstd-pf-22"
tools=${TOOLS:-$all_tools}

"$root/scripts/deps" bench >/dev/null
ctl=$build/app/flotillactl
if [ ! -x "$ctl" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTS=OFF -DBUILD_GUI=OFF >/dev/null
    cmake --build "$build" --target flotillactl >/dev/null
fi
"$shared/bench/run.sh" fetch "$corpus" >&2

work=$(mktemp -d /tmp/flotilla-delta-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
tsv=$work/results.tsv

create() { # tool old new delta
    case $1 in
        x-flodiff | zstd-patch | full-zstd) "$ctl" delta build "$2" "$3" "$4" --codec "$1" ;;
        bsdiff) bsdiff "$2" "$3" "$4" ;;
        xd3-9-lzma) xdelta3 -e -9 -S lzma -f $XDB -s "$2" "$3" "$4" ;;
        zstd-pf-22) zstd -q -T1 --ultra -22 --long=31 -f --patch-from="$2" "$3" -o "$4" ;;
    esac
}
apply() { # tool old delta out
    case $1 in
        x-flodiff | zstd-patch | full-zstd) "$ctl" delta apply "$2" "$3" "$4" ;;
        bsdiff) bspatch "$2" "$4" "$3" ;;
        xd3-9-lzma) xdelta3 -d -f $XDB -s "$2" "$3" "$4" ;;
        zstd-pf-22) zstd -q -d --long=31 -f --patch-from="$2" "$3" -o "$4" ;;
    esac
}
# timed FILE create|apply ARGS... : "cpu_seconds maxrss_kb" into FILE.sum. GNU time cannot run a shell
# function, so the function runs in a child bash; max RSS is then the larger of that bash (a few
# MiB) and the tool it starts, i.e. the tool's peak.
export -f create apply
export ctl
timed() {
    local out=$1
    shift
    XDB=$XDB /usr/bin/time -f '%U %S %M' -o "$out" bash -c '"$@"' timed "$@" >"$out.log" 2>&1 || return 1
    awk '{ printf "%.2f %s\n", $1 + $2, $3 }' "$out" >"$out.sum"
}

pairs=${PAIRS:-$(ls "$corpus/pairs")}
for pair in $pairs; do
    old=$corpus/pairs/$pair/old new=$corpus/pairs/$pair/new
    XDB=""
    [ "$(stat -c %s "$old")" -gt 67108864 ] && XDB="-B $(stat -c %s "$old")"
    for tool in $tools; do
        delta=$work/$pair.$tool out=$work/$pair.$tool.out
        echo "[$pair] $tool ..." >&2
        if timed "$work/c" create "$tool" "$old" "$new" "$delta" && timed "$work/a" apply "$tool" "$old" "$delta" "$out" &&
            cmp -s "$new" "$out"; then
            read -r cs cm <"$work/c.sum"
            read -r as am <"$work/a.sum"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pair" "$tool" "$(stat -c %s "$new")" \
                "$(stat -c %s "$delta")" "$cs" "$cm" "$as" "$am" >>"$tsv"
        else
            echo "FAILED: $pair $tool" >&2
            tail -n 5 "$work/c.log" "$work/a.log" >&2 || true
            printf '%s\t%s\t%s\t-\t-\t-\t-\t-\n' "$pair" "$tool" "$(stat -c %s "$new")" >>"$tsv"
        fi
        [ -n "${KEEP:-}" ] || rm -f "$delta"
        rm -f "$out"
    done
done

# HDiffPatch and the smallest delta of any tool, per pair, from the shared results.
hdiff=$work/hdiff.tsv
awk -F'|' '
    /^\| pair \| new bytes/ { for (i = 2; i < NF; i++) { gsub(/ /, "", $i); col[i] = $i }; intable = 1; next }
    intable && /^\|---/ { next }
    intable && /^\|/ {
        gsub(/ /, "", $2); best = ""
        for (i = 4; i < NF; i++) { gsub(/ /, "", $i); v[col[i]] = $i; if (best == "" || $i + 0 < best + 0) best = $i }
        printf "%s\t%s\t%s\t%s\n", $2, v["hdiff-m-lzma2"], v["hdiff-m-zstd"], best; next }
    intable { intable = 0 }' "$shared/bench/results.md" >"$hdiff"

echo "## Delta sizes (bytes; % of the new image)"
echo
awk -F'\t' -v tools="$tools" '
    FNR == NR { hl[$1] = $2; hz[$1] = $3; best[$1] = $4; next }
    { size[$1, $2] = $4; newb[$1] = $3; if (!($1 in seen)) { seen[$1] = 1; order[++np] = $1 } }
    END {
        nt = split(tools, t, " ")
        printf "| pair | new bytes |"; for (j = 1; j <= nt; j++) printf " %s |", t[j]
        printf " hdiff-m-lzma2 | hdiff-m-zstd | smallest in results.md |\n|---|--:|"
        for (j = 1; j <= nt + 3; j++) printf "--:|"; printf "\n"
        for (i = 1; i <= np; i++) { p = order[i]; printf "| %s | %d |", p, newb[p]
            for (j = 1; j <= nt; j++) { s = size[p, t[j]]
                if (s == "-") printf " FAIL |"; else { printf " %d (%.2f%%) |", s, 100 * s / newb[p]; tot[t[j]] += s } }
            printf " %s | %s | %s |\n", hl[p], hz[p], best[p]
            th += hl[p]; tz += hz[p]; tb += best[p] }
        printf "| **total** | |"; for (j = 1; j <= nt; j++) printf " **%d** |", tot[t[j]]
        printf " %d | %d | %d |\n", th, tz, tb }' "$hdiff" "$tsv"

for what in "build" "apply"; do
    echo
    echo "## ${what^} CPU time (s) / peak memory (MiB)"
    echo
    awk -F'\t' -v tools="$tools" -v what="$what" '
        { t = (what == "build") ? $5 : $7; m = (what == "build") ? $6 : $8
          cell[$1, $2] = (t == "-") ? "FAIL" : sprintf("%.2f / %.0f", t, m / 1024)
          if (t != "-") { sum[$2] += t; if (m > max[$2]) max[$2] = m }
          if (!($1 in seen)) { seen[$1] = 1; order[++np] = $1 } }
        END {
            nt = split(tools, tl, " ")
            printf "| pair |"; for (j = 1; j <= nt; j++) printf " %s |", tl[j]; printf "\n|---|"
            for (j = 1; j <= nt; j++) printf "--:|"; printf "\n"
            for (i = 1; i <= np; i++) { printf "| %s |", order[i]
                for (j = 1; j <= nt; j++) printf " %s |", cell[order[i], tl[j]]; printf "\n" }
            printf "| **total s / max MiB** |"
            for (j = 1; j <= nt; j++) printf " %.1f / %.0f |", sum[tl[j]], max[tl[j]] / 1024; printf "\n" }' "$tsv"
done
[ -z "${KEEP:-}" ] || { cp "$tsv" "$corpus/last-bench.tsv"; echo; echo "(raw figures: $corpus/last-bench.tsv)"; }
