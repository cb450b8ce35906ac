#!/usr/bin/env bash
# Dependencies point one way: app -> ui -> server -> core, agent -> core, cli -> core.
# Fails when a folder includes a header from a folder it must not depend on.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
status=0
check() { # folder, forbidden folders...
    local folder=$1; shift
    for forbidden in "$@"; do
        hits=$(grep -rnE "#include [\"<]${forbidden}/" "$folder" --include='*.h' --include='*.cpp' 2>/dev/null)
        if [ -n "$hits" ]; then
            echo "layering: $folder must not include $forbidden/:"; echo "$hits"; status=1
        fi
    done
    # Qt modules a folder must not use
}
check core server agent cli ui app tests bench
check server agent cli ui app
check agent server cli ui app
check cli server agent ui app
check ui agent cli app
# core: Qt Core only
if grep -rnE '#include <(QtNetwork|QtSql|QtWidgets|QtGui|QSql|QSsl|QNetwork|QTcp|QWidget|QApplication)' core --include='*.h' --include='*.cpp'; then
    echo "layering: core must use Qt Core only"; status=1
fi
if grep -rnE '#include <(QWidget|QApplication|QtWidgets|QMainWindow)' server agent cli --include='*.h' --include='*.cpp'; then
    echo "layering: server, agent and cli must not use Widgets"; status=1
fi
[ $status -eq 0 ] && echo "layering ok"
exit $status
