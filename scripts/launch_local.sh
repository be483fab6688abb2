#!/usr/bin/env bash
# Starts N ranks of one command on this machine, as torchrun would: each gets
# RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR=127.0.0.1 and a free MASTER_PORT.
# Waits for all; when one fails, the others get LAUNCH_GRACE seconds (default
# 10) to report it before they are stopped. Exits with the first failure's
# status, 0 when every rank succeeded.
#
#   scripts/launch_local.sh N -- mcplm tune --model ... --output-dir ...
#
# `mcplm` is build/mcplm when no mcplm is on the PATH. Ctrl-C reaches every
# rank; they stop together at the same update (rank 0 saves checkpoint-last).
set -uo pipefail

usage() {
  echo "usage: $0 N -- COMMAND [ARGS...]" >&2
  exit 2
}
[[ $# -ge 3 && $1 =~ ^[1-9][0-9]*$ && $2 == "--" ]] || usage
world=$1
shift 2
if [[ $1 == mcplm ]] && ! command -v mcplm >/dev/null; then
  set -- "$(cd "$(dirname "$0")/.." && pwd)/build/mcplm" "${@:2}"
fi

# A port nothing listens on (bash's /dev/tcp: connecting fails).
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${MASTER_PORT:-}
if [[ -z $port ]]; then
  for _ in $(seq 100); do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" && break
  done
fi

pids=()
for ((rank = 0; rank < world; rank++)); do
  RANK=$rank LOCAL_RANK=$rank WORLD_SIZE=$world MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
    "$@" &
  pids+=($!)
done
# Ctrl-C already reaches the ranks (same process group); a TERM sent to this
# script alone is passed on.
trap 'kill -TERM "${pids[@]}" 2>/dev/null' TERM
trap ':' INT

rank_of() {
  local i
  for i in "${!pids[@]}"; do [[ ${pids[$i]} == "$1" ]] && echo "$i"; done
}

status=0
stopper=
running=("${pids[@]}")
while ((${#running[@]} > 0)); do
  done_pid=
  wait -n -p done_pid "${running[@]}"
  code=$?
  [[ -z $done_pid ]] && continue # a trapped signal interrupted the wait
  for i in "${!running[@]}"; do [[ ${running[$i]} == "$done_pid" ]] && unset "running[$i]"; done
  if [[ $code -ne 0 && $status -eq 0 ]]; then
    status=$code
    echo "launch_local.sh: rank $(rank_of "$done_pid") exited with status $code;" \
      "stopping the others in ${LAUNCH_GRACE:-10} s" >&2
    (
      sleep "${LAUNCH_GRACE:-10}"
      kill -TERM "${pids[@]}" 2>/dev/null
      sleep 5
      kill -KILL "${pids[@]}" 2>/dev/null
    ) &
    stopper=$!
  fi
done
[[ -n $stopper ]] && kill "$stopper" 2>/dev/null
exit "$status"
