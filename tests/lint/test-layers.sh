#!/usr/bin/env bash
# Tests of tests/lint/layers.sh on tiny fake core/ trees written here, built with $CC into
# their own build/ (empty stand-ins for <lua.h> and <cJSON.h>, so no library is needed): a
# clean tree passes, and a tree with one violation of each rule has each reported with its
# file, line and rule, and nothing else. Prints "N passed, N failed"; exits non-zero on any
# failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
checker=$here/layers.sh
CC=${CC:-cc}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); printf 'FAIL %s\n' "$1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; }

# put FILE LINES...: writes the lines to $tree/FILE; a header's first line is #pragma once.
put() {
    local f=$tree/$1
    shift
    mkdir -p "$(dirname "$f")"
    case $f in *.h) set -- '#pragma once' "$@" ;; esac
    printf '%s\n' "$@" >"$f"
}

# build [CFLAGS...]: compiles every core/*.c of $tree but those named in $unbuilt into
# $tree/build.
build() {
    local c m
    mkdir -p "$tree/build" "$tree/inc"
    : >"$tree/inc/lua.h"
    : >"$tree/inc/cJSON.h"
    for c in "$tree"/core/*.c "$tree"/build/*.c; do
        m=$(basename "$c" .c)
        case " ${unbuilt:-} " in *" $m "*) continue ;; esac
        (cd "$tree" && $CC -g "$@" -c -Icore -Iinc -o "build/$m.o" "${c#"$tree"/}") 2>"$TMP/cc" ||
            bad "build $m" "the fake module does not compile: $(head -n 5 "$TMP/cc")"
    done
}

# check NAME WANT_STATUS [CHECKER]: runs the checker on $tree, output in $TMP/out.
check() {
    (cd "$tree" && bash "${3:-$checker}" core build) >"$TMP/out" 2>&1
    local got=$?
    if [ "$got" != "$2" ]; then
        bad "$1" "exit status $got, expected $2; output:"$'\n'"$(cat "$TMP/out")"
        return 1
    fi
    ok
}

# reported NAME TEXT: the checker's output has a line beginning with TEXT.
reported() {
    if awk -v t="$2" 'index($0, t) == 1 { found = 1 } END { exit !found }' "$TMP/out"; then
        ok
    else
        bad "$1" "no line beginning: $2"$'\n'"got:"$'\n'"$(cat "$TMP/out")"
    fi
}

# A clean tree: a module of each kind of layer, each including only what it may; lua.h in the
# Lua layer, exposed by a Lua header to another Lua module; cJSON.h in the formats layer;
# exports with their prefix or the module's name itself (engine), main and the generated
# table exempt.
clean_tree() {
    tree=$TMP/$1
    rm -rf "$tree"
    put core/error.h '#include <stddef.h>' 'int error_set(void);'
    put core/error.c '#include "error.h"' 'static int helper(void) { return 1; }' \
        'int error_set(void) { return helper(); }'
    put core/money.h '#include "error.h"' 'int money_add(int a, int b);'
    put core/money.c '#include "money.h"' 'int money_add(int a, int b) { return a + b; }' \
        'const int money_places_max = 9;'
    put core/settlement.h '#include "money.h"' 'typedef struct Settlement { int net; } Settlement;'
    put core/luaapi.h '#include <lua.h>' '#include "money.h"' 'int luaapi_register(void);'
    put core/luaapi.c '#include "luaapi.h"' 'int luaapi_register(void) { return 0; }'
    put core/contract.h '#include "settlement.h"' 'int contract_load(void);'
    put core/contract.c '#include "contract.h"' '#include "luaapi.h"' \
        'int contract_load(void) { return luaapi_register(); }'
    put core/doc.h '#include "settlement.h"' 'int doc_write(const Settlement *s);'
    put core/doc.c '#include "doc.h"' '#include <cJSON.h>' \
        'int doc_write(const Settlement *s) { return s->net; }'
    put core/engine.h '#include "settlement.h"' 'int engine_settle(Settlement *s);'
    put core/engine.c '#include "engine.h"' 'int engine_settle(Settlement *s) { return s->net = 0; }' \
        'int engine(void) { return 0; }'
    put core/cli.h 'int cli_main(void);'
    put core/cli.c '#include "cli.h"' '#include "contract.h"' '#include "doc.h"' \
        '#include "engine.h"' 'int cli_main(void) { return contract_load(); }'
    put core/main.c '#include "cli.h"' 'int main(void) { return cli_main(); }'
    put core/embed.h 'typedef struct EmbeddedScript { const char *name; } EmbeddedScript;'
    put build/scripts_embed.c '#include "embed.h"' 'const EmbeddedScript embedded_scripts[] = {{0}};'
}

clean_tree clean
build
if check "a clean tree passes" 0; then
    if [ -s "$TMP/out" ]; then bad "a clean tree prints nothing" "$(cat "$TMP/out")"; else ok; fi
fi

# The same, built with AddressSanitizer: its indicators of globals, __odr_asan.NAME, are NAME's.
clean_tree asan
build -fsanitize=address
nm -g --defined-only "$tree/build/money.o" | grep -q ' __odr_asan.money_places_max$' ||
    bad "ASan indicators" "money.o has no __odr_asan.money_places_max: nothing is tested"
check "a clean tree built with ASan passes" 0

# The same tree with one violation of each rule, on a known line. The tester has no object.
clean_tree broken
put core/bogus.c '#include "error.h"' 'int bogus_x(void) { return 0; }'
put core/engine.c '#include "engine.h"' '#include <lua.h>' \
    'int engine_settle(Settlement *s) { return s->net = 0; }'
put core/verify.c '#include "error.h"' '#include "luaapi.h"' 'int verify_document(void) { return 0; }'
put core/rows.c '#include "error.h"' '#include <stddef.h>' '#include <cJSON.h>' \
    'int rows_count(void) { return 0; }'
put core/money.h '#include "error.h"' '#include "settlement.h"' 'int money_add(int a, int b);'
put core/doc.h '#include "settlement.h"' '#include "contract.h"' 'int doc_write(const Settlement *s);'
put core/money.c '#include "money.h"' 'int money_add(int a, int b) { return a + b; }' '' \
    'int helper(void) { return 0; }'
put core/tester.c 'int tester_run(void) { return 0; }'
unbuilt=tester
build
unbuilt=
check "a tree with violations fails" 1
reported "an unplaced module" "core/bogus.c:1: unplaced: module bogus is not in the LAYERS map"
reported "lua.h outside the Lua layer" "core/engine.c:2: lua: engine (domain) includes <lua.h>"
reported "lua.h through a Lua header" \
    "core/verify.c:2: lua: verify (usecases) includes luaapi.h, which brings it <lua.h> (core/luaapi.h:2)"
reported "cJSON.h outside the formats layer" "core/rows.c:3: cjson: rows (domain) includes <cJSON.h>"
reported "a header of a layer above" \
    "core/money.h:3: layers: money (values) includes settlement.h (domain), a layer above its own"
reported "a header of the sibling layer" \
    "core/doc.h:3: layers: doc (formats) includes contract.h (lua): formats and lua are siblings"
reported "an export without its prefix" \
    "core/money.c:4: prefix: money.o exports helper, which lacks the prefix money_"
reported "a source without its object" "build/tester.o: prefix: not built"
reported "the count" "$checker: 8 violations of the layers of core/"
n=$(grep -c ': \(unplaced\|lua\|cjson\|layers\|prefix\): ' "$TMP/out")
if [ "$n" = 8 ]; then ok; else bad "eight violations, no more" "$n:"$'\n'"$(cat "$TMP/out")"; fi
# Grouped by rule, in the order of the comment at the top of layers.sh.
rules=$(sed -n 's/^[^ ]*: \([a-z]*\): .*/\1/p' "$TMP/out" | uniq | tr '\n' ' ')
if [ "$rules" = "unplaced lua cjson layers prefix " ]; then ok; else bad "grouped by rule" "$rules"; fi

# A sibling's header is allowed when ALLOW names the pair; the map's reason is free text.
clean_tree allowed
put core/doc.h '#include "settlement.h"' '#include "contract.h"' 'int doc_write(const Settlement *s);'
build
sed 's/^ALLOW=.$/&\ndoc contract because of a reason/' "$checker" >"$TMP/allowing.sh"
grep -q '^doc contract because' "$TMP/allowing.sh" || bad "ALLOW edited" "sed did not add the line"
check "the sibling include fails without ALLOW" 1
reported "the sibling include" "core/doc.h:3: layers: doc (formats) includes contract.h (lua)"
check "the sibling include passes with ALLOW" 0 "$TMP/allowing.sh"

# A map naming an unknown layer cannot be checked with.
sed 's/^cli         front$/cli frontend/' "$checker" >"$TMP/unknown.sh"
check "an unknown layer in the map" 2 "$TMP/unknown.sh"
reported "the unknown layer named" "$TMP/unknown.sh: LAYERS gives cli the unknown layer frontend"

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" = 0 ]
