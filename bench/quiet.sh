#!/bin/bash
# On a shared machine: run bench/quiet.sh (as root) in the background, then every bench as
#   bench/nice.sh .venv/bin/python bench/<bench>.py ...
# Renice every process at nice 0 to 19, so that benches started with bench/nice.sh (nice -10) (and the
# PostgreSQL backends serving databases whose name contains "bench") get the CPU.
while true; do
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    [ "$pid" -le 2 ] && continue
    read -r stat < $d/stat 2>/dev/null || continue
    rest=${stat##*) }
    set -- $rest
    ppid=$2; nice=${17}
    [ "$ppid" = 2 ] && continue
    [ "$nice" = 0 ] && renice -n 19 -p $pid >/dev/null 2>&1
  done
  for pid in $(psql -h 127.0.0.1 -U postgres -d postgres -Atc "select pid from pg_stat_activity where datname like '%bench%'" 2>/dev/null); do
    renice -n -10 -p $pid >/dev/null 2>&1
  done
  sleep 2
done
