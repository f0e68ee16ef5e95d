# shellcheck shell=bash
# Sourced by run.sh. A portfolio run in shards, each with a ledger of its own, merged into one
# ledger: the same ledger as one run of the whole portfolio, document for document.

SH=$TMP/shards
PS=contracts/portfolio-sla
mkdir -p "$SH"
shard_run() { # K N LEDGER [OUTCOMES]
  "$OCE" run --portfolio $PS/portfolio.csv --templates $PS/templates --outcomes "${4:-$PS/outcomes.csv}" \
    --period 2026-Q4 --out "$SH/out-$1-$2" --shard "$1/$2" --ledger "$3" --quiet >/dev/null 2>"$TMP/err"
}
for k in 1 2 3; do shard_run $k 3 "$SH/s$k.db" || bad "shards-run-$k" "$(cat "$TMP/err")"; done
"$OCE" run --portfolio $PS/portfolio.csv --templates $PS/templates --outcomes $PS/outcomes.csv \
  --period 2026-Q4 --out "$SH/whole" --ledger "$SH/whole.db" --quiet >/dev/null 2>"$TMP/err" ||
  bad shards-whole "$(cat "$TMP/err")"

run shards-merge 0 -- ledger merge "$SH/s1.db" "$SH/s2.db" "$SH/s3.db" --ledger "$SH/merged.db" &&
  { grep -qxF "ledger $SH/merged.db: 3 shards merged, 18 drafts: 18 recorded, 0 replaced, 0 unchanged, 0 adjusted, 0 restated" "$TMP/out" &&
    ok || bad shards-merge "$(cat "$TMP/out")"; }
"$OCE" ledger list --ledger "$SH/merged.db" >"$SH/merged.list" 2>&1
"$OCE" ledger list --ledger "$SH/whole.db" >"$SH/whole.list" 2>&1
expect_same shards-merged-list "$SH/whole.list" "$SH/merged.list"
same=0
while read -r contract period _; do
  "$OCE" ledger show "$contract/$period" --ledger "$SH/merged.db" >"$SH/m.json" 2>&1
  "$OCE" ledger show "$contract/$period" --ledger "$SH/whole.db" >"$SH/w.json" 2>&1
  if cmp -s "$SH/m.json" "$SH/w.json"; then same=$((same + 1)); else bad "shards-same-$contract-$period" "$(diff "$SH/w.json" "$SH/m.json" | head -5)"; fi
done <"$SH/whole.list"
[ "$same" -eq 18 ] && ok || bad shards-same-documents "$same of 18 the same"
run shards-merged-check 0 -- ledger check --ledger "$SH/merged.db"
# Merging again changes nothing; finalising runs once, on the merged ledger.
run shards-merge-again 0 -- ledger merge "$SH/s1.db" "$SH/s2.db" "$SH/s3.db" --ledger "$SH/merged.db" &&
  { grep -qF "18 drafts: 0 recorded, 0 replaced, 18 unchanged" "$TMP/out" && ok || bad shards-merge-again "$(cat "$TMP/out")"; }
run shards-finalize 0 -- finalize SITE-0001 --period 2026-10 --ledger "$SH/merged.db" &&
  { grep -qF "SITE-0001 2026-10: final as invoice INV-000001" "$TMP/out" && ok || bad shards-finalize "$(cat "$TMP/out")"; }

# Refused before anything is written: a shard with a final period, and a period two shards
# settled differently.
cp "$SH/s1.db" "$SH/final.db"
first=$(head -n 1 "$SH/whole.list" | awk '{print $1}')
"$OCE" ledger list --ledger "$SH/final.db" | head -n 1 >"$SH/final.first"
read -r fc fp _ <"$SH/final.first"
"$OCE" finalize "$fc" --period "$fp" --ledger "$SH/final.db" >/dev/null 2>&1
run shards-final-refused 2 -- ledger merge "$SH/final.db" --ledger "$SH/fresh.db" &&
  expect_err shards-final-refused "final.db: ledger merge: the shard holds $fc $fp final, or adjusted: a shard's ledger holds drafts only; finalise once, in the merged ledger"
sed 's/^SITE-0001,2026-10,availability,.*/SITE-0001,2026-10,availability,98.00/' $PS/outcomes.csv >"$SH/changed.csv"
s1=$(grep -l '"id":"SITE-0001"' "$SH"/out-*-3/settlements.jsonl | head -n 1)
k=$(basename "$(dirname "$s1")" | sed 's/out-\([0-9]\)-3/\1/')
shard_run "$k" 3 "$SH/other.db" "$SH/changed.csv" || bad shards-other "$(cat "$TMP/err")"
run shards-conflict 2 -- ledger merge "$SH/s$k.db" "$SH/other.db" --ledger "$SH/conflict.db" &&
  expect_err shards-conflict "SITE-0001 2026-10 is in "
run shards-conflict-nothing 0 -- ledger list --ledger "$SH/conflict.db" &&
  { grep -qF 'no settlements' "$TMP/out" && ok || bad shards-conflict-nothing "$(cat "$TMP/out")"; }
run shards-merge-none 2 -- ledger merge --ledger "$SH/merged.db" && expect_err shards-merge-none "ledger merge needs the ledgers of the shards"
run shards-merge-self 2 -- ledger merge "$SH/merged.db" --ledger "$SH/merged.db" && expect_err shards-merge-self "is the ledger merged into, not a shard"
ln -s "$SH/merged.db" "$SH/link.db"
run shards-merge-self-link 2 -- ledger merge "$SH/link.db" "$SH/s2.db" --ledger "$SH/merged.db" &&
  expect_err shards-merge-self-link "link.db is the ledger merged into, not a shard"
