/*
 * sandbox: a Lua 5.4 state fit to run term scripts written by people, with money at stake.
 *
 * It owns the lua_State, a limiting allocator, an instruction-count hook, a deadline and a
 * watchdog, and the read-only table of builtins (a hand-picked safe subset of the standard
 * libraries plus what other modules register). Every call from C into Lua goes through
 * sandbox_pcall, whose message handler is C and reads the hostile error object carefully.
 * Limits are sticky: once tripped, every instruction and every allocation fails until the
 * next sandbox_begin, so a script's pcall cannot swallow them. Only this module, the Lua API
 * and contract loading include <lua.h>. A Sandbox is owned by its creator and released with
 * sandbox_free.
 */
#ifndef OCE_SANDBOX_H
#define OCE_SANDBOX_H

#include <stddef.h>

#include "error.h"

typedef struct lua_State lua_State;

/* The limits of one settlement. Instructions and time are one budget for everything the
 * settlement runs in the sandbox: the runs of the script's top-level code and every term
 * (see sandbox_begin); time is the time spent inside protected calls, so the host's
 * own work between them (reading outcomes and the ledger) does not count. Memory bounds the
 * process: the state's blocks are counted as malloc takes them, against the limit less the
 * memory the process holds when the sandbox is made, and the process's resident memory is
 * kept within the limit while a script runs. */
typedef struct SandboxLimits {
    long long max_instructions; /* per settlement; 0 means the default */
    size_t max_memory;          /* bytes for the process; 0 means the default */
    long long timeout_ms;       /* time in scripts per settlement; 0 means the default */
    int state_memory_only;      /* 1: max_memory bounds the Lua state alone (tests) */
} SandboxLimits;

/* Defaults, generous for any real contract: a settlement of the bundled examples runs under
 * ten thousand instructions in a few milliseconds, with a Lua state under 1 MiB in a process
 * of about 5 MiB. */
#define SANDBOX_DEFAULT_INSTRUCTIONS 50000000LL
#define SANDBOX_DEFAULT_MEMORY (64u << 20)
#define SANDBOX_DEFAULT_TIMEOUT_MS 5000LL

typedef struct SandboxUsage {
    long long instructions; /* counted in steps of a thousand */
    long long time_ns;      /* inside protected calls */
} SandboxUsage;

typedef struct Sandbox Sandbox;

/* Creates the state with the hook and allocator installed before anything is loaded, and
 * the safe builtins in place. */
Sandbox *sandbox_new(const SandboxLimits *limits, OceError *err);
void sandbox_free(Sandbox *s);
lua_State *sandbox_state(Sandbox *s);

/* Loads and runs an embedded library script whose returned table's fields become builtins.
 * The chunk gets one argument, a next() in the table's own order for uses the order cannot
 * show (scripts get only pairs, in sorted order). */
int sandbox_add_library(Sandbox *s, const char *name, const char *text, size_t len, OceError *err);
/* Pops the value on top of the stack into the builtins under name. */
void sandbox_set_builtin(Sandbox *s, const char *name);

/* Compiles text (never binary) as a chunk named after file; pushes the function. */
int sandbox_load(Sandbox *s, const char *file, const char *text, size_t len, OceError *err);
/* Pushes a fresh environment table for one run of a contract chunk: reads fall through to
 * the builtins, reading an unknown name or assigning any global is an error. */
void sandbox_push_env(Sandbox *s);

/* Starts a fresh budget of instructions and time for one settlement, with spent (NULL:
 * nothing) already spent: the runs of a script's top-level code that loading it took belong
 * to each of its settlements. Clears a tripped limit. */
void sandbox_begin(Sandbox *s, const SandboxUsage *spent);
/* What the budget has spent since sandbox_begin. */
SandboxUsage sandbox_usage(const Sandbox *s);
/* The file the watchdog's message names: the script whose code runs next. sandbox_load sets
 * it too. */
void sandbox_set_file(Sandbox *s, const char *file);
/* Pops the value on top of the stack into the registry, *ref its reference (0; -1 with err
 * filled when out of memory). */
int sandbox_ref(Sandbox *s, int *ref, OceError *err);
/* A full collection: what scripts left unreachable is freed, and the pages malloc holds
 * free given back, so that they do not count as the host's resident memory. */
void sandbox_collect(Sandbox *s);
/* The same, only when the state has grown by more than a few MiB since the last: a run of
 * many small contracts leaves its garbage to the incremental collector, and one that used
 * much hands none of it on to the next. */
void sandbox_tidy(Sandbox *s);
/* Calls the function below nargs arguments on the stack, like lua_pcall. On failure fills err
 * (the contract file and line where the error arose, the term, and a capped, escaped
 * message; limits reported as such) and leaves nothing on the stack. */
int sandbox_pcall(Sandbox *s, int nargs, int nresults, const char *term, OceError *err);

/* The line the watchdog's message names if it has to end the process during the next
 * protected call (it cannot read the stack of a VM instruction that is running): the
 * declaration of the term about to run. sandbox_pcall forgets it when it returns. */
void sandbox_watch_line(Sandbox *s, int line);

/* The watchdog, for a process that runs one script at a time (the command line, or one
 * worker of a batch). Until it is enabled a protected call that runs past its deadline
 * inside one VM instruction (a table rehash of colliding keys can take seconds in C, where
 * the count hook never runs) runs on. Once enabled, a protected call still running
 * WATCHDOG_GRACE_MS (250 ms) after its deadline ends the process: it writes
 * "<prefix>file:line: term "x": time limit exceeded" and a newline to stderr with write(2)
 * and calls _exit(status), so nothing buffered is flushed and no atexit handler runs. A
 * supervisor of worker processes reads such an end from the status and that last line.
 * It uses SIGALRM and a POSIX timer, which a forked child does not inherit: the child
 * enables it again. Returns -1 with err filled if the timer cannot be made. */
int sandbox_watchdog_enable(const char *prefix, int status, OceError *err);

/* What a contract's script made when it loaded is shared by every settlement after it, so it
 * is fixed: sandbox_fix makes the value at idx fixed, with every table and function reachable
 * from it (through fields, keys and upvalues, but not the term library, which is fixed when
 * it is added). A fixed table reads as before, through a metatable, and refuses every write
 * with an error naming the key; pairs, rawget, rawlen, table.concat and table.unpack read its
 * contents. The upvalues of the script's functions cannot be fixed: sandbox_fix records
 * their values in the list *restore (a registry ref, made when LUA_NOREF), and
 * sandbox_restore puts them back, so that a settlement starts with them as the contract
 * loaded them. A table with a metatable of the script's own is refused. */
int sandbox_fix(Sandbox *s, int idx, int *restore, OceError *err);
void sandbox_restore(Sandbox *s, int restore);
void sandbox_unref(Sandbox *s, int ref);
/* Replaces the table on top of the stack, which the host made and whose values it fixed
 * itself, with a fixed table of those contents, without walking them. The contents keep
 * their own metatable (an __index that refuses unknown names, say). Call it inside a
 * protected call: it allocates. */
void sandbox_fixed_from(lua_State *L);
/* The same, for a template's parameters: a write is refused as a write to them. */
void sandbox_fixed_params(lua_State *L);
/* Whether the value at idx is a fixed table; and pushes its contents, or the value itself
 * when it is not one, for C that reads tables raw. */
int sandbox_is_fixed(lua_State *L, int idx);
void sandbox_push_contents(lua_State *L, int idx);

/* Counts work that C does for a script where the count hook cannot run (sorting, reading a
 * term's results), as that many instructions; raises, from inside a protected call, when a
 * limit is reached. */
void sandbox_charge(lua_State *L, long long work);

/* What each sandbox keeps for the Lua API, found from any thread of its state without a
 * registry lookup: the address of the money metatable (so that telling a money value is one
 * comparison), the registry ref of that table (so that making one reads the registry's array
 * part, not its hash), and a function that pushes the text tostring gives of the money value
 * at idx, which the safe tostring and string.format call directly rather than through
 * __tostring. NULL, LUA_NOREF and NULL until the Lua API sets them. */
typedef struct SandboxMoneyTag {
    const void *metatable;
    int ref;
    void (*push_text)(lua_State *L, int idx);
} SandboxMoneyTag;
SandboxMoneyTag *sandbox_money_tag(lua_State *L);

/* Statistics of the current budget, for tests and progress. */
long long sandbox_instructions(const Sandbox *s);
size_t sandbox_memory(const Sandbox *s);

#endif
