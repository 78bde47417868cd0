#!/usr/bin/env bash
# Granary's benchmark suite: one command (README "Benchmarks"). Installs what is missing (Debian nginx-light and
# wrk, Verdaccio 6.8.0 into bench/.verdaccio), then runs bench/suite.py, which starts everything on 127.0.0.1,
# measures, stops what it started and prints Granary against nginx / Verdaccio / direct with the ratios.
# Takes about 8 minutes; each load run is at most 20 s. Not a test: nothing here runs in `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
if [ ${#need[@]} -gt 0 ]; then
    echo "[bench] installing ${need[*]} (Debian)"
    apt-get install -y "${need[@]}" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "${need[@]}"; }
fi
for tool in java mvn node npm curl python3 jstat jcmd; do
    command -v "$tool" >/dev/null 2>&1 || { echo "[bench] $tool is required" >&2; exit 1; }
done
if [ ! -x bench/.verdaccio/node_modules/.bin/verdaccio ]; then
    echo "[bench] installing Verdaccio 6.8.0 into bench/.verdaccio (npm; 6.9+ needs Node 22)"
    mkdir -p bench/.verdaccio
    (cd bench/.verdaccio && npm install --no-audit --no-fund --loglevel=error verdaccio@6.8.0)
fi
exec python3 bench/suite.py "$@"
