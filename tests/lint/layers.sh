#!/usr/bin/env bash
# layers.sh: checks that core/ keeps its layers (run by `make layers`).
#
#   tests/lint/layers.sh [CORE_DIR [BUILD_DIR]]     (defaults: core, build)
#
# Every module of core/ (a name.c, a name.h or both, in any folder under CORE_DIR) has one
# layer, given in LAYERS below. Dependencies point one way, down this list:
#
#   base      error, arena, digest, embed: what every other module uses
#   values    money, calendar, tz, spans, service: plain values and their arithmetic
#   domain    the settlement, its vocabulary and its rules, with no Lua and no file format
#   lua       the only modules that run Lua or see the Lua stack
#   formats   readers and writers of files and documents, with no Lua
#   storage   the ledger
#   usecases  what a command does (settle, test, verify), printing nothing
#   front     the command line: the only code that prints or picks an exit status
#
# lua and formats are siblings: both sit on domain, and neither includes the other's headers
# unless ALLOW below names the pair and says why. The rules, each reported as
#   FILE:LINE: RULE: what is wrong
#   unplaced  every module of CORE_DIR is in LAYERS, so a new module must be placed;
#   lua, cjson, sqlite, crypto
#             a library's header (HEADERS below) is included only by the layers or modules
#             named there: directly, or through a header of core/ that may include it (so a
#             Lua-layer header that includes <lua.h> cannot hand it to the front end);
#   layers    no file includes a header of a layer above its own, nor of its sibling;
#   prefix    every symbol an object of BUILD_DIR exports (nm -g --defined-only) begins with
#             its module's name and '_' (money_add in money.o), or is the name itself (a
#             command's one entry point, cli_settle in cli_settle.o), unless EXEMPT names it (the
#             indicator __odr_asan.NAME of an ASan build is judged as NAME). An
#             object is checked when its source is CORE_DIR/NAME.c or the generated
#             BUILD_DIR/NAME.c, so stale objects of removed modules are not; a source of core/
#             without its object is an error (build first). The line is the symbol's
#             definition, as the debug information gives it.
# Every violation is printed, grouped by rule; the exit status is 1 if there is any, 2 if
# the check could not run.
set -u

# module    layer
LAYERS='
error       base
arena       base
digest      base
embed       base
money       values
calendar    values
tz          values
spans       values
service     values
rows        domain
derive      domain
engine      domain
settlement  domain
decl        domain
history     domain
summary     domain
sandbox     lua
luaapi      lua
lread       lua
ldecl       lua
lctx        lua
contract    lua
cases       lua
table       formats
outcomes    formats
portfolio   formats
spill       formats
incidents   formats
doc         formats
writer      formats
ledger      storage
settle      usecases
tester      usecases
verify      usecases
run         usecases
workers     usecases
batch       usecases
cli         front
cli_cmd     front
cli_check   front
cli_settle  front
cli_run     front
cli_test    front
cli_verify  front
cli_finalize front
cli_ledger  front
main        front
'

# rule      header       who may include it: layers, or modules by name (the ledger writes
#                        its export as JSON: ledger_export --json, its one use of cJSON)
HEADERS='
lua         lua.h        lua
lua         lauxlib.h    lua
lua         lualib.h     lua
lua         luaconf.h    lua
cjson       cJSON.h      formats ledger
sqlite      sqlite3.h    storage
crypto      openssl/*    digest
'

# module    may include  because
# (lua and formats are siblings: a line here lets one include the other's header)
ALLOW='
'

# object         symbol            because
EXEMPT='
main             main              the entry point of the program, named by C
scripts_embed    embedded_scripts  the name embed.h declares for the generated table
'

core=${1:-core}
build=${2:-build}
if [ ! -d "$core" ]; then
    echo "layers.sh: no such folder: $core" >&2
    exit 2
fi
command -v nm >/dev/null || {
    echo "layers.sh: nm is not installed (binutils)" >&2
    exit 2
}

# The facts, one record a line, tab-separated, for the awk program below:
#   F path                        a file of core/
#   I path line target            an #include of path (target as written, without "" or <>)
#   S module symbol location      a symbol an object exports (location: file:line or object)
#   N module object               a source of core/ whose object is not built
facts() {
    local f m o src
    find "$core" -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort | while read -r f; do
        printf 'F\t%s\n' "$f"
        awk -v f="$f" '
            /^[ \t]*#[ \t]*include[ \t]*["<]/ {
                s = $0
                sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", s)
                sub(/[">].*$/, "", s)
                printf "I\t%s\t%d\t%s\n", f, FNR, s
            }' "$f"
    done
    for src in $(find "$core" -type f -name '*.c' | LC_ALL=C sort) "$build"/*.c; do
        [ -f "$src" ] || continue
        m=$(basename "$src" .c)
        o=$build/$m.o
        if [ ! -f "$o" ]; then
            case $src in "$core"/*) printf 'N\t%s\t%s\n' "$m" "$o" ;; esac
            continue
        fi
        nm -l -g --defined-only "$o" | awk -v m="$m" -v o="$o" -v pwd="$PWD/" '
            NF >= 3 {
                loc = NF >= 4 ? $4 : o
                if (index(loc, pwd) == 1)
                    loc = substr(loc, length(pwd) + 1)
                printf "S\t%s\t%s\t%s\n", m, $3, loc
            }'
    done
}

data() { # KIND TEXT: the text's lines that are not blank, as KIND and their fields
    printf '%s\n' "$2" | awk -v k="$1" 'NF { $1 = $1; print k "\t" $0 }'
}

{
    data L "$LAYERS"
    data H "$HEADERS"
    data A "$ALLOW"
    data X "$EXEMPT"
    facts
} | awk -F '\t' -v me="$0" -v q="'" '
function base(p) { sub(/^.*\//, "", p); return p }
function module(p) { p = base(p); sub(/\.[ch]$/, "", p); return p }
function say(rule, where, msg) { out[rule] = out[rule] where ": " rule ": " msg "\n"; count++ }
# Whether module m (of layer l) may include a header that who names (layers or modules).
function may(who, m, l,    n, i, w) {
    n = split(who, w, " ")
    for (i = 1; i <= n; i++)
        if (w[i] == m || w[i] == l)
            return 1
    return 0
}
# The index of the HEADERS line a target matches, or 0.
function library(t,    i, p) {
    for (i = 1; i <= nh; i++) {
        p = hpat[i]
        if (t == p || base(t) == p || (p ~ /\/\*$/ && index(t, substr(p, 1, length(p) - 1)) == 1))
            return i
    }
    return 0
}
# Where header h of core/ includes the library of HEADERS line i, itself or through the
# headers it includes, as "h:line" (empty if it does not); seen guards against cycles.
function reaches(h, i,    k, r) {
    if (h in seen)
        return ""
    seen[h] = 1
    for (k = 1; k <= ninc[h]; k++) {
        if (library(itarget[h, k]) == i) {
            if (may(hwho[i], module(h), layer[module(h)]))
                return path[h] ":" iline[h, k]
            continue             # not its to include: reported where h includes it
        }
        if ((base(itarget[h, k]) in path) && (r = reaches(base(itarget[h, k]), i)) != "")
            return r
    }
    return ""
}
BEGIN {
    split("base values domain lua formats storage usecases front", names, " ")
    split("0 1 2 3 3 4 5 6", ranks, " ")
    for (i in names)
        rank[names[i]] = ranks[i]
}
$1 == "L" {
    split($2, f, " ")
    if (!(f[2] in rank)) {
        printf "%s: LAYERS gives %s the unknown layer %s\n", me, f[1], f[2] > "/dev/stderr"
        bad = 1
    }
    layer[f[1]] = f[2]
}
$1 == "H" { n = split($2, f, " "); nh++; hrule[nh] = f[1]; hpat[nh] = f[2]
            hwho[nh] = ""; for (i = 3; i <= n; i++) hwho[nh] = hwho[nh] " " f[i] }
$1 == "A" { split($2, f, " "); allow[f[1], f[2]] = 1 }
$1 == "X" { split($2, f, " "); exempt[f[1], f[2]] = 1 }
$1 == "F" { nf++; file[nf] = $2; path[base($2)] = $2 }
$1 == "I" { b = base($2); k = ++ninc[b]; itarget[b, k] = $4; iline[b, k] = $3 }
$1 == "S" { s = $3
            sub(/^__odr_asan[.]/, "", s)    # the indicator ASan adds for a global s
            if (!(($2, s) in exempt) && index(s, $2 "_") != 1 && s != $2)
                say("prefix", $4, $2 ".o exports " $3 ", which lacks the prefix " $2 "_") }
$1 == "N" { say("prefix", $3, "not built, so its symbols cannot be checked: build first") }
END {
    if (bad)
        exit 2
    for (j = 1; j <= nf; j++) {
        p = file[j]; b = base(p); m = module(p)
        if (!(m in layer)) {
            say("unplaced", p ":1", "module " m " is not in the LAYERS map of " me)
            continue
        }
        l = layer[m]
        for (k = 1; k <= ninc[b]; k++) {
            t = itarget[b, k]; at = p ":" iline[b, k]
            if ((i = library(t)) != 0) {
                if (!may(hwho[i], m, l))
                    say(hrule[i], at, m " (" l ") includes <" t ">, which only" hwho[i] " may include")
                continue
            }
            if (!(base(t) in path))
                continue                 # a system header
            tm = module(t)
            if (!(tm in layer) || tm == m || ((m, tm) in allow))
                continue                 # an unplaced header is reported as such
            tl = layer[tm]
            if (rank[tl] > rank[l])
                say("layers", at, m " (" l ") includes " t " (" tl "), a layer above its own")
            else if (rank[tl] == rank[l] && tl != l)
                say("layers", at, m " (" l ") includes " t " (" tl "): " l " and " tl \
                     " are siblings, and neither includes the other" q "s headers")
            else {
                # A header it may include must not bring it a library it may not.
                for (i = 1; i <= nh; i++) {
                    if (may(hwho[i], m, l))
                        continue
                    delete seen
                    if ((r = reaches(base(t), i)) != "")
                        say(hrule[i], at, m " (" l ") includes " t ", which brings it <" \
                            hpat[i] "> (" r "), which only" hwho[i] " may include")
                }
            }
        }
    }
    split("unplaced lua cjson sqlite crypto layers prefix", order, " ")
    for (i = 1; i <= 7; i++) {
        printf "%s", out[order[i]]
        delete out[order[i]]
    }
    for (r in out)
        printf "%s", out[r]
    if (count) {
        printf "%s: %d violation%s of the layers of core/\n", me, count, count == 1 ? "" : "s"
        exit 1
    }
}'
