/*
 * Unit tests of the sandbox: hostile term scripts, at least one for every point of
 * SANDBOX.md, run the way contract.c runs a term (a text chunk named after its file, a fresh
 * environment per run, a fresh budget, one protected call with a term name). Each case is a
 * real script with what the sandbox must answer: a result, or an error compared by code,
 * file, line and message.
 */
#include "testlua.h"

#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N(a) (sizeof(a) / sizeof *(a))

/* Limits small enough that every hostile script here trips one within milliseconds, and
 * large enough for the ordinary scripts. */
#define SMALL_INSTRUCTIONS 2000000LL
#define SMALL_MEMORY ((size_t)4 << 20)
#define SMALL_TIMEOUT_MS 2000LL
/* For the deadline: an instruction budget no script here can use up. */
#define HUGE_INSTRUCTIONS 1000000000000LL
/* Seconds within which any limited script must have been stopped: the largest timeout used
 * here, and slack for a loaded machine and the sanitizers. */
#define STOP_WITHIN 3.0

/* err.line of a case whose location is not determined (memory errors: Lua raises them
 * without calling the message handler). */
#define ANY_LINE (-1)

static Sandbox *small_sandbox(void)
{
    return sandbox_with(SMALL_INSTRUCTIONS, SMALL_MEMORY, SMALL_TIMEOUT_MS);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Runs text as term "fee" with no arguments: run_chunk's one result, or -1 and err. */
static int run(Sandbox *s, const char *text, OceError *err)
{
    return run_chunk(s, text, 0, err);
}

/* Whether the script succeeds and returns what expected describes; prints the mismatch if
 * not, so that a table of cases reports every failing case before the test fails. */
static int result_matches(Sandbox *s, const char *script, const char *expected)
{
    OceError err;
    if (run(s, script, &err) != 0) {
        print_error("script failed: \"%s\" line %d: %s\n%s\n\n", err.file, err.line, err.message,
                    script);
        return 0;
    }
    lua_State *L = sandbox_state(s);
    char got[512];
    describe(L, -1, got, sizeof got);
    lua_pop(L, 1);
    if (strcmp(got, expected) == 0)
        return 1;
    print_error("script returned \"%s\", expected \"%s\":\n%s\n\n", got, expected, script);
    return 0;
}

/* Whether err is the expected failure of term "fee" in t.lua; line ANY_LINE leaves file and
 * line unchecked. Prints the mismatch if not. */
static int error_matches(const char *script, const OceError *err, OceCode code, int line,
                         const char *message)
{
    if (err->code == code && strcmp(err->term, TERM) == 0 &&
        (line == ANY_LINE || (err->line == line && strcmp(err->file, FILE_NAME) == 0)) &&
        strcmp(err->message, message) == 0)
        return 1;
    print_error("script:\n%s\ngot:  code %d, \"%s\" line %d, term \"%s\": \"%s\"\n"
                "want: code %d, \"%s\" line %d, term \"%s\": \"%s\"\n\n",
                script, (int)err->code, err->file, err->line, err->term, err->message, (int)code,
                FILE_NAME, line, TERM, message);
    return 0;
}

/* Whether the script fails with this error; prints the mismatch if not. */
static int failure_matches(Sandbox *s, const char *script, OceCode code, int line,
                           const char *message)
{
    OceError err;
    if (run(s, script, &err) == 0) {
        char got[512];
        describe(sandbox_state(s), -1, got, sizeof got);
        lua_pop(sandbox_state(s), 1);
        print_error("script returned \"%s\", expected the error \"%s\":\n%s\n\n", got, message,
                    script);
        return 0;
    }
    return error_matches(script, &err, code, line, message);
}

static void assert_result(Sandbox *s, const char *script, const char *expected)
{
    if (!result_matches(s, script, expected))
        fail();
}

typedef struct ResultCase {
    const char *script, *expected;
} ResultCase;

typedef struct ErrorCase {
    const char *script;
    int line;
    const char *message;
} ErrorCase;

static void run_result_cases(const ResultCase *cases, size_t n)
{
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !result_matches(s, cases[i].script, cases[i].expected);
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, n);
}

static void run_error_cases(const ErrorCase *cases, size_t n)
{
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        bad += !failure_matches(s, cases[i].script, OCE_ESCRIPT, cases[i].line, cases[i].message);
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, n);
}

/* ---- limits (SANDBOX.md 5, 6, 7) ---- */

#define LOOP_IN_PCALL_IN_LOOP                                                                      \
    "while true do\n"                                                                              \
    "  pcall(function() while true do end end)\n"                                                  \
    "end\n"

#define FILL_MEMORY                                                                                \
    "local t = {}\n"                                                                               \
    "local i = 0\n"                                                                                \
    "while true do i = i + 1; t[i] = {i} end\n"

#define DOUBLE_A_STRING                                                                            \
    "local s = 'x'\n"                                                                              \
    "while true do s = s .. s end\n"

#define BOMB_IN_PCALL_IN_LOOP                                                                      \
    "local function bomb() local t = {} for i = 1, 1e9 do t[i] = i end end\n"                      \
    "while true do pcall(bomb) end\n"

/* A runaway script stops at its limit, with the limit named, even when it catches the error
 * with pcall and carries on (the limit stays tripped), and within a bounded time. */
static void test_runaway_scripts_stop_at_their_limit(void **state)
{
    (void)state;
    static const struct {
        long long instructions, timeout_ms;
        const char *script;
        int line;
        const char *message;
    } cases[] = {
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, "while true do end", 1,
         "instruction limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, "local n = 0\nrepeat n = n + 1 until false", 2,
         "instruction limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS,
         "local function f(n) return f(n + 1) end\nreturn f(1)", 1, "instruction limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, LOOP_IN_PCALL_IN_LOOP, 2,
         "instruction limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS,
         "local ok = pcall(function() while true do end end)\nreturn 'swallowed'", 2,
         "instruction limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS,
         "while true do\n  pcall(pcall, pcall, function() while true do end end)\nend", 2,
         "instruction limit exceeded"},
        {HUGE_INSTRUCTIONS, 50, "while true do end", 1, "time limit exceeded"},
        {HUGE_INSTRUCTIONS, 50, LOOP_IN_PCALL_IN_LOOP, 2, "time limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, FILL_MEMORY, ANY_LINE, "memory limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, DOUBLE_A_STRING, ANY_LINE, "memory limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS, BOMB_IN_PCALL_IN_LOOP, ANY_LINE,
         "memory limit exceeded"},
        {SMALL_INSTRUCTIONS, SMALL_TIMEOUT_MS,
         "local ok, e = pcall(function()\n" DOUBLE_A_STRING "end)\nreturn e", ANY_LINE,
         "memory limit exceeded"},
        {HUGE_INSTRUCTIONS, SMALL_TIMEOUT_MS, BOMB_IN_PCALL_IN_LOOP, ANY_LINE,
         "memory limit exceeded"},
    };
    size_t bad = 0;
    for (size_t i = 0; i < N(cases); i++) {
        Sandbox *s = sandbox_with(cases[i].instructions, SMALL_MEMORY, cases[i].timeout_ms);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        bad += !failure_matches(s, cases[i].script, OCE_ELIMIT, cases[i].line, cases[i].message);
        double took = seconds_since(&t0);
        if (took > STOP_WITHIN) {
            print_error("stopped only after %.1f s:\n%s\n\n", took, cases[i].script);
            bad++;
        }
        release(s);
    }
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, N(cases));
}

/* After any limit trips, sandbox_begin gives a whole new budget: the next ordinary script
 * on the same sandbox runs to the end, and the counters start again from zero. */
static void test_budget_renews_after_a_trip(void **state)
{
    (void)state;
    static const char *const bombs[] = {
        "while true do end", LOOP_IN_PCALL_IN_LOOP, FILL_MEMORY,
        DOUBLE_A_STRING,     BOMB_IN_PCALL_IN_LOOP,
    };
    static const char ordinary[] = "local t = {}\n"
                                   "for i = 1, 1000 do t[i] = {i, tostring(i)} end\n"
                                   "return #t";
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(bombs); i++) {
        OceError err;
        assert_int_equal(run(s, bombs[i], &err), -1);
        assert_int_equal(err.code, OCE_ELIMIT);
        sandbox_begin(s, NULL);
        assert_int_equal(sandbox_instructions(s), 0);
        if (!result_matches(s, ordinary, "1000") || !result_matches(s, ordinary, "1000")) {
            print_error("(after the trip of\n%s)\n\n", bombs[i]);
            bad++;
        }
        assert_true(sandbox_memory(s) > 0);
        assert_true(sandbox_memory(s) <= SMALL_MEMORY);
    }
    release(s);
    if (bad)
        fail_msg("%zu of %zu trips left the sandbox unusable", bad, N(bombs));
}

/* The deadline holds with an endless instruction budget (a deadline of 50 ms stops the loop
 * long before a second has passed). */
static void test_deadline_stops_an_endless_loop_quickly(void **state)
{
    (void)state;
    Sandbox *s = sandbox_with(HUGE_INSTRUCTIONS, SMALL_MEMORY, 50);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    static const char script[] = "local x = 0\nwhile true do x = x + 1 end";
    OceError err;
    assert_int_equal(run(s, script, &err), -1);
    double took = seconds_since(&t0);
    assert_true(error_matches(script, &err, OCE_ELIMIT, 2, "time limit exceeded"));
    assert_true(took >= 0.04);
    assert_true(took < 1.0);
    release(s);
}

/* Runs text in a fresh environment within the current budget (no sandbox_begin), as the
 * several runs of one settlement do. */
static int run_in_budget(Sandbox *s, const char *text, OceError *err)
{
    lua_State *L = sandbox_state(s);
    error_init(err);
    if (sandbox_load(s, FILE_NAME, text, strlen(text), err) != 0)
        return -1;
    sandbox_push_env(s);
    lua_setupvalue(L, -2, 1);
    return sandbox_pcall(s, 0, 0, TERM, err);
}

/* The time budget is the time spent in the script: the host's own work between two
 * protected calls of one budget (here a sleep three times the timeout) does not count. */
static void test_time_between_protected_calls_is_not_spent(void **state)
{
    (void)state;
    Sandbox *s = sandbox_with(SMALL_INSTRUCTIONS, SMALL_MEMORY, 100);
    OceError err;
    sandbox_begin(s, NULL);
    assert_int_equal(run_in_budget(s, "local n = 0 for i = 1, 1000 do n = n + i end", &err), 0);
    struct timespec pause = {0, 300 * 1000000L};
    nanosleep(&pause, NULL);
    if (run_in_budget(s, "local n = 0 for i = 1, 1000 do n = n + i end", &err) != 0)
        fail_msg("the second run failed: %s", err.message);
    assert_true(sandbox_usage(s).time_ns < 100 * 1000000LL);
    release(s);
}

/* What sandbox_begin is given as spent starts the budget: runs that each fit the budget
 * alone do not fit it together, and the budget starts from what was spent, not from zero. */
static void test_kept_usage_starts_every_budget(void **state)
{
    (void)state;
    static const char busy[] = "local n = 0\nfor i = 1, 600000 do n = n + i end";
    Sandbox *s = small_sandbox();
    OceError err;
    sandbox_begin(s, NULL);
    assert_int_equal(run_in_budget(s, busy, &err), 0);
    SandboxUsage once = sandbox_usage(s);
    assert_true(once.instructions > SMALL_INSTRUCTIONS / 2);
    assert_true(once.instructions < SMALL_INSTRUCTIONS);
    assert_true(once.time_ns > 0);
    for (int round = 0; round < 2; round++) {
        sandbox_begin(s, &once);
        assert_int_equal(sandbox_usage(s).instructions, once.instructions);
        assert_int_equal(sandbox_usage(s).time_ns, once.time_ns);
        assert_int_equal(run_in_budget(s, busy, &err), -1);
        assert_int_equal(err.code, OCE_ELIMIT);
        assert_string_equal(err.message, "instruction limit exceeded");
        assert_int_equal(err.line, 2);
    }
    sandbox_begin(s, NULL);
    assert_int_equal(run_in_budget(s, busy, &err), 0);
    release(s);
}

/* Colliding integer keys: the rehash of the table is one VM instruction that runs for
 * seconds in C, where the count hook never runs. */
#define COLLIDING_KEYS                                                                             \
    "local M, t = 131071, {}\n"                                                                    \
    "for i = 1, 131000 do t[i * M] = true end\n"

/* The watchdog ends a process whose protected call runs past its deadline inside one VM
 * instruction: 250 ms after that call's deadline, with the exit status it was given and the
 * time-limit error on stderr, naming the file, the line it was told and the term. Here a
 * short call of the same budget comes first and the host pauses 200 ms (time the budget does
 * not count): the timer set for the first call fires during the second, at 550 ms, and must
 * not end it before 750 ms. It runs in a child process, which it ends. */
static void test_watchdog_ends_a_runaway_instruction(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDERR_FILENO);
        OceError err;
        error_init(&err);
        if (sandbox_watchdog_enable("test: ", 42, &err) != 0)
            _exit(3);
        Sandbox *s = sandbox_with(HUGE_INSTRUCTIONS, (size_t)64 << 20, 300);
        sandbox_begin(s, NULL);
        if (run_in_budget(s, "local n = 0 for i = 1, 1000 do n = n + i end", &err) != 0)
            _exit(5);
        struct timespec pause = {0, 200 * 1000000L};
        nanosleep(&pause, NULL);
        sandbox_watch_line(s, 7);
        run_in_budget(s, COLLIDING_KEYS, &err);
        _exit(4); /* the script came back: the watchdog did not end it */
    }
    close(fds[1]);
    char msg[512];
    size_t n = 0;
    ssize_t got;
    while (n < sizeof msg - 1 && (got = read(fds[0], msg + n, sizeof msg - 1 - n)) > 0)
        n += (size_t)got;
    msg[n] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    double took = seconds_since(&t0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
    assert_string_equal(msg, "test: t.lua:7: term \"fee\": time limit exceeded\n");
    if (took < 0.7 || took > 1.5)
        fail_msg("the watchdog ended the script after %.2f s, not 0.75 s", took);
}

/* A protected call that returns in time disarms the watchdog: the host's pauses after it,
 * each twice the timeout, do not end the process. */
static void test_watchdog_leaves_calls_that_end_in_time(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        OceError err;
        error_init(&err);
        if (sandbox_watchdog_enable("test: ", 42, &err) != 0)
            _exit(3);
        Sandbox *s = sandbox_with(SMALL_INSTRUCTIONS, SMALL_MEMORY, 100);
        for (int i = 0; i < 3; i++) {
            if (run(s, "local n = 0 for i = 1, 1000 do n = n + i end return n", &err) != 0)
                _exit(4);
            struct timespec pause = {0, 200 * 1000000L};
            nanosleep(&pause, NULL);
        }
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* Deep recursion, in Lua or through metamethods and C, ends in an error rather than a crash:
 * the Lua stack is memory like any other, and the C stack has Lua's own guard. */
static void test_deep_recursion_ends_in_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *script;
        OceCode code;
        int line;
        const char *message;
    } cases[] = {
        {"local function f() return 1 + f() end\nreturn f()", OCE_ELIMIT, ANY_LINE,
         "memory limit exceeded"},
        {"local t = setmetatable({}, {__index = function(t, k) return t[k] end})\nreturn t.x",
         OCE_ESCRIPT, 1, "C stack overflow"},
        {"local t = {}\n"
         "setmetatable(t, {__tostring = function(x) return string.format('%s', x) end})\n"
         "return tostring(t)",
         OCE_ESCRIPT, 2, "C stack overflow"},
        {"local function f() local ok, e = pcall(f) error(e, 0) end\nf()", OCE_ESCRIPT, 1,
         "C stack overflow"},
    };
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(cases); i++)
        bad += !failure_matches(s, cases[i].script, cases[i].code, cases[i].line, cases[i].message);
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, N(cases));
}

/* A memory error reports no file or line left over from an earlier error: Lua raises
 * out-of-memory without calling the message handler, so nothing of this run sets them. */
static void test_memory_error_has_no_stale_location(void **state)
{
    (void)state;
    Sandbox *s = small_sandbox();
    OceError err;
    assert_int_equal(run(s, "local a = 1\nlocal b\nreturn a + b", &err), -1);
    assert_int_equal(err.line, 3);
    assert_int_equal(run(s, DOUBLE_A_STRING, &err), -1); /* the bomb is on line 2 */
    assert_int_equal(err.code, OCE_ELIMIT);
    assert_string_equal(err.message, "memory limit exceeded");
    if (!(err.line == 0 && err.file[0] == '\0') &&
        !(err.line == 2 && strcmp(err.file, FILE_NAME) == 0))
        fail_msg("memory error reported at \"%s\" line %d, left over from the error before",
                 err.file, err.line);
    release(s);
}

/* ---- the library set (SANDBOX.md 1, 2, 6) ---- */

/* Each dangerous or nondeterministic global of the stock libraries is absent, and reading
 * it is an error that names it and says why it was left out (and what to use instead). */
static void test_unsafe_globals_are_absent(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"return os", 1,
         "'os' is not available in contract scripts: terms cannot run programs or read the clock"},
        {"return io", 1,
         "'io' is not available in contract scripts: terms cannot read or write files"},
        {"return package", 1,
         "'package' is not available in contract scripts: a contract is one file; the term library "
         "is always loaded"},
        {"return require", 1,
         "'require' is not available in contract scripts: a contract is one file; the term library "
         "is always loaded"},
        {"return debug", 1,
         "'debug' is not available in contract scripts: it reaches past the sandbox"},
        {"return dofile", 1,
         "'dofile' is not available in contract scripts: a contract is one file"},
        {"return loadfile", 1,
         "'loadfile' is not available in contract scripts: a contract is one file"},
        {"return load", 1,
         "'load' is not available in contract scripts: terms cannot compile code"},
        {"return collectgarbage", 1,
         "'collectgarbage' is not available in contract scripts: memory is managed for you"},
        {"return coroutine", 1,
         "'coroutine' is not available in contract scripts: terms run straight through"},
        {"return xpcall", 1, "'xpcall' is not available in contract scripts: use pcall"},
        {"return print", 1,
         "'print' is not available in contract scripts: put what you want to show in a line's "
         "explanation"},
        {"return next", 1,
         "'next' is not available in contract scripts: use pairs, which visits keys in a fixed "
         "order"},
        {"return rawset", 1,
         "'rawset' is not available in contract scripts: assign fields as usual"},
        {"return _G", 1,
         "'_G' is not available in contract scripts: globals are read-only; use local variables"},
        {"local x = 1\nreturn os.time()", 2,
         "'os' is not available in contract scripts: terms cannot run programs or read the clock"},
    };
    run_error_cases(cases, N(cases));
}

/* The string library is cut down in the real table, so the safe subset is all a script can
 * reach through the global or through any string's metatable; the metatable itself is
 * hidden; math.random and table.move (a C loop over any range) are gone. */
static void test_string_library_is_filtered(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"return string.dump", "nil"},
        {"return ('').dump", "nil"},
        {"return ('x').dump", "nil"},
        {"return getmetatable('')", "string"},
        {"return type(getmetatable('abc'))", "string"},
        {"return getmetatable('').__index", "nil"},
        {"return string.gmatch", "nil"},
        {"return string.find", "nil"},
        {"return string.match", "nil"},
        {"return string.gsub", "nil"},
        {"return ('a').gsub", "nil"},
        {"return ('a').gmatch", "nil"},
        {"return math.random", "nil"},
        {"return math.randomseed", "nil"},
        {"return table.move", "nil"},
        {"return string.rep('ab', 3)", "ababab"},
        {"return ('ab'):rep(3, '-')", "ab-ab-ab"},
        {"return string.rep('x', 0)", ""},
        {"return string.rep('x', -5)", ""},
        {"return ('fee'):upper() .. string.lower('ABC')", "FEEabc"},
        {"return string.sub('availability', 1, 5)", "avail"},
        {"return #string.rep('x', 1048576)", "1048576"},
    };
    run_result_cases(cases, N(cases));
}

/* string.rep, which loops in C where the hook never runs, refuses results over 1 MiB at
 * once, even when the result would be empty. */
static void test_string_rep_is_capped(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"return string.rep('', 1e9)", 1, "string.rep: result would exceed 1048576 bytes"},
        {"return ('x'):rep(1e9)", 1, "string.rep: result would exceed 1048576 bytes"},
        {"return string.rep('', 1e9, '')", 1, "string.rep: result would exceed 1048576 bytes"},
        {"return string.rep('ab', 600000)", 1, "string.rep: result would exceed 1048576 bytes"},
        {"return string.rep('a', 600000, ',')", 1, "string.rep: result would exceed 1048576 bytes"},
        {"return string.rep('x', math.maxinteger)", 1,
         "string.rep: result would exceed 1048576 bytes"},
    };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run_error_cases(cases, N(cases));
    assert_true(seconds_since(&t0) < 1.0);
}

/* setmetatable refuses the metamethods the hook cannot interrupt or that make results
 * depend on the collector; ordinary metatables work as in Lua. */
static void test_setmetatable_refuses_gc_mode_close(void **state)
{
    (void)state;
    static const ErrorCase refused[] = {
        {"local t = setmetatable({}, {__gc = function() while true do end end})", 1,
         "setmetatable: __gc is not allowed in contract scripts"},
        {"local t = setmetatable({}, {__gc = true})", 1,
         "setmetatable: __gc is not allowed in contract scripts"},
        {"local cache = setmetatable({}, {__mode = 'k'})", 1,
         "setmetatable: __mode is not allowed in contract scripts"},
        {"local x = 1\nlocal t = setmetatable({}, {__close = function() end})", 2,
         "setmetatable: __close is not allowed in contract scripts"},
        {"return setmetatable(math, {})", 1, "cannot change a protected metatable"},
        {"return setmetatable(_ENV, {})", 1, "cannot change a protected metatable"},
        {"local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__gc = function() end", 3,
         "__gc is not allowed in contract scripts"},
        {"local mt = {}\nlocal t = setmetatable({}, mt)\nreturn setmetatable(mt, {})", 3,
         "cannot change a protected metatable"},
    };
    static const ResultCase allowed[] = {
        {"local t = setmetatable({}, {__index = function(t, k) return k .. '!' end})\n"
         "return t.fee",
         "fee!"},
        {"local V = {}\nV.__index = V\nV.__add = function(a, b) return a.n + b.n end\n"
         "local function v(n) return setmetatable({n = n}, V) end\n"
         "return v(2) + v(3)",
         "5"},
        {"local mt = {__tostring = function() return 'credit' end}\n"
         "return tostring(setmetatable({}, mt))",
         "credit"},
        {"local mt = {}\nlocal t = setmetatable({}, mt)\nreturn getmetatable(t) == mt", "true"},
        {"return getmetatable(setmetatable({}, {__metatable = 'locked'}))", "locked"},
        {"return getmetatable(math)", "false"},
        /* A sealed metatable still takes ordinary fields, and keeps its own metatable's
         * behaviour: inheritance through __index, a __newindex of its own. */
        {"local mt = {}\nlocal t = setmetatable({}, mt)\n"
         "mt.__index = function() return 7 end\nreturn t.x",
         "7"},
        {"local mt = {}\nlocal a, b = setmetatable({}, mt), setmetatable({}, mt)\n"
         "mt.__add = function() return 3 end\nreturn a + b",
         "3"},
        {"local Base = {greet = function() return 'hi' end}\n"
         "local Derived = setmetatable({}, {__index = Base})\nDerived.__index = Derived\n"
         "return setmetatable({}, Derived).greet()",
         "hi"},
        {"local log = {}\n"
         "local mt = setmetatable({}, {__newindex = function(t, k) log[#log + 1] = k end})\n"
         "setmetatable({}, mt)\nmt.x = 1\nreturn table.concat(log) .. tostring(rawget(mt, 'x'))",
         "xnil"},
        {"local mt = {}\nsetmetatable({}, mt)\nreturn getmetatable(mt)", "false"},
    };
    run_error_cases(refused, N(refused));
    run_result_cases(allowed, N(allowed));
}

/* The refused metamethods cannot be added to a metatable after setmetatable accepted it:
 * Lua looks __mode up at every collection and __close when a variable is declared, so a
 * later edit would make a weak table or a closable value all the same. Either the edit is
 * refused, or it has no effect. */
static void test_metatable_edits_cannot_add_refused_fields(void **state)
{
    (void)state;
    static const struct {
        const char *script, *unaffected, *field;
    } cases[] = {
        {"local mt = {}\n"
         "local cache = setmetatable({}, mt)\n"
         "mt.__mode = 'v'\n"
         "cache[1] = {}\n"
         "for i = 1, 100000 do local garbage = {i} end\n"
         "return cache[1] ~= nil",
         "true", "__mode"},
        {"local mt = {}\n"
         "local guard = setmetatable({}, mt)\n"
         "mt.__close = function() end\n"
         "do local g <close> = guard end\n"
         "return 'closed'",
         NULL, "__close"},
    };
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(cases); i++) {
        OceError err;
        if (run(s, cases[i].script, &err) == 0) {
            char got[512];
            describe(sandbox_state(s), -1, got, sizeof got);
            lua_pop(sandbox_state(s), 1);
            if (cases[i].unaffected == NULL || strcmp(got, cases[i].unaffected) != 0) {
                print_error("%s added after setmetatable took effect (returned \"%s\"):\n%s\n\n",
                            cases[i].field, got, cases[i].script);
                bad++;
            }
        } else if (err.code != OCE_ESCRIPT || strstr(err.message, cases[i].field) == NULL) {
            print_error("unexpected error \"%s\":\n%s\n\n", err.message, cases[i].script);
            bad++;
        }
    }
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases failed", bad, N(cases));
}

/* ---- errors (SANDBOX.md 8) ---- */

/* Whatever the error object is, the message handler reads it without running script code
 * (no __tostring) and reports its type when it is not a string; control bytes in a string
 * become spaces, and a message the script chose is reported as it stands. */
static void test_hostile_error_objects(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"error()", 1, "error object is a nil value, not a message"},
        {"local x = 1\nerror(nil)", 2, "error object is a nil value, not a message"},
        {"error({code = 42})", 1, "error object is a table value, not a message"},
        {"error(setmetatable({}, {__tostring = function() error('nested') end}))", 1,
         "error object is a table value, not a message"},
        {"error(setmetatable({}, {__tostring = function() while true do end end}))", 1,
         "error object is a table value, not a message"},
        {"error(money('5'))", 1, "error object is a userdata value, not a message"},
        {"error(true)", 1, "error object is a boolean value, not a message"},
        {"error('a\\nb\\tc\\rd\\0e\\127f\\27[31m', 0)", 1, "a b c d e f [31m"},
        {"error('line one\\nline two')", 1, "line one line two"},
        {"error('cap reached', 0)", 1, "cap reached"},
    };
    run_error_cases(cases, N(cases));
}

/* Only the position Lua added is taken off a message: a message the script wrote with level
 * 0 (no position) is reported whole, even when it starts like "name:digits: ". */
static void test_script_messages_keep_their_own_prefix(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"error('12:30: lunch')", 1, "12:30: lunch"},
        {"local a = 1\nerror('09:30: service window missed', 0)", 2,
         "09:30: service window missed"},
        {"error('site:42: unreachable', 0)", 1, "site:42: unreachable"},
    };
    run_error_cases(cases, N(cases));
}

/* A megabyte error message is cut to about 300 bytes, marked with "...", and never in the
 * middle of a UTF-8 character. */
static void test_long_error_messages_are_capped(void **state)
{
    (void)state;
    static const struct {
        const char *script;
        int line;
        size_t length;
        const char *start;
    } cases[] = {
        {"error(string.rep('x', 1048576))", 1, 303, "xxxxxxxxxx"},
        {"local big = string.rep('y', 1048576)\nerror(big .. big, 0)", 2, 303, "yyyyyyyyyy"},
        {"error('x' .. string.rep('\\u{e9}', 200000))", 1, 302, "x\xc3\xa9\xc3\xa9"},
        {"error(string.rep('\\u{20ac}', 300000), 0)", 1, 303, "\xe2\x82\xac\xe2\x82\xac"},
    };
    Sandbox *s = sandbox_with(SMALL_INSTRUCTIONS, (size_t)16 << 20, SMALL_TIMEOUT_MS);
    for (size_t i = 0; i < N(cases); i++) {
        OceError err;
        assert_int_equal(run(s, cases[i].script, &err), -1);
        assert_int_equal(err.code, OCE_ESCRIPT);
        assert_string_equal(err.file, FILE_NAME);
        assert_int_equal(err.line, cases[i].line);
        size_t len = strlen(err.message);
        if (len != cases[i].length)
            fail_msg("message of %zu bytes, expected %zu:\n%s", len, cases[i].length,
                     cases[i].script);
        assert_memory_equal(err.message, cases[i].start, strlen(cases[i].start));
        assert_string_equal(err.message + len - 3, "...");
        /* The byte before "..." ends a character: an ASCII byte or the last of a sequence. */
        unsigned char last = (unsigned char)err.message[len - 4];
        if (last >= 0x80) {
            size_t lead = len - 4;
            while (((unsigned char)err.message[lead] & 0xC0) == 0x80)
                lead--;
            unsigned char b = (unsigned char)err.message[lead];
            size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            assert_int_equal(len - 3 - lead, need);
        }
    }
    release(s);
}

/* The error names the contract file and the line where it arose, in the innermost function
 * of the chunk, with Lua's "t.lua:3: " prefix taken off the message. */
static void test_errors_report_the_line_where_they_arose(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"local a = 1\n"
         "local b = nil\n"
         "local c = a + b\n"
         "local d = c * 2\n"
         "return d",
         3, "attempt to perform arithmetic on a nil value (local 'b')"},
        {"local cap = 100\n\n\nerror('cap exceeded')\nreturn cap", 4, "cap exceeded"},
        {"local function check(x)\n"
         "  if x > 10 then\n"
         "    error('too many incidents: ' .. x)\n"
         "  end\n"
         "end\n"
         "check(12)\n"
         "return 0",
         3, "too many incidents: 12"},
        {"local t = {}\nreturn t.a.b", 2, "attempt to index a nil value (field 'a')"},
        {"local n = 'x'\nlocal m = 1\nreturn m < n", 3, "attempt to compare number with string"},
        {"local credit = money('5', 'GBP')\nreturn credit + money('1', 'EUR')", 2,
         "mixed currencies: cannot add GBP and EUR amounts"},
        {"local ok, e = pcall(error, 'inner')\nerror(e, 0)", 2, "inner"},
        {"local t = {}\n\nlocal s = table.concat({1, {}, 3})", 3,
         "invalid value (table) at index 2 in table for 'concat'"},
    };
    run_error_cases(cases, N(cases));
}

/* ---- the environment (SANDBOX.md 3, 4) ---- */

/* Assigning any global is an error, reading an unknown one is an error with a did-you-mean
 * for a near builtin, and the builtin tables are read-only. */
static void test_globals_and_builtins_are_protected(void **state)
{
    (void)state;
    static const ErrorCase cases[] = {
        {"x = 1", 1, "assignment to global 'x': declare it with local"},
        {"local a = 1\n\ntotal = a + 1", 3, "assignment to global 'total': declare it with local"},
        {"function helper() end", 1, "assignment to global 'helper': declare it with local"},
        {"pairs = nil", 1, "assignment to global 'pairs': declare it with local"},
        {"_ENV.money = nil", 1, "assignment to global 'money': declare it with local"},
        {"local t = {}\nfor k in pirs(t) do end", 2, "unknown name 'pirs' (did you mean 'pairs'?)"},
        {"return tostrin(1)", 1, "unknown name 'tostrin' (did you mean 'tostring'?)"},
        {"return mony('5')", 1, "unknown name 'mony' (did you mean 'money'?)"},
        {"return undeclared_total", 1,
         "unknown name 'undeclared_total': declare it with local, or check the spelling"},
        {"math.floor = nil", 1, "cannot assign to a field of a built-in table"},
        {"string.dump = function() end", 1, "cannot assign to a field of a built-in table"},
        {"table.sort = nil", 1, "cannot assign to a field of a built-in table"},
        {"table.insert(math, 1)", 1,
         "table.insert changes plain tables only, not one with a metatable"},
        {"table.remove(string)", 1,
         "table.remove changes plain tables only, not one with a metatable"},
        {"table.sort(table)", 1, "table.sort changes plain tables only, not one with a metatable"},
        {"math.pi2 = 6.28", 1, "cannot assign to a field of a built-in table"},
    };
    run_error_cases(cases, N(cases));
}

/* Nothing a run tries to leave behind is visible to the next run of another chunk on the
 * same state: globals, builtin tables and the string table all stay as they were. */
static void test_nothing_survives_between_runs(void **state)
{
    (void)state;
    static const char first[] = "pcall(function() stash = 1 end)\n"
                                "pcall(function() math.stash = 1 end)\n"
                                "pcall(function() string.stash = 1 end)\n"
                                "pcall(function() table.insert(table, 'stash') end)\n"
                                "pcall(function() getmetatable('').stash = 1 end)\n"
                                "pcall(function() _ENV.tostring = nil end)\n"
                                "return 'tried'";
    static const char second[] =
        "local seen = {}\n"
        "if pcall(function() return stash end) then seen[#seen + 1] = "
        "'global' end\n"
        "if math.stash then seen[#seen + 1] = 'math' end\n"
        "if string.stash or ('').stash then seen[#seen + 1] = 'string' end\n"
        "if rawlen(table) > 0 or table[1] then seen[#seen + 1] = 'table' "
        "end\n"
        "if tostring(1) ~= '1' then seen[#seen + 1] = 'tostring' end\n"
        "return #seen == 0 and 'clean' or table.concat(seen, ',')";
    Sandbox *s = small_sandbox();
    assert_result(s, first, "tried");
    assert_result(s, second, "clean");
    release(s);
}

/* ---- determinism (SANDBOX.md 11) ---- */

/* pairs visits keys in one fixed order, whatever the insertion order: booleans (false
 * first), then numbers ascending, then strings in byte order; values come with their keys. */
static void test_pairs_visits_keys_in_sorted_order(void **state)
{
    (void)state;
#define VISIT                                                                                      \
    "local out = {}\n"                                                                             \
    "for k, v in pairs(t) do out[#out + 1] = tostring(k) .. '=' .. tostring(v) end\n"              \
    "return table.concat(out, ' ')"
    static const ResultCase cases[] = {
        {"local t = {b = 1, [3] = 2, a = 3, [true] = 4, [1.5] = 5, [false] = 6, [-2] = 7,\n"
         "           c = 8, [10] = 9}\n" VISIT,
         "false=6 true=4 -2=7 1.5=5 3=2 10=9 a=3 b=1 c=8"},
        {"local t = {}\n"
         "for _, k in ipairs({'q', 7, 'b', 2.5, 'Z', -1, 'a', 100, 'ab'}) do t[k] = 0 end\n" VISIT,
         "-1=0 2.5=0 7=0 100=0 Z=0 a=0 ab=0 b=0 q=0"},
        {"local t = {}\n"
         "for _, k in ipairs({'ab', 100, 'a', -1, 'Z', 2.5, 'b', 7, 'q'}) do t[k] = 0 end\n" VISIT,
         "-1=0 2.5=0 7=0 100=0 Z=0 a=0 ab=0 b=0 q=0"},
        {"local t = {'x', 'y', 'z', [0] = 'w', total = 't'}\n" VISIT, "0=w 1=x 2=y 3=z total=t"},
        {"local t = {}\n"
         "for i = 40, 1, -1 do t['k' .. i] = i end\n"
         "for i = 1, 40 do if i % 3 ~= 0 then t['k' .. i] = nil end end\n" VISIT,
         "k12=12 k15=15 k18=18 k21=21 k24=24 k27=27 k3=3 k30=30 k33=33 k36=36 k39=39 k6=6 "
         "k9=9"},
        {"local t = {}\n" VISIT, ""},
        {"local t = {[2^53] = 'big', [-0.5] = 'neg', [1] = 'one', [1.25] = 'q'}\n" VISIT,
         "-0.5=neg 1=one 1.25=q 9007199254740992=big"},
        /* Integers beyond 2^53 against floats beyond every integer, as Lua compares them. */
        {"local t = {[math.maxinteger] = 'max', [2^63] = 'f63', [math.mininteger] = 'min',\n"
         "  [-2^64] = 'fm64', [math.huge] = 'inf', [-math.huge] = 'ninf',\n"
         "  [(1 << 53) + 1] = 'odd', [-0.5] = 'h'}\n" VISIT,
         "-inf=ninf -1.844674407371e+19=fm64 -9223372036854775808=min -0.5=h "
         "9007199254740993=odd 9223372036854775807=max 9.2233720368548e+18=f63 inf=inf"},
        /* Strings byte by byte, a prefix first, NUL included: "", "a", "a\0", "a\0b", "ab". */
        {"local t = {['ab'] = 1, ['a\\0b'] = 2, ['a'] = 3, [''] = 4, ['a\\0'] = 5}\n"
         "local out = {}\n"
         "for k, v in pairs(t) do out[#out + 1] = #k .. '/' .. (k:byte(#k) or 0) .. '=' .. v end\n"
         "return table.concat(out, ' ')",
         "0/0=4 1/97=3 2/0=5 3/98=2 2/98=1"},
        /* More keys than fit the small array: 20 integers and 20 strings, given in reverse. */
        {"local t = {}\n"
         "for i = 20, 1, -1 do t[i] = i; t['k' .. string.format('%02d', i)] = i end\n"
         "local out = {}\n"
         "for k in pairs(t) do out[#out + 1] = tostring(k) end\n"
         "return table.concat(out, ' ')",
         "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 k01 k02 k03 k04 k05 k06 k07 k08 "
         "k09 k10 k11 k12 k13 k14 k15 k16 k17 k18 k19 k20"},
    };
#undef VISIT
    run_result_cases(cases, N(cases));
    static const ErrorCase refused[] = {
        {"local t = {[{}] = 1}\nfor k in pairs(t) do end", 2,
         "pairs: keys must be numbers, strings or booleans to be visited in a fixed order, "
         "not table"},
    };
    run_error_cases(refused, N(refused));
}

/* pairs over a big table does not hold the host past the deadline: sorting its keys runs in
 * C, where the count hook never fires. 10000 keys fit easily in memory and take about a
 * millisecond to sort in O(n log n); refusing so many keys would do too. */
static void test_pairs_on_a_big_table_respects_the_deadline(void **state)
{
    (void)state;
    static const char script[] = "local t = {}\n"
                                 "for i = 1, 10000 do t['key' .. (i * 7919 % 10007)] = i end\n"
                                 "local n = 0\n"
                                 "for _ in pairs(t) do n = n + 1 end\n"
                                 "return n";
    Sandbox *s = sandbox_with(HUGE_INSTRUCTIONS, (size_t)32 << 20, 200);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    OceError err;
    int rc = run(s, script, &err);
    double took = seconds_since(&t0);
    if (rc == 0) {
        assert_int_equal(lua_tointeger(sandbox_state(s), -1), 10000);
        lua_pop(sandbox_state(s), 1);
    } else if (err.code != OCE_ELIMIT && err.code != OCE_ESCRIPT) {
        fail_msg("unexpected error %d: %s", (int)err.code, err.message);
    }
    if (took > 1.0)
        fail_msg("pairs over 10000 keys ran %.1f s, past the 0.2 s deadline", took);
    release(s);
}

/* Nothing that can reach output shows a memory address: tostring and string.format("%s")
 * give the type name, and string.format("%p") (which prints any object's address, even a
 * string's) is refused or shows none. */
static void test_no_addresses_reach_output(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"return tostring({})", "table"},
        {"return tostring(tostring)", "function"},
        {"return tostring(function() end)", "function"},
        {"return string.format('%s', {})", "table"},
        {"return string.format('%s|%s|%s', {}, true, nil)", "table|true|nil"},
        {"return string.format('%s and %d', 'fee', 3)", "fee and 3"},
        {"return ('%5.2f'):format(1.5)", " 1.50"},
        {"return string.format('%s', money('5', 'GBP'))", "5.00"},
    };
    run_result_cases(cases, N(cases));
    static const char *const pointers[] = {
        "return string.format('%p', {})",
        "return string.format('%p', 'fee')",
        "return ('%p'):format(tostring)",
    };
    Sandbox *s = small_sandbox();
    size_t bad = 0;
    for (size_t i = 0; i < N(pointers); i++) {
        OceError err;
        if (run(s, pointers[i], &err) == 0) {
            char got[128];
            describe(sandbox_state(s), -1, got, sizeof got);
            lua_pop(sandbox_state(s), 1);
            if (strstr(got, "0x") != NULL) {
                print_error("an address reached output: \"%s\" from\n%s\n\n", got, pointers[i]);
                bad++;
            }
        }
    }
    release(s);
    if (bad)
        fail_msg("%zu of %zu cases showed an address", bad, N(pointers));
}

/* table.sort keeps equal elements in their original order. Stock Lua's sort is a
 * quicksort, unstable, and picks pivots from clock() and time() when a partition is
 * unbalanced, so the order of ties (lines with equal amounts, say) could change between
 * runs. */
static void test_table_sort_is_stable(void **state)
{
    (void)state;
    static const ResultCase cases[] = {
        {"local items = {}\n"
         "for i = 1, 300 do items[i] = {key = i % 3, seq = i} end\n"
         "table.sort(items, function(a, b) return a.key < b.key end)\n"
         "for i = 2, #items do\n"
         "  local a, b = items[i - 1], items[i]\n"
         "  if a.key > b.key or (a.key == b.key and a.seq > b.seq) then\n"
         "    return 'out of order at ' .. i\n"
         "  end\n"
         "end\n"
         "return 'stable'",
         "stable"},
        {"local t = {5, 2, 9, 1, 5, 6}\ntable.sort(t)\nreturn table.concat(t, ',')", "1,2,5,5,6,9"},
        {"local t = {5, 3, 1, 4}\ntable.sort(t, function(a, b) return a > b end)\n"
         "return table.concat(t, ',')",
         "5,4,3,1"},
        {"local t = {}\ntable.sort(t)\nreturn #t", "0"},
        {"local t = {'b', 'a'}\ntable.sort(t, nil)\nreturn table.concat(t)", "ab"},
    };
    run_result_cases(cases, N(cases));
    static const ErrorCase refused[] = {
        {"local t = {3, 'a'}\ntable.sort(t)", 2, "attempt to compare string with number"},
        {"table.sort({3, 2, 1}, function() error('no order', 0) end)", 1, "no order"},
        {"table.sort({}, 'up')", 1, "bad argument #2 to 'sort' (function expected, got string)"},
    };
    run_error_cases(refused, N(refused));
    /* Sorting runs in C, where the hook cannot count: every comparison is charged, so a big
     * sort stops at the instruction limit like a loop would. */
    Sandbox *s = sandbox_with(SMALL_INSTRUCTIONS, (size_t)32 << 20, SMALL_TIMEOUT_MS);
    assert_true(failure_matches(s,
                                "local t = {}\nfor i = 1, 200000 do t[i] = i * 7919 % 200003 end\n"
                                "table.sort(t)\nreturn t[1]",
                                OCE_ELIMIT, 3, "instruction limit exceeded"));
    release(s);
}

/* An order function that is not a strict order is refused as stock Lua refuses it, "invalid
 * order function for sorting", whatever the data: one that says a < a (`return true`,
 * `a <= b`), or both a < b and b < a, or leaves what it sorted out of its own order. Stock
 * Lua notices only when its quicksort runs off the array, and the merge sort never does, so
 * the sorted result is checked, at one comparison per element. A strict order, or a list
 * too short to compare, passes. */
static void test_table_sort_refuses_an_inconsistent_order(void **state)
{
    (void)state;
    static const ErrorCase refused[] = {
        {"local t = {3, 1, 2}\ntable.sort(t, function(a, b) return true end)", 2,
         "invalid order function for sorting"},
        {"table.sort({1, 2}, function(a, b) return true end)", 1,
         "invalid order function for sorting"},
        {"table.sort({3, 1, 2}, function(a, b) return a <= b end)", 1,
         "invalid order function for sorting"},
        {"table.sort({'a', 'b', 'c', 'd'}, function(a, b) return a ~= b end)", 1,
         "invalid order function for sorting"},
        {"local t = {}\nfor i = 1, 100 do t[i] = i end\n"
         "table.sort(t, function(a, b) return (a + b) % 2 == 1 end)",
         3, "invalid order function for sorting"},
        {"local mt = {__lt = function() return true end}\n"
         "local t = {setmetatable({}, mt), setmetatable({}, mt)}\ntable.sort(t)",
         3, "invalid order function for sorting"},
    };
    run_error_cases(refused, N(refused));
    static const ResultCase accepted[] = {
        {"local t = {7}\ntable.sort(t, function() return true end)\nreturn t[1]", "7"},
        {"local t = {}\ntable.sort(t, function() return true end)\nreturn #t", "0"},
        {"local t = {2, 1, 2, 1, 2}\ntable.sort(t, function(a, b) return a < b end)\n"
         "return table.concat(t, ',')",
         "1,1,2,2,2"},
        {"local t = {{k = 2, n = 'a'}, {k = 1, n = 'b'}, {k = 2, n = 'c'}, {k = 1, n = 'd'}}\n"
         "table.sort(t, function(a, b) return a.k > b.k end)\n"
         "local out = {}\nfor i, v in ipairs(t) do out[i] = v.n end\n"
         "return table.concat(out)",
         "acbd"},
        /* n log n comparisons for the sort and n for the check, nothing more: 64 elements
         * take at most 64 * 6 + 64. */
        {"local calls, t = 0, {}\nfor i = 1, 64 do t[i] = i * 37 % 64 end\n"
         "table.sort(t, function(a, b) calls = calls + 1 return a < b end)\n"
         "return calls <= 64 * 7 and t[1] == 0 and t[64] == 63",
         "true"},
    };
    run_result_cases(accepted, N(accepted));
}

/* ---- loading (SANDBOX.md 12) ---- */

/* sandbox_load compiles text only, as a chunk named after its file: a binary chunk is
 * refused, and a syntax error names the file and its line. */
static void test_load_refuses_binary_and_reports_syntax_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len;
        int line;
        const char *message;
    } cases[] = {
        {"\x1bLua\x54\x00\x19\x93\r\n\x1a\n", 12, 0,
         "attempt to load a binary chunk (mode is 't')"},
        {"\x1bLua", 4, 0, "attempt to load a binary chunk (mode is 't')"},
        {"local x = 1\nlocal y = = 2\n", 0, 2, "unexpected symbol near '='"},
        {"local fee = 1\n\n\nreturn fee +\n", 0, 5, "unexpected symbol near <eof>"},
        {"local function f()\n  return 1\n", 0, 3,
         "'end' expected (to close 'function' at line 1) near <eof>"},
        {"return 'unfinished\n", 0, 1, "unfinished string near ''unfinished'"},
        {"goto nowhere", 0, 1, "no visible label 'nowhere' for <goto> at line 1"},
    };
    Sandbox *s = small_sandbox();
    lua_State *L = sandbox_state(s);
    for (size_t i = 0; i < N(cases); i++) {
        OceError err;
        error_init(&err);
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        int top = lua_gettop(L);
        assert_int_equal(sandbox_load(s, FILE_NAME, cases[i].text, len, &err), -1);
        assert_int_equal(lua_gettop(L), top);
        assert_int_equal(err.code, OCE_ECONTRACT);
        assert_string_equal(err.file, FILE_NAME);
        assert_int_equal(err.line, cases[i].line);
        assert_string_equal(err.message, cases[i].message);
    }
    release(s);
}

/* Runs text as the chunk of file, as run_chunk does: 0 with the result described in got, or
 * -1 with err filled. */
static int run_file(Sandbox *s, const char *file, const char *text, char *got, size_t size,
                    OceError *err)
{
    lua_State *L = sandbox_state(s);
    int top = lua_gettop(L);
    error_init(err);
    sandbox_begin(s, NULL);
    if (sandbox_load(s, file, text, strlen(text), err) != 0)
        return -1;
    sandbox_push_env(s);
    lua_setupvalue(L, -2, 1);
    int rc = sandbox_pcall(s, 0, 1, TERM, err);
    if (rc == 0) {
        describe(L, -1, got, size);
        lua_pop(L, 1);
    }
    assert_int_equal(lua_gettop(L), top);
    return rc;
}

/* A chunk loaded again with the same name and text comes from the bytecode kept of its first
 * compilation: it runs the same, in its own environment, and its errors name the same file
 * and line. A changed text under the same name, or the same text under another name, is
 * compiled anew: neither runs the other's code nor names the other's file. */
static void test_load_again_runs_the_same_chunk(void **state)
{
    (void)state;
    static const char a[] = "local n = 0\n"
                            "n = n + 1\n"
                            "if x_missing then return 0 end\n";
    static const char b[] = "return 'b'\n";
    static const char c[] = "local t = {}\n"
                            "t.n = (t.n or 0) + 1\n"
                            "return t.n\n";
    Sandbox *s = small_sandbox();
    char got[512];
    OceError err;
    for (int round = 0; round < 3; round++) {
        assert_int_equal(run_file(s, "a.lua", a, got, sizeof got, &err), -1);
        assert_int_equal(err.code, OCE_ESCRIPT);
        assert_string_equal(err.file, "a.lua");
        assert_int_equal(err.line, 3);
        assert_string_equal(err.message, "unknown name 'x_missing': declare it with local, or "
                                         "check the spelling");
        assert_int_equal(run_file(s, "c.lua", c, got, sizeof got, &err), 0);
        assert_string_equal(got, "1");
    }
    assert_int_equal(run_file(s, "a.lua", b, got, sizeof got, &err), 0);
    assert_string_equal(got, "b");
    assert_int_equal(run_file(s, "other.lua", a, got, sizeof got, &err), -1);
    assert_string_equal(err.file, "other.lua");
    assert_int_equal(err.line, 3);
    assert_int_equal(run_file(s, "a.lua", a, got, sizeof got, &err), -1);
    assert_string_equal(err.file, "a.lua");
    assert_int_equal(err.line, 3);
    release(s);
}

/* The editor annotations (scripts/editor/oce.lua) are never run by oce, so nothing else would
 * notice if they stopped parsing: compile them as a chunk. */
static void test_editor_annotations_parse(void **state)
{
    (void)state;
    FILE *fp = fopen("scripts/editor/oce.lua", "rb");
    assert_non_null(fp);
    static char text[1 << 18];
    size_t n = fread(text, 1, sizeof text, fp);
    fclose(fp);
    assert_true(n > 0 && n < sizeof text);
    Sandbox *s = small_sandbox();
    OceError err;
    error_init(&err);
    if (sandbox_load(s, "scripts/editor/oce.lua", text, n, &err) != 0)
        fail_msg("scripts/editor/oce.lua:%d: %s", err.line, err.message);
    lua_pop(sandbox_state(s), 1);
    release(s);
}

/* Every name the term library gives scripts (function M.x, M.x = ..., limit_helper("x", ...))
 * is described in the editor annotations as function x(, so a new helper cannot be left out. */
static void test_editor_annotations_cover_the_library(void **state)
{
    (void)state;
    static char lib[1 << 18], notes[1 << 18];
    const char *files[] = {"scripts/terms.lua", "scripts/editor/oce.lua"};
    char *texts[] = {lib, notes};
    for (int k = 0; k < 2; k++) {
        FILE *fp = fopen(files[k], "rb");
        assert_non_null(fp);
        size_t n = fread(texts[k], 1, sizeof lib - 1, fp);
        fclose(fp);
        texts[k][n] = '\0';
    }
    static const char *const starts[] = {"\nfunction M.", "\nM.", "\nlimit_helper(\""};
    int found = 0;
    for (int k = 0; k < 3; k++) {
        for (const char *p = strstr(lib, starts[k]); p != NULL; p = strstr(p + 1, starts[k])) {
            const char *name = p + strlen(starts[k]);
            size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz_");
            char want[80];
            snprintf(want, sizeof want, "\nfunction %.*s(", (int)len, name);
            if (strstr(notes, want) == NULL)
                fail_msg("scripts/editor/oce.lua does not describe %.*s", (int)len, name);
            found++;
        }
    }
    assert_true(found > 30);
}

/* A failure outside any term (loading a contract's declaration) is a contract error, and the
 * stack is left as it was. */
static void test_failure_without_a_term_is_a_contract_error(void **state)
{
    (void)state;
    static const char script[] = "local a = 1\nerror('bad declaration')";
    Sandbox *s = small_sandbox();
    lua_State *L = sandbox_state(s);
    OceError err;
    error_init(&err);
    assert_int_equal(sandbox_load(s, FILE_NAME, script, strlen(script), &err), 0);
    sandbox_push_env(s);
    lua_setupvalue(L, -2, 1);
    sandbox_begin(s, NULL);
    assert_int_equal(sandbox_pcall(s, 0, 0, NULL, &err), -1);
    assert_int_equal(lua_gettop(L), 0);
    assert_int_equal(err.code, OCE_ECONTRACT);
    assert_string_equal(err.file, FILE_NAME);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.term, "");
    assert_string_equal(err.message, "bad declaration");
    release(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_runaway_scripts_stop_at_their_limit, release_all),
        cmocka_unit_test_teardown(test_budget_renews_after_a_trip, release_all),
        cmocka_unit_test_teardown(test_deadline_stops_an_endless_loop_quickly, release_all),
        cmocka_unit_test_teardown(test_time_between_protected_calls_is_not_spent, release_all),
        cmocka_unit_test_teardown(test_kept_usage_starts_every_budget, release_all),
        cmocka_unit_test(test_watchdog_ends_a_runaway_instruction),
        cmocka_unit_test(test_watchdog_leaves_calls_that_end_in_time),
        cmocka_unit_test_teardown(test_deep_recursion_ends_in_an_error, release_all),
        cmocka_unit_test_teardown(test_memory_error_has_no_stale_location, release_all),
        cmocka_unit_test_teardown(test_unsafe_globals_are_absent, release_all),
        cmocka_unit_test_teardown(test_string_library_is_filtered, release_all),
        cmocka_unit_test_teardown(test_string_rep_is_capped, release_all),
        cmocka_unit_test_teardown(test_setmetatable_refuses_gc_mode_close, release_all),
        cmocka_unit_test_teardown(test_metatable_edits_cannot_add_refused_fields, release_all),
        cmocka_unit_test_teardown(test_hostile_error_objects, release_all),
        cmocka_unit_test_teardown(test_script_messages_keep_their_own_prefix, release_all),
        cmocka_unit_test_teardown(test_long_error_messages_are_capped, release_all),
        cmocka_unit_test_teardown(test_errors_report_the_line_where_they_arose, release_all),
        cmocka_unit_test_teardown(test_globals_and_builtins_are_protected, release_all),
        cmocka_unit_test_teardown(test_nothing_survives_between_runs, release_all),
        cmocka_unit_test_teardown(test_pairs_visits_keys_in_sorted_order, release_all),
        cmocka_unit_test_teardown(test_pairs_on_a_big_table_respects_the_deadline, release_all),
        cmocka_unit_test_teardown(test_no_addresses_reach_output, release_all),
        cmocka_unit_test_teardown(test_table_sort_is_stable, release_all),
        cmocka_unit_test_teardown(test_table_sort_refuses_an_inconsistent_order, release_all),
        cmocka_unit_test_teardown(test_load_refuses_binary_and_reports_syntax_errors, release_all),
        cmocka_unit_test_teardown(test_load_again_runs_the_same_chunk, release_all),
        cmocka_unit_test_teardown(test_editor_annotations_parse, release_all),
        cmocka_unit_test(test_editor_annotations_cover_the_library),
        cmocka_unit_test_teardown(test_failure_without_a_term_is_a_contract_error, release_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
