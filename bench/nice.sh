#!/bin/bash
# Run a benchmark with CPU priority: nice -10 (with bench/quiet.sh renicing everything else to 19).
renice -n -10 -p $$ >/dev/null
exec "$@"
