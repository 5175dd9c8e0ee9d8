#!/usr/bin/env bash
# Cold and warm wall and CPU times of the commands a newcomer meets (issue 26), with empty
# caches for each cold command (HYBRIDSYS_CACHE and NUMBA_CACHE_DIR, numba's cache of the
# package's own functions included), the warm run right after it.
#
#   python -m venv /tmp/venv && /tmp/venv/bin/python -m pip install ".[figures]"
#   bash bench/first_run.sh /tmp/venv [label]
#
# Prints one line a command: label, wall and user CPU seconds (/usr/bin/time), load average.
set -u
bin=${1:?usage: bench/first_run.sh VENV [label]}/bin
label=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
run() {  # what, cache name, command...
  what=$1; cache=$2; shift 2
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  HYBRIDSYS_CACHE=$work/$cache/hybridsys NUMBA_CACHE_DIR=$work/$cache/numba \
    /usr/bin/time -o "$work/time" -f "%e s wall, %U s CPU" "$@" > /dev/null 2>&1
  echo "$label $what: $(cat "$work/time"), load $load"
}
run "hybridsys --help" help "$bin/hybridsys" --help
run "import hybridsys" import "$bin/python" -c "import hybridsys"
for kind in cold warm; do run "steady nonreciprocal_sync, $kind" steady "$bin/hybridsys" steady nonreciprocal_sync; done
for kind in cold warm; do run "simulate nonreciprocal_sync, $kind" simulate "$bin/hybridsys" simulate nonreciprocal_sync; done
for kind in cold warm; do run "reproduce S3, $kind" s3 "$bin/hybridsys" reproduce S3 --out "$work/figures"; done
