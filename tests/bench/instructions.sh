#!/bin/sh
# instructions.sh OUT COMMAND...: runs COMMAND under valgrind --tool=callgrind, its profile
# written to OUT (for callgrind_annotate), and prints the instructions it executed. Counts of
# instructions do not depend on how busy the machine is, so they compare from one change to
# the next.
set -eu
out=$1
shift
command -v valgrind >/dev/null || {
    echo "instructions.sh: valgrind is needed (apt-get install valgrind)" >&2
    exit 1
}
log=$out.log
if ! valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$log"; then
    cat "$log" >&2
    exit 1
fi
sed -n 's/^==[0-9]*== Collected : //p' "$log"
