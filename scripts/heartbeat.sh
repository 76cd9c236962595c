#!/bin/sh
# heartbeat.sh WHAT COMMAND...: run COMMAND, saying every 10 s that it is still WHAT, so no step
# of `make run` is silent for long. Exits with COMMAND's status.
what=$1
shift
"$@" &
child=$!
trap 'kill "$child" 2>/dev/null' INT TERM
elapsed=0
while kill -0 "$child" 2>/dev/null; do
  sleep 1
  elapsed=$((elapsed + 1))
  if [ $((elapsed % 10)) -eq 0 ] && kill -0 "$child" 2>/dev/null; then
    echo "   … still $what (${elapsed} s)"
  fi
done
wait "$child"
