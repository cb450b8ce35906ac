#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what .clang-format makes of it.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
if ! command -v clang-format >/dev/null; then echo "clang-format not installed: skipped"; exit 0; fi
status=0
while IFS= read -r file; do
    if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "not formatted: $file (run: clang-format -i $file)"; status=1
    fi
done < <(git ls-files '*.cpp' '*.h' 2>/dev/null)
[ $status -eq 0 ] && echo "format ok"
exit $status
