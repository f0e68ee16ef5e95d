#!/usr/bin/env bash
# The period run past one machine, for real: a local Slurm (slurmctld and slurmd on this
# machine, authenticated by munge) runs a 4-task job array over a 10 000-contract portfolio,
# each task one shard with its own ledger; the shards' ledgers are merged and compared with
# one run of the whole portfolio on one machine: the same settlements, the same ledger.
# Run by `make scale-test`, which installs slurm-wlm and munge first. Needs root (the
# daemons run as root here, in a scratch folder, on ports of their own).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OCE=$ROOT/${OCE:-build/oce}
N=${N:-10000}
TASKS=${TASKS:-4}
W=$(mktemp -d /tmp/oce-slurm-XXXXXX)
CONF=$W/slurm.conf
export SLURM_CONF=$CONF
stop() {
  scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  [ -f "$W/slurmd.pid" ] && kill "$(cat "$W/slurmd.pid")" 2>/dev/null || true
  [ -f "$W/slurmctld.pid" ] && kill "$(cat "$W/slurmctld.pid")" 2>/dev/null || true
  rm -rf "$W"
}
trap stop EXIT
say() { printf 'scale-test: %s\n' "$*"; }

[ "$(id -u)" = 0 ] || { echo "scale-test: needs root, to run the Slurm daemons" >&2; exit 1; }
command -v slurmctld >/dev/null && command -v munged >/dev/null ||
  { echo "scale-test: slurm-wlm and munge are needed (make scale-test installs them)" >&2; exit 1; }

# munge: the key the package made, and its daemon, once.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  su -s /bin/sh munge -c /usr/sbin/munged 2>/dev/null || /usr/sbin/munged --force
  sleep 1
  munge -n | unmunge >/dev/null
fi

host=$(hostname)
mkdir -p "$W/spool" "$W/state"
cat >"$CONF" <<CONF
ClusterName=oce-scale
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmdSpoolDir=$W/spool
StateSaveLocation=$W/state
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=oce Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$CONF"
slurmd -f "$CONF"
for _ in $(seq 30); do sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break; sleep 1; done
sinfo -h -o %t | grep -qE '^(idle|mix|alloc)' || { cat "$W"/slurm*.log >&2; echo "scale-test: Slurm did not start" >&2; exit 1; }
say "Slurm up: $(sinfo -h -o '%P %D %t %N')"

awk -v n="$N" -v period=2026-10 -v portfolio="$W/portfolio.csv" -v outcomes="$W/outcomes.csv" \
  -f tests/scale/portfolio.awk
say "portfolio of $N contracts, $(($(wc -l <"$W/outcomes.csv") - 1)) outcomes rows"

start=$(date +%s)
(cd "$W" && sbatch --wait --array=1-"$TASKS" \
  --export=ALL,OCE="$OCE",PORTFOLIO="$W/portfolio.csv",TEMPLATES="$ROOT/contracts/portfolio-sla/templates",OUTCOMES="$W/outcomes.csv",PERIOD=2026-10,WORK="$W" \
  "$ROOT/tests/scale/shard.sbatch" >/dev/null) || true
say "job array of $TASKS tasks done in $(($(date +%s) - start)) s"
for k in $(seq "$TASKS"); do
  [ -s "$W/shard-$k.db" ] || { cat "$W"/oce-shard-*.out >&2 || true; echo "scale-test: task $k wrote no ledger" >&2; exit 1; }
done

"$OCE" ledger merge "$W"/shard-*.db --ledger "$W/merged.db"
"$OCE" run --portfolio "$W/portfolio.csv" --templates contracts/portfolio-sla/templates \
  --outcomes "$W/outcomes.csv" --period 2026-10 --out "$W/whole" --ledger "$W/whole.db" --quiet >/dev/null

fail=0
cat "$W"/shard-*/settlements.jsonl | sort >"$W/shards.sorted"
sort "$W/whole/settlements.jsonl" >"$W/whole.sorted"
if cmp -s "$W/shards.sorted" "$W/whole.sorted"; then say "settlements: the shards' $(wc -l <"$W/shards.sorted") lines are the whole run's"; else say "FAIL: the shards' settlements differ from the whole run's"; fail=1; fi
"$OCE" ledger list --ledger "$W/merged.db" >"$W/merged.list"
"$OCE" ledger list --ledger "$W/whole.db" >"$W/whole.list"
if cmp -s "$W/merged.list" "$W/whole.list"; then say "ledger: the merged ledger lists what the whole run's does ($(wc -l <"$W/merged.list") settlements)"; else say "FAIL: the merged ledger differs"; fail=1; fi
"$OCE" ledger check --ledger "$W/merged.db" >/dev/null || { say "FAIL: ledger check of the merged ledger"; fail=1; }
for k in $(seq "$TASKS"); do
  [ "$(wc -l <"$W/shard-$k/settlements.jsonl")" -gt 0 ] || { say "FAIL: shard $k settled nothing"; fail=1; }
done
[ "$fail" = 0 ] && say "passed" || exit 1
