# oce: the outcome-based contract evaluator.
#
#   make deps    install missing Debian packages (needs root or sudo)
#   make         build build/oce
#   make demo    settle the bundled example contracts into out/ (ledger out/oce.db)
#   make test    unit tests, end-to-end tests and the example contracts' own test cases
#   make test SANITIZE=1   the same suite built with AddressSanitizer and UBSan (build/san/)
#   make lint    clang-format check, cppcheck and the layering of core/ (make format rewrites)
#   make layers  the layering of core/: includes by layer, exports by prefix (tests/lint/layers.sh)
#   make bench   the benchmark harness (figures in docs/performance.md)
#
# Plain and non-recursive: every object is built from core/ into $(BUILD)/.

PKGS      := lua5.4 libcjson libcrypto sqlite3 cmocka
DEB_PKGS  := pkg-config liblua5.4-dev libcjson-dev libssl-dev libsqlite3-dev libcmocka-dev \
             tzdata
VERSION   := 0.1.0

ifeq ($(SANITIZE),1)
BUILD     ?= build/san
SANFLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD     ?= build
SANFLAGS  :=
endif

WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wdouble-promotion -Wformat=2 -Wvla
ifeq ($(CI),true)
WARN      += -Werror
endif

PKG_CFLAGS = $(shell pkg-config --cflags lua5.4 libcjson libcrypto sqlite3 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs lua5.4 libcjson libcrypto sqlite3 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DOCE_VERSION='"$(VERSION)"' $(WARN) \
             $(SANFLAGS) $(CFLAGS) -Icore -I$(BUILD) $(PKG_CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lm

CORE_SRC  := $(wildcard core/*.c)
CORE_OBJ  := $(patsubst core/%.c,$(BUILD)/%.o,$(CORE_SRC)) $(BUILD)/scripts_embed.o
LIB_OBJ   := $(filter-out $(BUILD)/main.o,$(CORE_OBJ))
LUA_SRC   := $(sort $(wildcard scripts/*.lua))

# Each unit test links only the modules it tests, so modules can be tested on their own.
TESTS     := error decl money calendar tz service incidents derive outcomes doc writer sandbox luaapi engine runner ledger contract cases adjust history tester settle cli verify ldecl run summary portfolio spill table_stream batch
test_error_OBJ    := error
test_decl_OBJ     := decl calendar error
test_money_OBJ    := money error
test_calendar_OBJ := calendar error
test_tz_OBJ       := tz calendar error
test_service_OBJ  := service spans tz calendar arena error
test_incidents_OBJ := incidents rows table tz calendar arena digest error
test_derive_OBJ   := derive incidents rows service spans table tz calendar money arena digest error
test_outcomes_OBJ := outcomes rows table derive incidents service spans tz money calendar error arena digest
test_doc_OBJ      := doc tz money calendar error arena digest
test_writer_OBJ   := writer doc tz money calendar error arena digest
# test_writer fails allocations one at a time, through wrappers of malloc and realloc.
test_writer_LDFLAGS := -Wl,--wrap=malloc -Wl,--wrap=realloc
test_sandbox_OBJ  := LIB
test_luaapi_OBJ   := LIB
test_runner_OBJ   := LIB
test_engine_OBJ   := engine decl history money calendar error arena
test_ledger_OBJ   := LIB
test_contract_OBJ := LIB
test_cases_OBJ    := LIB
test_adjust_OBJ   := doc tz money calendar error arena digest
test_history_OBJ  := LIB
test_tester_OBJ   := LIB
test_settle_OBJ   := LIB
test_cli_OBJ      := LIB
test_verify_OBJ   := LIB
test_ldecl_OBJ    := LIB
test_run_OBJ      := LIB
test_summary_OBJ  := summary money calendar error
test_portfolio_OBJ := portfolio table decl calendar error
test_spill_OBJ    := spill error
test_table_stream_OBJ := outcomes rows table derive incidents service spans tz money calendar error arena digest
test_batch_OBJ    := LIB
TEST_BINS := $(patsubst %,$(BUILD)/tests/test_%,$(TESTS))

.PHONY: all deps demo test unit e2e contract-tests layers-tests lint layers format bench clean \
        scale-test
.DELETE_ON_ERROR:

all: $(BUILD)/oce

deps:
	@missing=""; for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	command -v pkg-config >/dev/null || missing=1; \
	[ -f /usr/share/zoneinfo/Europe/London ] || missing=1; \
	if [ -n "$$missing" ]; then \
	  echo "oce: installing build dependencies: $(DEB_PKGS)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	fi

$(BUILD)/oce: $(CORE_OBJ) | deps
	$(CC) $(ALL_CFLAGS) -o $@ $(CORE_OBJ) $(LDLIBS_ALL)

$(BUILD)/%.o: core/%.c $(wildcard core/*.h) | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The term library is compiled into the binary as one C array per script.
$(BUILD)/scripts_embed.c: $(LUA_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from the Lua scripts of scripts/ by the Makefile; do not edit. */'; \
	   echo '#include "embed.h"'; \
	   for f in $(LUA_SRC); do \
	     n=$$(basename $$f .lua); \
	     echo "static const unsigned char s_$$n[] = {"; \
	     od -An -v -tx1 $$f | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	     echo "};"; \
	   done; \
	   echo 'const EmbeddedScript embedded_scripts[] = {'; \
	   for f in $(LUA_SRC); do n=$$(basename $$f .lua); \
	     echo "    {\"$$n\", (const char *)s_$$n, sizeof s_$$n},"; done; \
	   echo '    {0, 0, 0}'; echo '};'; } > $@

$(BUILD)/scripts_embed.o: $(BUILD)/scripts_embed.c core/embed.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

test_objs = $(if $(filter LIB,$(test_$(1)_OBJ)),$(LIB_OBJ),$(patsubst %,$(BUILD)/%.o,$(test_$(1)_OBJ)))

.SECONDEXPANSION:
$(BUILD)/tests/test_%: tests/unit/test_%.c $$(call test_objs,$$*) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(call test_objs,$*) $(CMOCKA_LIBS) $(LDLIBS_ALL) \
	  $(test_$*_LDFLAGS)

unit: $(TEST_BINS)
	@fail=0; for t in $(TEST_BINS); do echo "== $$t"; $$t || fail=1; done; exit $$fail

# SANITIZE tells the end-to-end tests that resident memory is mostly the sanitizer's.
e2e: $(BUILD)/oce
	@SANITIZE=$(SANITIZE) OCE=$(BUILD)/oce bash tests/e2e/run.sh

# The test cases that ship with the example contracts, those that pin the numbers of
# every helper of the term library, and those of the benchmark's SLA contract.
contract-tests: $(BUILD)/oce
	@$(BUILD)/oce test contracts
	@$(BUILD)/oce test tests/terms

# The layering checker's own tests, on small fake trees of core/ that they build.
layers-tests:
	@CC="$(CC)" bash tests/lint/test-layers.sh

test: deps
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory contract-tests
	@$(MAKE) --no-print-directory layers-tests

# The benchmark harness: settlements in one process (time each, memory that must not grow)
# and one whole `oce settle` process measured by /usr/bin/time; then the SLA contract of the
# benchmark, in time and in instructions under callgrind (a settlement with the contract
# loaded, and a further contract loaded, each from the difference of two runs so that
# start-up cancels). March 2026 is its month in which every line is non-zero, with
# the fees-at-risk cap shared in proportion. Figures go in docs/performance.md.
BENCH_COUNT ?= 100000
BENCH_PORTFOLIO ?= 1000000
SLA          := contracts/portfolio-sla/templates/sla.lua
SLA_OUTCOMES := contracts/portfolio-sla/templates/sla-outcomes.csv
SLA_PARAMS   := --param contract_id=sla-bench --param fee=85000.00 --param baseline=120000.00
SLA_PERIOD   := 2026-03
SLA_COUNT    ?= 20000
$(BUILD)/bench_settle: tests/bench/bench_settle.c $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJ) $(LDLIBS_ALL)

bench: $(BUILD)/bench_settle $(BUILD)/oce
	@echo "== $(BENCH_COUNT) settlements of managed-wan 2026-12 in one process"
	@$(BUILD)/bench_settle contracts/managed-wan/contract.lua 2026-12 \
	  contracts/managed-wan/outcomes.csv $(BENCH_COUNT)
	@echo "== one oce settle process of 2026-12 on its 11 earlier months (/usr/bin/time -v)"
	@rm -f $(BUILD)/bench.db*; for m in 01 02 03 04 05 06 07 08 09 10 11; do \
	  $(BUILD)/oce settle contracts/managed-wan/contract.lua --period 2026-$$m \
	    --outcomes contracts/managed-wan/outcomes.csv --ledger $(BUILD)/bench.db \
	    --format csv >/dev/null 2>&1 || exit 1; done
	@/usr/bin/time -v $(BUILD)/oce settle contracts/managed-wan/contract.lua --period 2026-12 \
	  --outcomes contracts/managed-wan/outcomes.csv --ledger $(BUILD)/bench.db --dry-run \
	  --out $(BUILD)/bench-out 2>&1 >/dev/null | grep -E 'Elapsed|Maximum resident'
	@echo "== $(SLA_COUNT) settlements of the SLA template ($(SLA), fee 85000.00, baseline 120000.00) $(SLA_PERIOD) in one process"
	@$(BUILD)/bench_settle $(SLA_PARAMS) $(SLA) $(SLA_PERIOD) $(SLA_OUTCOMES) $(SLA_COUNT)
	@echo "== the SLA contract in instructions (valgrind --tool=callgrind; profiles in $(BUILD)/bench/)"
	@mkdir -p $(BUILD)/bench; i=tests/bench/instructions.sh; d=$(BUILD)/bench; \
	a=$$($$i $$d/settle-100.out $(BUILD)/bench_settle $(SLA_PARAMS) $(SLA) $(SLA_PERIOD) $(SLA_OUTCOMES) 100) && \
	b=$$($$i $$d/settle-300.out $(BUILD)/bench_settle $(SLA_PARAMS) $(SLA) $(SLA_PERIOD) $(SLA_OUTCOMES) 300) && \
	echo "per settlement, contract loaded   $$(( (b - a) / 200 )) instructions ((300 rounds $$b - 100 rounds $$a) / 200)" && \
	a=$$($$i $$d/load-10.out $(BUILD)/bench_settle $(SLA_PARAMS) --load 10 $(SLA)) && \
	b=$$($$i $$d/load-30.out $(BUILD)/bench_settle $(SLA_PARAMS) --load 30 $(SLA)) && \
	echo "per further contract loaded       $$(( (b - a) / 20 )) instructions ((30 loaded $$b - 10 loaded $$a) / 20)"
	@echo "== the period run of a synthetic portfolio of $(BENCH_PORTFOLIO) contracts of the SLA template, 2026-10 (tests/scale/portfolio.awk)"
	@d=$(BUILD)/bench/portfolio; mkdir -p $$d; \
	awk -v n=$(BENCH_PORTFOLIO) -v period=2026-10 -v portfolio=$$d/portfolio.csv \
	  -v outcomes=$$d/outcomes.csv -f tests/scale/portfolio.awk && \
	s0=$$(date +%s%N); /usr/bin/time -f '%M' -o $$d/rss $(BUILD)/oce run --portfolio $$d/portfolio.csv \
	  --templates contracts/portfolio-sla/templates --outcomes $$d/outcomes.csv --period 2026-10 \
	  --out $$d/out --quiet >/dev/null && s1=$$(date +%s%N) && \
	ms=$$(( (s1 - s0) / 1000000 )) && \
	echo "oce run (--jobs $$(nproc))           $$ms ms, $$(( $(BENCH_PORTFOLIO) * 1000 / (ms > 0 ? ms : 1) )) contract-periods/s, peak RSS of the largest process $$(cat $$d/rss) KiB" && \
	if command -v python3 >/dev/null; then \
	  p0=$$(date +%s%N); python3 tests/bench/sla-expected.py --portfolio $$d/portfolio.csv \
	    $$d/outcomes.csv 2026-10 | tail -n 1 >$$d/python.txt && p1=$$(date +%s%N) && \
	  pms=$$(( (p1 - p0) / 1000000 )) && \
	  echo "python3 decimal (one process)      $$pms ms, $$(( $(BENCH_PORTFOLIO) * 1000 / (pms > 0 ? pms : 1) )) contract-periods/s: oce takes $$(( ms * 100 / (pms > 0 ? pms : 1) )) % of its time" && \
	  echo "python3 totals: $$(cat $$d/python.txt)"; \
	  echo "oce totals:     net $$(sed -n 's/^[[:space:]]*"net":[[:space:]]*"\(.*\)",$$/\1/p' $$d/out/summary.json | head -n 1)"; \
	else echo "python3: not installed, no comparison"; fi

# The period run past one machine, for real: installs Slurm and munge from Debian when they
# are missing, starts a local Slurm in a scratch folder, runs a 4-task job array over a
# 10 000-contract portfolio (tests/scale/shard.sbatch), merges the shards' ledgers and
# compares them with one run of the whole (tests/scale/slurm.sh; docs/scale.md). Needs root.
scale-test: $(BUILD)/oce
	@if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then \
	  echo "oce: installing slurm-wlm and munge"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq slurm-wlm munge >/dev/null; \
	fi
	@OCE=$(BUILD)/oce bash tests/scale/slurm.sh

# Settles every bundled example contract for each period in its outcomes file, recording
# each settlement in the demo's own ledger, out/oce.db (made once, by oce ledger init); then
# runs December 2026 across the folder of examples, and the sample portfolio of the SLA
# template for 2026-Q4 (oce run, into out/run-*).
demo: $(BUILD)/oce
	@mkdir -p out; [ -e out/oce.db ] || $(BUILD)/oce ledger init out/oce.db
	@for dir in contracts/*/; do \
	  [ -f $$dir/contract.lua ] || continue; \
	  name=$$(basename $$dir); \
	  inc=""; [ -f $$dir/incidents.csv ] && inc="--incidents $$dir/incidents.csv"; \
	  for period in $$(tail -n +2 $$dir/outcomes.csv | cut -d, -f2 | sort -u); do \
	    $(BUILD)/oce settle $$dir/contract.lua --period $$period --ledger out/oce.db \
	      --outcomes $$dir/outcomes.csv $$inc --out out/$$name --format text || exit 1; \
	  done; \
	done; echo "oce: settlement files written under out/, recorded in the ledger out/oce.db"
	@$(BUILD)/oce run contracts --period 2026-12 --out out/run-2026-12 --quiet
	@$(BUILD)/oce run --portfolio contracts/portfolio-sla/portfolio.csv \
	  --templates contracts/portfolio-sla/templates --outcomes contracts/portfolio-sla/outcomes.csv \
	  --period 2026-Q4 --out out/run-portfolio-sla-2026-Q4 --quiet

C_FILES := $(wildcard core/*.c core/*.h tests/unit/*.c tests/unit/*.h tests/bench/*.c)

# The layering of core/ (docs/architecture.md) is part of lint: tests/lint/layers.sh.
lint: $(BUILD)/oce
	clang-format --dry-run --Werror $(C_FILES)
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability --std=c11 \
	  --suppress=missingIncludeSystem -Icore core
	@bash tests/lint/layers.sh core $(BUILD)

# The layers of core/ (the rules and the map of modules to layers are in the script). Not yet
# part of lint: headers below the Lua layer still include contract.h for the declaration.
layers: $(BUILD)/oce
	@bash tests/lint/layers.sh core $(BUILD)

format:
	clang-format -i $(C_FILES)

clean:
	rm -rf build out
