#include "sandbox.h"

#include <fcntl.h>
#include <limits.h>
#include <math.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

/* How often the count hook runs before a limit trips: often enough that a runaway script
 * stops within microseconds of its budget, rarely enough to cost nothing measurable. */
#define HOOK_EVERY 1000
/* A message longer than this is cut: an error object may be a megabyte string. */
#define MESSAGE_CAP 300
/* string.rep can loop in C where the count hook never runs: cap what it may build. */
#define REP_CAP (1 << 20)
/* An allocation this large checks the deadline: one VM instruction (a concatenation, an
 * upper() of a long string) can spend milliseconds in C between two runs of the hook. */
#define BIG_ALLOC (64u << 10)

/* What malloc takes for a block, the way glibc's malloc does it on a 64-bit host: a block
 * below MMAP_FROM is the request and an 8-byte header, rounded up to 16 bytes, at least 32;
 * a larger one is mapped on its own, a header and the request rounded up to whole pages.
 * The memory limit counts blocks so, not the bytes Lua asks for: a state of small strings
 * and tables takes half as much again as its requests add up to. */
#define CHUNK_HEADER 8u
#define CHUNK_ALIGN 16u
#define CHUNK_MIN 32u
#define MMAP_FROM (128u << 10)
#define PAGE 4096u
/* What the host's resident memory may grow by after the sandbox is made, before a script
 * stops for memory: the code of the engine paged in, the outcomes, the ledger and the
 * history the settlement reads (measured: 1.5 MiB for managed-wan's December on a ledger of
 * eleven months). */
#define HOST_GROWTH (2u << 20)
/* What the state may grow by, garbage included, before sandbox_tidy collects it whole. */
#define TIDY_SLACK (4u << 20)
/* Under AddressSanitizer most of the process's memory is the sanitizer's (shadow memory,
 * freed blocks held in quarantine): the limit then counts the state's blocks alone. */
#if defined(__SANITIZE_ADDRESS__)
#define MEASURE_PROCESS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEASURE_PROCESS 0
#endif
#endif
#ifndef MEASURE_PROCESS
#define MEASURE_PROCESS 1
#endif
/* Kept below the limit for what the process still does after a script stopped for memory:
 * unwinding, reporting the error, freeing the state. */
#define RESIDENT_RESERVE (512u << 10)
/* How long past its deadline a protected call may run before the watchdog ends the
 * process: time for the count hook to stop it cleanly, which it does within microseconds
 * unless one VM instruction runs on in C. */
#define WATCHDOG_GRACE_MS 250

enum { TRIP_NONE, TRIP_INSTRUCTIONS, TRIP_TIME, TRIP_MEMORY };

struct Sandbox {
    lua_State *L;         /* owned */
    SandboxLimits limits; /* with defaults filled in */
    size_t budget;        /* bytes the state may take: the limit less the host's own */
    size_t used;          /* bytes the state takes now, as malloc takes them */
    size_t tidied;        /* what it took after the last full collection */
    size_t resident;      /* the process's resident bytes when last read; 0: not read */
    size_t granted;       /* bytes of blocks granted since then */
    size_t bound;         /* what the process's resident memory may reach in a script */
    long long count;      /* instructions run since sandbox_begin, in HOOK_EVERY steps */
    long long spent_ns;   /* time spent in protected calls since sandbox_begin, before this one */
    struct timespec entered; /* when the outermost protected call now running began */
    struct timespec deadline;
    int depth;         /* protected calls running, one inside another */
    int tripped;       /* TRIP_*, sticky until sandbox_begin */
    int refused;       /* an allocation was refused and not yet retried after a GC */
    long long charged; /* work done in C on the script's behalf, since the last check */
    int builtins;      /* registry ref of the builtins table, never exposed to scripts */
    int library;       /* registry ref of the set of the term library's tables and functions */
    int sources;       /* and of the set of its chunks' sources (light userdata) */
    int compiled;  /* and of the chunks sandbox_load compiled (see recall_chunk), or LUA_NOREF */
    int ncompiled; /* the chunks in it */
    size_t compiled_bytes; /* and the bytes of their texts and bytecode */
    char file[256];        /* the chunk last loaded, for the watchdog's message */
    int watch_line;        /* the line the watchdog names for the next protected call */
    SandboxMoneyTag money; /* the Lua API's, see sandbox_money_tag */
    /* Filled by the message handler, which must not allocate: */
    char errmsg[MESSAGE_CAP + 64];
    char errfile[256];
    int errline;
};

static int deadline_passed(const Sandbox *s);

static Sandbox *sandbox_of(lua_State *L)
{
    return *(Sandbox **)lua_getextraspace(L);
}

static size_t chunk_cost(size_t n)
{
    if (n > SIZE_MAX / 4)
        return SIZE_MAX / 4; /* never granted, and no sum of such overflows */
    if (n >= MMAP_FROM)
        return (n + CHUNK_HEADER + PAGE - 1) / PAGE * PAGE;
    size_t c = (n + CHUNK_HEADER + CHUNK_ALIGN - 1) / CHUNK_ALIGN * CHUNK_ALIGN;
    return c < CHUNK_MIN ? CHUNK_MIN : c;
}

/* The process's resident memory now, from /proc/self/statm; 0 where it cannot be read.
 * Plain system calls: this runs inside the allocator. */
static size_t resident_now(void)
{
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    char *p = strchr(buf, ' '); /* the second field is the resident pages */
    long page = sysconf(_SC_PAGESIZE);
    unsigned long pages = p ? strtoul(p + 1, NULL, 10) : 0;
    return page > 0 ? (size_t)pages * (size_t)page : 0;
}

/* The process's peak resident memory so far, where its memory now cannot be read. */
static size_t peak_bytes(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > 0)
        return (size_t)ru.ru_maxrss * 1024u; /* kilobytes on Linux and the BSDs */
    return 0;
}

/* The state's share of the memory limit: the limit less what the process holds already and
 * may yet grow by on its own, unless the limit is the state's alone. */
static int set_budget(Sandbox *s, OceError *err)
{
    s->budget = s->limits.max_memory;
    if (s->limits.state_memory_only || !MEASURE_PROCESS)
        return 0;
    s->resident = resident_now();
    s->bound = s->limits.max_memory - RESIDENT_RESERVE;
    size_t host = (s->resident ? s->resident : peak_bytes()) + HOST_GROWTH;
    size_t mib = (size_t)1 << 20;
    if (host >= s->limits.max_memory)
        return error_set(err, OCE_ELIMIT, NULL, 0,
                         "the memory limit of %zu MiB is not above the %zu MiB this process "
                         "holds before any script runs",
                         s->limits.max_memory / mib, (host + mib - 1) / mib);
    s->budget = s->limits.max_memory - host;
    return 0;
}

/* At the start of a settlement: the host may have read much since the sandbox was made (an
 * incident log of a hundred thousand rows takes hundreds of MiB). That is not the script's
 * to answer for, so the bound on resident memory is raised, for this settlement, to what is
 * resident now and the state's budget left, when that is more than the limit. The peak so
 * far is one cheap system call and almost always says the bound is the limit; reading what
 * is resident now takes 30 microseconds. */
static void rebase_resident(Sandbox *s)
{
    if (s->resident == 0)
        return;
    size_t room = s->budget > s->used ? s->budget - s->used : 0;
    size_t least = s->limits.max_memory - RESIDENT_RESERVE;
    size_t now = peak_bytes(); /* at least what is resident now */
    if (now == 0 || now + room > least) {
        size_t exact = resident_now();
        now = exact != 0 ? exact : now;
    }
    if (now == 0)
        return;
    s->resident = now;
    s->granted = 0;
    s->bound = now + room > least ? now + room : least;
}

/* The backstop of the memory limit: the process's resident memory itself, which holes left
 * by freed blocks make larger than the blocks the state holds. What is resident can grow by
 * at most the blocks granted since it was read (Lua writes a block as it gets it), so it is
 * read again only when that sum could pass the bound: seldom (30 microseconds each) far
 * from it, more often close to it. Only inside protected calls: the host's own pushes
 * outside them must not fail, where an error would have no handler. */
static int resident_allows(Sandbox *s, size_t cost)
{
    if (s->resident == 0 || s->depth == 0)
        return 1;
    if (s->resident + s->granted + cost <= s->bound) {
        s->granted += cost;
        return 1;
    }
    size_t now = resident_now();
    if (now == 0) /* cannot be read: the count of blocks is all there is */
        return 1;
    s->resident = now;
    s->granted = 0;
    if (now + cost > s->bound)
        return 0;
    s->granted = cost;
    return 1;
}

/* The allocator refuses growth past the budget, counting each block as malloc takes it and,
 * for a block that grows, the old block and the new one together, as realloc holds both
 * while it moves the contents, and growth that would take the process's resident memory
 * past the limit. Lua answers a refusal with a full collection and one retry,
 * so garbage left by an earlier run never counts against a script; a second refusal in a
 * row trips the limit, and once tripped it keeps refusing, so a script that catches the
 * error with pcall cannot go on allocating. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    Sandbox *s = ud;
    size_t old = ptr ? osize : 0, oldcost = ptr ? chunk_cost(osize) : 0;
    if (nsize == 0) {
        free(ptr);
        s->used -= oldcost;
        return NULL;
    }
    size_t cost = chunk_cost(nsize);
    if (nsize > old && nsize - old >= BIG_ALLOC && s->depth > 0) {
        if (s->tripped == TRIP_NONE && deadline_passed(s))
            s->tripped = TRIP_TIME;
        if (s->tripped != TRIP_NONE)
            return NULL;
    }
    if (cost > oldcost &&
        (s->tripped == TRIP_MEMORY || s->used + cost > s->budget || !resident_allows(s, cost))) {
        if (s->L != NULL && s->refused) /* not while the state is being created */
            s->tripped = TRIP_MEMORY;
        s->refused = 1;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p != NULL) {
        s->used = s->used - oldcost + cost;
        if (cost > oldcost)
            s->refused = 0;
    }
    return p;
}

static int deadline_passed(const Sandbox *s)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > s->deadline.tv_sec ||
           (now.tv_sec == s->deadline.tv_sec && now.tv_nsec >= s->deadline.tv_nsec);
}

static const char *trip_message(const Sandbox *s)
{
    switch (s->tripped) {
    case TRIP_INSTRUCTIONS: return "instruction limit exceeded";
    case TRIP_TIME: return "time limit exceeded";
    case TRIP_MEMORY: return "memory limit exceeded";
    }
    return "limit exceeded";
}

/* Once a limit trips the hook fires on every instruction and raises each time, so neither
 * pcall nor a loop around it can carry on. */
static void sb_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    Sandbox *s = sandbox_of(L);
    if (s->tripped == TRIP_NONE) {
        s->count += HOOK_EVERY;
        if (s->count > s->limits.max_instructions)
            s->tripped = TRIP_INSTRUCTIONS;
        else if (deadline_passed(s))
            s->tripped = TRIP_TIME;
        else
            return;
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    }
    luaL_error(L, "%s", trip_message(s));
}

void sandbox_charge(lua_State *L, long long work)
{
    Sandbox *s = sandbox_of(L);
    s->charged += work;
    if (s->charged < HOOK_EVERY)
        return;
    if (s->tripped == TRIP_NONE) {
        s->count += s->charged;
        if (s->count > s->limits.max_instructions)
            s->tripped = TRIP_INSTRUCTIONS;
        else if (deadline_passed(s))
            s->tripped = TRIP_TIME;
    }
    s->charged = 0;
    if (s->tripped != TRIP_NONE) {
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "%s", trip_message(s));
    }
}

/* --- The watchdog. The count hook cannot run inside one VM instruction, and one can run
 * for seconds in C (a table rehash of colliding keys). A POSIX timer on the monotonic clock
 * ends the process when a protected call runs WATCHDOG_GRACE_MS past its deadline: the
 * signal handler writes the time-limit error, formatted as the front end formats errors,
 * with write(2) and calls _exit. Setting a timer is a system call, and a settlement makes a
 * protected call for every term, so the timer is not set and cleared around each call: the
 * outermost call records when it is due and marks itself running, which costs nothing, and
 * sets the timer only when it is not set or set to fire later than that. A timer that fires
 * early (set for an earlier call) is set again for the call running; one that fires with no
 * call running is left unset. So the signal can reach the host between calls, where the
 * handler returns at once (SA_RESTART restarts what it interrupted). The state below is
 * process-wide; the handler reads what the calls write, and each call writes it before it
 * marks itself running. */

static struct {
    int enabled;
    pid_t pid; /* the process that made the timer: a forked child has none */
    timer_t timer;
    int status;                  /* the exit status */
    char prefix[32];             /* put before the message, "oce: " */
    volatile sig_atomic_t armed; /* a protected call is running */
    volatile sig_atomic_t unset; /* the timer is not set to fire */
    atomic_llong due;            /* when the running call is past its grace, in ns */
    long long expiry;            /* when the timer was last set to fire, in ns */
    const char *volatile file;   /* the contract file, or "" */
    volatile int line;           /* the term's line, or 0 */
    const char *volatile term;   /* the term running, or NULL */
} watchdog;

static long long clock_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* Sets the timer to fire at ns on the monotonic clock (async-signal-safe). */
static void set_timer(long long ns)
{
    struct itimerspec when = {{0, 0}, {(time_t)(ns / 1000000000LL), (long)(ns % 1000000000LL)}};
    timer_settime(watchdog.timer, TIMER_ABSTIME, &when, NULL);
}

static size_t append(char *buf, size_t n, size_t size, const char *text)
{
    while (*text != '\0' && n + 1 < size)
        buf[n++] = *text++;
    return n;
}

/* The handler: only async-signal-safe calls (clock_gettime, timer_settime, write, _exit)
 * and its own formatting. */
static void watchdog_fire(int sig)
{
    (void)sig;
    if (!watchdog.armed) {
        watchdog.unset = 1;
        return;
    }
    long long due = atomic_load(&watchdog.due);
    if (clock_ns() < due) {
        set_timer(due);
        return;
    }
    char msg[700], digits[16];
    size_t n = append(msg, 0, sizeof msg, watchdog.prefix);
    if (watchdog.file[0] != '\0') {
        n = append(msg, n, sizeof msg, watchdog.file);
        n = append(msg, n, sizeof msg, ":");
        if (watchdog.line > 0) {
            size_t k = sizeof digits - 1;
            digits[k] = '\0';
            for (unsigned v = (unsigned)watchdog.line; v > 0 && k > 0; v /= 10)
                digits[--k] = (char)('0' + v % 10);
            n = append(msg, n, sizeof msg, digits + k);
            n = append(msg, n, sizeof msg, ":");
        }
        n = append(msg, n, sizeof msg, " ");
    }
    if (watchdog.term != NULL) {
        n = append(msg, n, sizeof msg, "term \"");
        n = append(msg, n, sizeof msg, watchdog.term);
        n = append(msg, n, sizeof msg, "\": ");
    }
    n = append(msg, n, sizeof msg, "time limit exceeded\n");
    ssize_t w = write(STDERR_FILENO, msg, n);
    (void)w; /* nothing more can be done about a failed write here */
    _exit(watchdog.status);
}

int sandbox_watchdog_enable(const char *prefix, int status, OceError *err)
{
    if (watchdog.enabled && watchdog.pid == getpid())
        return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = watchdog_fire;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    struct sigevent ev;
    memset(&ev, 0, sizeof ev);
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGALRM;
    if (sigaction(SIGALRM, &sa, NULL) != 0 ||
        timer_create(CLOCK_MONOTONIC, &ev, &watchdog.timer) != 0)
        return error_set(err, OCE_EINTERNAL, NULL, 0,
                         "cannot set up the timer that bounds a script's time");
    snprintf(watchdog.prefix, sizeof watchdog.prefix, "%s", prefix ? prefix : "");
    watchdog.status = status;
    watchdog.file = "";
    watchdog.armed = 0;
    watchdog.unset = 1;
    watchdog.pid = getpid();
    watchdog.enabled = 1;
    return 0;
}

/* The outermost protected call, with left_ns of its budget left, starts. */
static void watchdog_arm(const Sandbox *s, const char *term, long long left_ns)
{
    if (!watchdog.enabled)
        return;
    long long due = clock_ns() + left_ns + WATCHDOG_GRACE_MS * 1000000LL;
    atomic_store(&watchdog.due, due);
    watchdog.file = s->file;
    watchdog.line = s->watch_line;
    watchdog.term = term;
    watchdog.armed = 1;
    if (watchdog.unset || watchdog.expiry > due) {
        watchdog.unset = 0;
        watchdog.expiry = due;
        set_timer(due);
    }
}

static void watchdog_disarm(void)
{
    watchdog.armed = 0;
}

static long long elapsed_ns(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - since->tv_sec) * 1000000000LL + (now.tv_nsec - since->tv_nsec);
}

/* The outermost protected call starts: its deadline is what is left of the budget. */
static void enter(Sandbox *s, const char *term)
{
    long long left = s->limits.timeout_ms * 1000000LL - s->spent_ns;
    if (left < 0)
        left = 0;
    clock_gettime(CLOCK_MONOTONIC, &s->entered);
    s->deadline.tv_sec = s->entered.tv_sec + (time_t)(left / 1000000000LL);
    s->deadline.tv_nsec = s->entered.tv_nsec + (long)(left % 1000000000LL);
    if (s->deadline.tv_nsec >= 1000000000L) {
        s->deadline.tv_sec++;
        s->deadline.tv_nsec -= 1000000000L;
    }
    watchdog_arm(s, term, left);
}

static void leave(Sandbox *s)
{
    watchdog_disarm();
    s->spent_ns += elapsed_ns(&s->entered);
    s->watch_line = 0;
}

/* Copies at most MESSAGE_CAP bytes of msg, replacing control bytes, and cutting at a UTF-8
 * character boundary. */
static void copy_message(char *dst, size_t size, const char *msg, size_t len)
{
    size_t n = len < MESSAGE_CAP ? len : MESSAGE_CAP;
    while (n > 0 && n < len && ((unsigned char)msg[n] & 0xC0) == 0x80)
        n--;
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f) ? ' ' : msg[i];
    dst[n] = '\0';
    if (n < len && n + 4 < size)
        strcpy(dst + n, "...");
}

/* The message after a leading "chunk:line: ", or msg itself when it does not start so. */
static const char *after_position(const char *msg, const char *chunk)
{
    size_t n = strlen(chunk);
    if (n == 0 || strncmp(msg, chunk, n) != 0 || msg[n] != ':' || msg[n + 1] < '0' ||
        msg[n + 1] > '9')
        return msg;
    const char *p = msg + n + 1;
    while (*p >= '0' && *p <= '9')
        p++;
    return (p[0] == ':' && p[1] == ' ') ? p + 2 : msg;
}

/* Lua prefixes messages with "chunk:line: " of a function on the stack; the line is reported
 * separately. A message that only looks like that ("09:30: window missed") is kept whole. */
static const char *strip_position(lua_State *L, const char *msg)
{
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "S", &ar) || ar.what[0] == 'C')
            continue;
        const char *body = after_position(msg, ar.short_src);
        if (body != msg)
            return body;
    }
    return msg;
}

/* The message handler. It runs even when a limit tripped or memory is exhausted, so it only
 * reads: the error object (a string, or else only its type) and the stack, to find the line
 * of the contract script (a chunk named "@file") where the error arose. */
static int sb_msgh(lua_State *L)
{
    Sandbox *s = sandbox_of(L);
    s->errfile[0] = '\0';
    s->errline = 0;
    if (lua_type(L, 1) == LUA_TSTRING) {
        size_t len;
        const char *msg = lua_tolstring(L, 1, &len);
        const char *body = strip_position(L, msg);
        copy_message(s->errmsg, sizeof s->errmsg, body, len - (size_t)(body - msg));
    } else {
        snprintf(s->errmsg, sizeof s->errmsg, "error object is a %s value, not a message",
                 luaL_typename(L, 1));
    }
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
            snprintf(s->errfile, sizeof s->errfile, "%s", ar.source + 1);
            s->errline = ar.currentline;
            break;
        }
    }
    lua_settop(L, 1);
    return 1;
}

int sandbox_pcall(Sandbox *s, int nargs, int nresults, const char *term, OceError *err)
{
    lua_State *L = s->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, sb_msgh); /* a light C function: pushing it allocates nothing */
    lua_insert(L, base);
    s->errmsg[0] = '\0';
    s->errfile[0] = '\0'; /* a memory error does not reach the handler: no stale location */
    s->errline = 0;
    if (s->depth++ == 0)
        enter(s, term);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    if (s->tripped == TRIP_NONE && deadline_passed(s))
        s->tripped = TRIP_TIME;
    if (--s->depth == 0)
        leave(s);
    if (s->tripped == TRIP_NONE && (status == LUA_ERRMEM || s->refused))
        s->tripped = TRIP_MEMORY; /* a refusal the script caught still counts */
    if (status == LUA_OK && s->tripped == TRIP_NONE)
        return 0;
    if (status == LUA_OK)
        lua_pop(L, nresults == LUA_MULTRET ? lua_gettop(L) - base + 1 : nresults);
    else
        lua_pop(L, 1);
    OceCode code = term ? OCE_ESCRIPT : OCE_ECONTRACT;
    const char *msg = s->errmsg;
    if (s->tripped != TRIP_NONE) {
        code = OCE_ELIMIT;
        msg = trip_message(s);
    }
    char own[80]; /* the term library names the term itself, for errors raised while loading */
    snprintf(own, sizeof own, "term \"%s\": ", term ? term : "");
    if (term != NULL && strncmp(msg, own, strlen(own)) == 0)
        msg += strlen(own);
    error_set(err, code, s->errfile, s->errline, "%s", msg);
    error_set_term(err, term);
    return -1;
}

/* --- The library set, built by hand. --------------------------------------------------- */

static int sb_rep(lua_State *L)
{
    size_t len, seplen;
    luaL_checklstring(L, 1, &len);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &seplen);
    if (n > 0 && (n > REP_CAP || (len + seplen) * (size_t)n > REP_CAP))
        return luaL_error(L, "string.rep: result would exceed %d bytes", REP_CAP);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* Replaces the value at idx with its text as tostring gives it, without addresses: "table:
 * 0x55d0..." would make output differ run to run. A __tostring is called once, directly;
 * money's text comes from the Lua API's function (sandbox_money_tag), which is its
 * __tostring. */
static void to_text(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    int t = lua_type(L, idx);
    if (t == LUA_TSTRING)
        return;
    const SandboxMoneyTag *money = &sandbox_of(L)->money;
    if (t == LUA_TUSERDATA && money->push_text != NULL && lua_getmetatable(L, idx)) {
        const void *mt = lua_topointer(L, -1);
        lua_pop(L, 1);
        if (mt == money->metatable) { /* money: its own text, without a call through Lua */
            money->push_text(L, idx);
            lua_replace(L, idx);
            return;
        }
    }
    if ((t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TUSERDATA || t == LUA_TTHREAD ||
         t == LUA_TLIGHTUSERDATA)) {
        if (luaL_getmetafield(L, idx, "__tostring") == LUA_TNIL) {
            lua_pushstring(L, lua_typename(L, t));
        } else {
            lua_pushvalue(L, idx);
            lua_call(L, 1, 1);
            if (!lua_isstring(L, -1))
                luaL_error(L, "'__tostring' must return a string");
        }
    } else {
        luaL_tolstring(L, idx, NULL);
    }
    lua_replace(L, idx);
}

static int sb_tostring(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    to_text(L, 1);
    return 1;
}

/* Whether a format string holds %p, which prints an object's address. The whole string is
 * read: Lua formats past an embedded NUL. */
static int has_pointer_spec(const char *f, size_t len)
{
    const char *end = f + len;
    while (f < end && (f = memchr(f, '%', (size_t)(end - f))) != NULL) {
        f++;
        if (f < end && *f == '%') {
            f++;
            continue;
        }
        while (f < end && *f != '\0' && strchr("-+ #0123456789.", *f) != NULL)
            f++;
        if (f < end && *f == 'p')
            return 1;
    }
    return 0;
}

/* string.format, with every non-number argument passed through the safe tostring first, and
 * without %p: addresses change from run to run. */
static int sb_format(lua_State *L)
{
    size_t flen;
    const char *fmt = luaL_checklstring(L, 1, &flen);
    if (has_pointer_spec(fmt, flen))
        return luaL_error(L, "string.format: %%p is not allowed in contract scripts (it shows a "
                             "memory address)");
    int n = lua_gettop(L);
    for (int i = 2; i <= n; i++) {
        if (lua_type(L, i) == LUA_TNUMBER || lua_type(L, i) == LUA_TSTRING)
            continue;
        to_text(L, i);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    return 1;
}

/* The metamethods a script may not set: the hook cannot interrupt __gc (it runs in
 * finalizers) or __close (it runs while unwinding), and __mode makes results depend on the
 * collector. */
static const char *const refused[] = {"__gc", "__mode", "__close"};

static const char *refused_field(lua_State *L, int key)
{
    if (lua_type(L, key) != LUA_TSTRING)
        return NULL;
    const char *k = lua_tostring(L, key);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strcmp(k, refused[i]) == 0)
            return refused[i];
    return NULL;
}

/* __newindex of a sealed metatable (mt, key, value): refuses the refused fields, and stores
 * anything else as the metatable's own __newindex did (upvalue 1; nil for a raw store). */
static int sealed_newindex(lua_State *L)
{
    const char *name = refused_field(L, 2);
    if (name != NULL)
        return luaL_error(L, "%s is not allowed in contract scripts", name);
    lua_settop(L, 3);
    int how = lua_type(L, lua_upvalueindex(1));
    if (how == LUA_TNIL) {
        lua_rawset(L, 1);
    } else if (how == LUA_TFUNCTION) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, 3, 0);
    } else {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 2);
        lua_settable(L, 2);
    }
    return 0;
}

/* A table setmetatable accepted keeps the refused fields out for good: Lua looks __mode up
 * at every collection and __close when a variable is declared, so adding one later would
 * work if nothing stopped it. The table gets a metatable of its own whose __newindex refuses
 * them; it copies the fields of any metatable the table had, and is itself protected, so
 * getmetatable shows the old metatable (or false) and the seal cannot be taken off. */
static void seal(lua_State *L, int mt)
{
    int had = lua_getmetatable(L, mt); /* old? */
    if (had) {
        lua_pushliteral(L, "__newindex");
        lua_rawget(L, -2);
        int sealed = lua_tocfunction(L, -1) == sealed_newindex;
        lua_pop(L, 1);
        if (sealed) {
            lua_pop(L, 1);
            return;
        }
    } else {
        lua_pushnil(L);
    }
    lua_newtable(L); /* old, guard */
    if (had) {
        lua_pushnil(L);
        while (lua_next(L, -3)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -4);
        }
    }
    lua_pushliteral(L, "__newindex");
    if (had) {
        lua_pushliteral(L, "__newindex");
        lua_rawget(L, -4);
    } else {
        lua_pushnil(L);
    }
    lua_pushcclosure(L, sealed_newindex, 1);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__metatable");
    lua_rawget(L, -2);
    int protected = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (!protected) {
        lua_pushliteral(L, "__metatable");
        if (had)
            lua_pushvalue(L, -3);
        else
            lua_pushboolean(L, 0);
        lua_rawset(L, -3);
    }
    lua_setmetatable(L, mt);
    lua_pop(L, 1);
}

/* setmetatable refuses the refused fields (read raw, as Lua reads metamethods), then seals
 * the metatable so they cannot be added afterwards. */
static int sb_setmetatable(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    for (size_t i = 0; lua_type(L, 2) == LUA_TTABLE && i < sizeof refused / sizeof *refused; i++)
        if (lua_pushstring(L, refused[i]), lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: %s is not allowed in contract scripts", refused[i]);
    lua_settop(L, 2);
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 2, 1); /* t, mt, t */
    if (lua_type(L, 2) == LUA_TTABLE)
        seal(L, 2);
    return 1;
}

/* Orders keys so that pairs is deterministic: booleans, then numbers, then strings. */
static int key_rank(lua_State *L, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return 0;
    case LUA_TNUMBER: return 1;
    case LUA_TSTRING: return 2;
    }
    return -1;
}

/* Compares the two values on top of the stack (a below b): whether a < b. Leaves them. */
typedef int (*LessFn)(lua_State *L, int cmp);

static int less_lua(lua_State *L, int cmp)
{
    if (cmp == 0)
        return lua_compare(L, -2, -1, LUA_OPLT);
    lua_pushvalue(L, cmp);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_call(L, 2, 1);
    int r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

/* Sorts t[1..n] in place, stably, by a bottom-up merge sort through a second table: O(n log n)
 * comparisons, every one charged to the script's budget (they may run in C, where the hook
 * cannot). Stock table.sort is an unstable quicksort that may pick pivots from the clock. */
static void merge_sort(lua_State *L, int t, lua_Integer n, LessFn less, int cmp)
{
    lua_createtable(L, n > 0 && n < INT32_MAX ? (int)n : 0, 0);
    int src = t, dst = lua_gettop(L);
    for (lua_Integer width = 1; width < n; width *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width <= n ? lo + width : n + 1;
            lua_Integer hi = lo + 2 * width <= n ? lo + 2 * width : n + 1;
            lua_Integer i = lo, j = mid;
            for (lua_Integer k = lo; k < hi; k++) {
                if (i < mid && j < hi) {
                    lua_rawgeti(L, src, j);
                    lua_rawgeti(L, src, i); /* right, left */
                    sandbox_charge(L, 1);
                    int right_first = less(L, cmp);
                    if (right_first)
                        lua_pop(L, 1), j++;
                    else
                        lua_remove(L, -2), i++;
                } else {
                    lua_rawgeti(L, src, i < mid ? i++ : j++);
                }
                lua_rawseti(L, dst, k);
            }
        }
        int swap = src;
        src = dst;
        dst = swap;
    }
    for (lua_Integer k = 1; src != t && k <= n; k++) {
        lua_rawgeti(L, src, k);
        lua_rawseti(L, t, k);
    }
    lua_pop(L, 1);
}

/* --- Fixed tables. A contract's script runs once, when it loads, and what it made then (its
 * declaration, the helpers' settings, the tables its terms keep in upvalues) is shared by
 * every settlement after it; so it is made fixed. A fixed table is emptied into a table only
 * the host reaches, its contents, and given a metatable that reads through to them (__index),
 * refuses every write (__newindex: the table is empty, so every assignment reaches it) and
 * gives their length (__len). pairs, rawget, rawlen and the table functions below read the
 * contents; a write is an error naming the key. */

#define LOADED_WHY                                                                                 \
    "a table made when the contract loaded: what a contract declares is fixed, so that no "        \
    "settlement changes the next (make a new table inside the term)"
#define PARAMS_WHY                                                                                 \
    "params: a template's parameters are the portfolio's, as it gives them (make a local of "      \
    "your own)"
#define CTX_WHY                                                                                    \
    "ctx: every term of a settlement sees the same ctx, so that no term changes what the next "    \
    "sees (make a new table inside the term)"

static int refuse_change(lua_State *L, const char *why)
{
    char shown[80] = "?";
    if (lua_type(L, 2) == LUA_TSTRING)
        snprintf(shown, sizeof shown, "'%.60s'", lua_tostring(L, 2));
    else if (lua_type(L, 2) == LUA_TNUMBER)
        snprintf(shown, sizeof shown, "%s", lua_tostring(L, 2));
    return luaL_error(L, "cannot change field %s of %s", shown, why);
}

/* The __newindex of a fixed table the script made, and of one of ctx, which the host made. */
static int frozen_newindex(lua_State *L)
{
    return refuse_change(L, LOADED_WHY);
}

static int ctx_newindex(lua_State *L)
{
    return refuse_change(L, CTX_WHY);
}

static int params_newindex(lua_State *L)
{
    return refuse_change(L, PARAMS_WHY);
}

/* Whether the table at idx is fixed (1 made by the script, 2 by the host for ctx); if so,
 * pushes its contents. */
static int push_fixed_contents(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx))
        return 0;
    lua_pushliteral(L, "__newindex");
    lua_rawget(L, -2);
    lua_CFunction f = lua_tocfunction(L, -1);
    int fixed = f == frozen_newindex ? 1 : f == ctx_newindex || f == params_newindex ? 2 : 0;
    lua_pop(L, 1);
    if (!fixed) {
        lua_pop(L, 1);
        return 0;
    }
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
    return fixed;
}

void sandbox_push_contents(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || !push_fixed_contents(L, idx))
        lua_pushvalue(L, idx);
}

int sandbox_is_fixed(lua_State *L, int idx)
{
    int fixed = lua_type(L, idx) == LUA_TTABLE ? push_fixed_contents(L, idx) : 0;
    if (fixed)
        lua_pop(L, 1);
    return fixed;
}

static int frozen_len(lua_State *L)
{
    sandbox_push_contents(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static void seal_fixed(lua_State *L, int idx, lua_CFunction refuse);

void sandbox_fixed_from(lua_State *L)
{
    lua_createtable(L, 0, 0); /* contents, fixed */
    lua_insert(L, -2);
    seal_fixed(L, -2, ctx_newindex);
}

void sandbox_fixed_params(lua_State *L)
{
    lua_createtable(L, 0, 0); /* contents, fixed */
    lua_insert(L, -2);
    seal_fixed(L, -2, params_newindex);
}

/* Gives the empty table at idx the metatable of a fixed table whose contents are on top of
 * the stack (popped). */
static void seal_fixed(lua_State *L, int idx, lua_CFunction refuse)
{
    idx = lua_absindex(L, idx);
    lua_createtable(L, 0, 4); /* contents, mt */
    lua_insert(L, -2);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, refuse);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, frozen_len);
    lua_setfield(L, -2, "__len");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, idx);
}

static int readonly_newindex(lua_State *L);
static int env_newindex(lua_State *L);

/* Whether the table at idx has a metatable the host made it immutable with: fixed, a
 * read-only built-in, an environment. */
static int host_sealed(lua_State *L, int idx, int *has_metatable)
{
    *has_metatable = lua_getmetatable(L, idx);
    if (!*has_metatable)
        return 0;
    lua_pushliteral(L, "__newindex");
    lua_rawget(L, -2);
    lua_CFunction f = lua_tocfunction(L, -1);
    lua_pop(L, 2);
    return f == frozen_newindex || f == ctx_newindex || f == params_newindex ||
           f == readonly_newindex || f == env_newindex;
}

/* The walk of sandbox_fix, in a protected call. Its stack: the root; the set of what it has
 * reached (tables and functions, and upvalues as light userdata); the list of upvalues to
 * restore, or nil when fixing the term library, which never assigns its own; the set of the
 * library's objects, which it passes by, or nil; the set of the library's chunk sources, or
 * nil; then its stack of work, in place of recursion, so that a deep structure cannot run
 * the C stack out. Every step is charged to the budget. */
enum { FIX_ROOT = 1, FIX_SEEN, FIX_RESTORE, FIX_LIBRARY, FIX_SOURCES, FIX_WORK };

/* Whether the value at v is in the set at set (a table; nil holds nothing). */
static int in_set(lua_State *L, int set, int v)
{
    if (!lua_istable(L, set))
        return 0;
    lua_pushvalue(L, v);
    int in = lua_rawget(L, set) != LUA_TNIL;
    lua_pop(L, 1);
    return in;
}

static void add_to_set(lua_State *L, int set, int v)
{
    lua_pushvalue(L, v);
    lua_pushboolean(L, 1);
    lua_rawset(L, set);
}

/* Puts the value at v (absolute) on the stack of work, unless it holds nothing that can
 * change, or is a function reached before or the library's. A table is not looked up in the
 * sets: one reached before, or the library's, is fixed already when its turn comes (see
 * fix_table), and a table reached twice before its turn is only fixed once. */
static void fix_push(lua_State *L, lua_Integer *n, int v)
{
    int t = lua_type(L, v);
    if (t == LUA_TFUNCTION) {
        if (in_set(L, FIX_SEEN, v) || in_set(L, FIX_LIBRARY, v))
            return;
        add_to_set(L, FIX_SEEN, v);
    } else if (t != LUA_TTABLE) {
        return;
    }
    lua_pushvalue(L, v);
    lua_rawseti(L, FIX_WORK, ++*n);
}

/* The sizes a table of the n keys of the table at v needs, so that filling it rehashes
 * seldom: the integer keys 1..n in its array part, the others in its hash. A second pass is
 * made only for a table whose integer keys run past n. Not charged: the walk charges each
 * key when it moves it. */
static void count_keys(lua_State *L, int v, int *narray, int *nhash)
{
    lua_Integer n = 0, small = 0, top = 0;
    lua_pushnil(L);
    while (lua_next(L, v)) {
        lua_pop(L, 1);
        n++;
        lua_Integer k = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
        if (k >= 1) {
            small++;
            top = k > top ? k : top;
        }
    }
    lua_Integer in_array = small;
    if (top > n) {
        in_array = 0;
        lua_pushnil(L);
        while (lua_next(L, v)) {
            lua_pop(L, 1);
            lua_Integer k = lua_isinteger(L, -1) ? lua_tointeger(L, -1) : 0;
            in_array += k >= 1 && k <= n;
        }
    }
    *narray = in_array < INT_MAX ? (int)in_array : 0;
    *nhash = n - in_array < INT_MAX ? (int)(n - in_array) : 0;
}

static void fix_table(lua_State *L, int v, lua_Integer *n)
{
    int has_metatable;
    if (host_sealed(L, v, &has_metatable))
        return; /* fixed already, or the host's */
    if (has_metatable)
        luaL_error(L, "a table given a metatable when the contract loaded is kept for its terms; "
                      "what a contract declares is fixed when it loads, so give tables "
                      "metatables inside the term that uses them");
    int narray, nhash;
    count_keys(L, v, &narray, &nhash);
    lua_createtable(L, narray, nhash); /* contents */
    int contents = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, v)) { /* contents, k, value */
        sandbox_charge(L, 1);
        fix_push(L, n, lua_gettop(L) - 1);
        fix_push(L, n, lua_gettop(L));
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, contents);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, v); /* clearing a field during the traversal is allowed */
    }
    seal_fixed(L, v, frozen_newindex);
}

static void fix_function(lua_State *L, int v, lua_Integer *n, lua_Integer *nrestore)
{
    int restored = lua_istable(L, FIX_RESTORE);
    if (restored && !lua_iscfunction(L, v) && lua_istable(L, FIX_SOURCES)) {
        lua_Debug ar;
        lua_pushvalue(L, v);
        lua_getinfo(L, ">S", &ar);
        lua_pushlightuserdata(L, (void *)ar.source);
        restored = !in_set(L, FIX_SOURCES, lua_gettop(L)); /* the library never assigns its own */
        lua_pop(L, 1);
    }
    for (int i = 1; lua_getupvalue(L, v, i) != NULL; i++) {
        int up = lua_gettop(L);
        lua_pushlightuserdata(L, lua_upvalueid(L, v, i));
        if (!in_set(L, FIX_SEEN, up + 1)) {
            add_to_set(L, FIX_SEEN, up + 1);
            if (restored) {
                lua_pushvalue(L, v);
                lua_rawseti(L, FIX_RESTORE, ++*nrestore);
                lua_pushinteger(L, i);
                lua_rawseti(L, FIX_RESTORE, ++*nrestore);
                lua_pushvalue(L, up);
                lua_rawseti(L, FIX_RESTORE, ++*nrestore);
            }
            fix_push(L, n, up);
        }
        lua_settop(L, up - 1);
    }
}

static int fix_walk(lua_State *L)
{
    lua_settop(L, FIX_SOURCES);
    lua_createtable(L, 64, 0); /* FIX_WORK, sized for a contract of a few dozen tables */
    lua_Integer n = 0;
    lua_Integer nrestore =
        lua_istable(L, FIX_RESTORE) ? (lua_Integer)lua_rawlen(L, FIX_RESTORE) : 0;
    fix_push(L, &n, FIX_ROOT);
    while (n > 0) {
        sandbox_charge(L, 1);
        lua_rawgeti(L, FIX_WORK, n);
        lua_pushnil(L);
        lua_rawseti(L, FIX_WORK, n--);
        int v = lua_gettop(L);
        if (lua_istable(L, v))
            fix_table(L, v, &n);
        else
            fix_function(L, v, &n, &nrestore);
        lua_settop(L, FIX_WORK);
    }
    return 0;
}

int sandbox_fix(Sandbox *s, int idx, int *restore, OceError *err)
{
    lua_State *L = s->L;
    idx = lua_absindex(L, idx);
    if (*restore == LUA_NOREF) {
        lua_newtable(L);
        *restore = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_pushcfunction(L, fix_walk);
    lua_pushvalue(L, idx);
    lua_createtable(L, 0, 128); /* seen: a contract's functions and upvalues, without rehashing */
    lua_rawgeti(L, LUA_REGISTRYINDEX, *restore);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->library);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->sources);
    return sandbox_pcall(s, 5, 0, NULL, err);
}

void sandbox_restore(Sandbox *s, int restore)
{
    lua_State *L = s->L;
    if (restore == LUA_NOREF || restore == LUA_REFNIL)
        return;
    lua_rawgeti(L, LUA_REGISTRYINDEX, restore);
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer k = 1; k + 2 <= n; k += 3) {
        lua_rawgeti(L, -1, k);
        lua_rawgeti(L, -2, k + 1);
        int i = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_rawgeti(L, -2, k + 2);
        lua_setupvalue(L, -2, i);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

void sandbox_unref(Sandbox *s, int ref)
{
    luaL_unref(s->L, LUA_REGISTRYINDEX, ref);
}

/* --- The table library on raw access. Stock insert, remove, concat and unpack loop in C over
 * a length and a range the script chooses, through __len and __index, where the hook cannot
 * run: a __len of math.maxinteger hangs the host. These read and write the table raw, over
 * its raw length, and charge every element they touch. Writing raw would go past a
 * metatable's __newindex (the read-only builtins are such tables), so the functions that
 * write take only plain tables. */

static void check_plain(lua_State *L, const char *fn)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    int fixed = sandbox_is_fixed(L, 1);
    if (fixed)
        luaL_error(L, "table.%s cannot change %s", fn, fixed == 1 ? LOADED_WHY : CTX_WHY);
    if (lua_getmetatable(L, 1))
        luaL_error(L, "table.%s changes plain tables only, not one with a metatable", fn);
}

static int sb_insert(lua_State *L)
{
    check_plain(L, "insert");
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1), pos = n + 1;
    int value = lua_gettop(L); /* the value is the last argument */
    switch (value) {
    case 2: break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)n + 1u, 2,
                      "position out of bounds");
        sandbox_charge(L, n - pos + 1);
        for (lua_Integer i = n; i >= pos; i--) {
            lua_rawgeti(L, 1, i);
            lua_rawseti(L, 1, i + 1);
        }
        break;
    default: return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_pushvalue(L, value);
    lua_rawseti(L, 1, pos);
    return 0;
}

static int sb_remove(lua_State *L)
{
    check_plain(L, "remove");
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1), pos = luaL_optinteger(L, 2, n);
    if (pos != n)
        luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)n, 2, "position out of bounds");
    lua_rawgeti(L, 1, pos); /* the result */
    sandbox_charge(L, n - pos + 1);
    for (; pos < n; pos++) {
        lua_rawgeti(L, 1, pos + 1);
        lua_rawseti(L, 1, pos);
    }
    if (pos <= n) {
        lua_pushnil(L);
        lua_rawseti(L, 1, pos);
    }
    return 1;
}

/* The contents of the table argument 1 in its place, for reading raw. */
static void contents_arg(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    sandbox_push_contents(L, 1);
    lua_replace(L, 1);
}

static int sb_concat(lua_State *L)
{
    contents_arg(L);
    size_t seplen;
    const char *sep = luaL_optlstring(L, 2, "", &seplen);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    lua_Integer j = lua_isnoneornil(L, 4) ? (lua_Integer)lua_rawlen(L, 1) : luaL_checkinteger(L, 4);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (; i <= j; i++) {
        sandbox_charge(L, 1);
        lua_rawgeti(L, 1, i);
        if (!lua_isstring(L, -1))
            return luaL_error(L, "invalid value (%s) at index %I in table for 'concat'",
                              luaL_typename(L, -1), (LUAI_UACINT)i);
        luaL_addvalue(&b);
        if (i != j)
            luaL_addlstring(&b, sep, seplen);
        if (i == LUA_MAXINTEGER)
            break;
    }
    luaL_pushresult(&b);
    return 1;
}

static int sb_unpack(lua_State *L)
{
    contents_arg(L);
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer j = lua_isnoneornil(L, 3) ? (lua_Integer)lua_rawlen(L, 1) : luaL_checkinteger(L, 3);
    if (i > j)
        return 0;
    lua_Unsigned n = (lua_Unsigned)j - (lua_Unsigned)i;
    if (n >= (unsigned)INT_MAX || !lua_checkstack(L, (int)(++n)))
        return luaL_error(L, "too many results to unpack");
    sandbox_charge(L, (long long)n);
    for (lua_Integer k = i; k < j; k++)
        lua_rawgeti(L, 1, k);
    lua_rawgeti(L, 1, j);
    return (int)n;
}

/* Raises stock Lua's "invalid order function for sorting" unless the sorted t[1..n] is in
 * the order less gives: t[1] not less than itself, and no element less than the one before
 * it. A strict order always passes (a merge sort leaves nothing before an element it is less
 * than); `return true`, `a <= b` and orders that say both a < b and b < a fail, whatever the
 * data. Stock Lua notices a broken order only when its quicksort happens to run off the
 * array, so whether it complains depends on the data; this costs n comparisons more, on top
 * of the sort's n log n, each charged like the sort's. */
static void check_order(lua_State *L, int t, lua_Integer n, int cmp)
{
    for (lua_Integer k = 1; k <= n && n > 1; k++) {
        lua_rawgeti(L, t, k);
        lua_rawgeti(L, t, k > 1 ? k - 1 : k); /* t[k], t[k - 1] (t[1], t[1] at first) */
        sandbox_charge(L, 1);
        if (less_lua(L, cmp))
            luaL_error(L, "invalid order function for sorting");
        lua_pop(L, 2);
    }
}

/* table.sort(t [, less]), stable, and refusing an order function that is not one. */
static int sb_sort(lua_State *L)
{
    check_plain(L, "sort");
    int cmp = 0;
    if (!lua_isnoneornil(L, 2)) {
        luaL_checktype(L, 2, LUA_TFUNCTION);
        cmp = 2;
    }
    lua_settop(L, 2);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    merge_sort(L, 1, n, less_lua, cmp);
    check_order(L, 1, n, cmp);
    return 0;
}

/* The iterator of pairs: upvalues the table's contents, its keys in order and the position.
 * An iterator a script made when it loaded has its tables fixed with the rest of what it
 * made, so they are read through. */
static int pairs_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_settop(L, 0);
    sandbox_push_contents(L, lua_upvalueindex(1));
    sandbox_push_contents(L, lua_upvalueindex(2));
    if (lua_rawgeti(L, 2, i) == LUA_TNIL)
        return 1;
    lua_pushvalue(L, -1);
    lua_rawget(L, 1); /* raw, as stock pairs is */
    return 2;
}

/* A key of a table pairs visits, read for sorting in C: what lua_compare would compare. */
typedef struct PairsKey {
    int rank; /* key_rank */
    int is_int;
    lua_Integer i;
    lua_Number f;
    const char *s; /* the table holds the string while pairs sorts */
    size_t len;
} PairsKey;

/* Keys sorted in C without allocating: a table of up to this many keys, the settings of a
 * helper, say. A larger one takes a userdata. */
#define PAIRS_SMALL 32

static void read_key(lua_State *L, int idx, PairsKey *k)
{
    k->rank = key_rank(L, idx);
    k->is_int = lua_isinteger(L, idx);
    k->i = k->rank == 0 ? lua_toboolean(L, idx) : k->is_int ? lua_tointeger(L, idx) : 0;
    k->f = k->rank == 1 && !k->is_int ? lua_tonumber(L, idx) : 0;
    k->s = k->rank == 2 ? lua_tolstring(L, idx, &k->len) : NULL;
}

/* Whether the integer 2^53 in magnitude or less, where a double holds every integer. */
static int fits_double(lua_Integer i)
{
    return i >= -((lua_Integer)1 << 53) && i <= ((lua_Integer)1 << 53);
}

/* i < f and f < i exactly, as Lua compares an integer with a float (lvm.c's LTintfloat and
 * LTfloatint): through a float when the integer has one, else through f's ceiling or floor
 * when it is an integer, else by f's sign. Keys are never NaN. */
static int int_less_float(lua_Integer i, lua_Number f)
{
    if (fits_double(i))
        return (lua_Number)i < f;
    lua_Number c = ceil(f);
    if (c >= -9223372036854775808.0 && c < 9223372036854775808.0)
        return i < (lua_Integer)c;
    return f > 0;
}

static int float_less_int(lua_Number f, lua_Integer i)
{
    if (fits_double(i))
        return f < (lua_Number)i;
    lua_Number c = floor(f);
    if (c >= -9223372036854775808.0 && c < 9223372036854775808.0)
        return (lua_Integer)c < i;
    return f < 0;
}

/* a < b as sb_pairs orders keys: booleans (false first), then numbers by value, then strings
 * byte by byte, a prefix first (as lua_compare orders them in the C locale, which oce never
 * leaves). */
static int pairs_less(const PairsKey *a, const PairsKey *b)
{
    if (a->rank != b->rank)
        return a->rank < b->rank;
    if (a->rank == 0)
        return a->i < b->i;
    if (a->rank == 1) {
        if (a->is_int && b->is_int)
            return a->i < b->i;
        if (!a->is_int && !b->is_int)
            return a->f < b->f;
        return a->is_int ? int_less_float(a->i, b->f) : float_less_int(a->f, b->i);
    }
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n > 0 ? memcmp(a->s, b->s, n) : 0;
    return c != 0 ? c < 0 : a->len < b->len;
}

/* Sorts keys[0..n-1], with tmp as large, by the bottom-up merge sort of merge_sort: the same
 * comparisons, counted into *compared, so that they are charged as they were in Lua. */
static PairsKey *sort_keys(PairsKey *keys, PairsKey *tmp, size_t n, long long *compared)
{
    PairsKey *src = keys, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid;
            for (size_t k = lo; k < hi; k++) {
                if (i < mid && j < hi) {
                    ++*compared;
                    dst[k] = pairs_less(&src[j], &src[i]) ? src[j++] : src[i++];
                } else {
                    dst[k] = i < mid ? src[i++] : src[j++];
                }
            }
        }
        PairsKey *swap = src;
        src = dst;
        dst = swap;
    }
    return src;
}

/* Charges work as that many charges of one would: the budget counts it as it did when the
 * sort ran in Lua, one comparison at a time. */
static void charge_each(lua_State *L, long long work)
{
    Sandbox *s = sandbox_of(L);
    while (work > 0) {
        long long step = HOOK_EVERY - s->charged;
        step = step < 1 ? 1 : step > work ? work : step;
        sandbox_charge(L, step);
        work -= step;
    }
}

static void push_key(lua_State *L, const PairsKey *k)
{
    if (k->rank == 0)
        lua_pushboolean(L, (int)k->i);
    else if (k->rank == 1 && k->is_int)
        lua_pushinteger(L, k->i);
    else if (k->rank == 1)
        lua_pushnumber(L, k->f);
    else
        lua_pushlstring(L, k->s, k->len);
}

/* pairs in sorted key order: stock pairs follows the hash layout, which changes from run to
 * run. The keys are read into C (an array on the C stack for a small table, a userdata for
 * a larger one, so nothing is malloc'ed across a raise), merge-sorted there, every key and
 * every comparison charged to the script's budget, and kept in order in a table. */
static int sb_pairs(lua_State *L)
{
    contents_arg(L);
    lua_settop(L, 1);
    PairsKey small[2 * PAIRS_SMALL];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) { /* t, k, v */
        lua_pop(L, 1);
        if (key_rank(L, -1) < 0)
            return luaL_error(L,
                              "pairs: keys must be numbers, strings or booleans to be "
                              "visited in a fixed order, not %s",
                              luaL_typename(L, -1));
        sandbox_charge(L, 1);
        if (n < PAIRS_SMALL)
            read_key(L, -1, &small[n]);
        n++;
    }
    PairsKey *keys = small, *tmp = small + PAIRS_SMALL;
    if (n > PAIRS_SMALL) {
        if (n > (size_t)-1 / (2 * sizeof *keys))
            return luaL_error(L, "pairs: too many keys");
        keys = lua_newuserdatauv(L, 2 * n * sizeof *keys, 0); /* t, keys */
        tmp = keys + n;
        size_t k = 0; /* nothing changes the table between the passes (no __mode) */
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            lua_pop(L, 1);
            if (k < n)
                read_key(L, -1, &keys[k]);
            k++;
        }
        if (k != n)
            return luaL_error(L, "pairs: the table changed while it was read");
    }
    long long compared = 0;
    const PairsKey *sorted = sort_keys(keys, tmp, n, &compared);
    charge_each(L, compared);
    lua_createtable(L, n < INT32_MAX ? (int)n : 0, 0); /* t, [userdata,] order */
    for (size_t k = 0; k < n; k++) {
        push_key(L, &sorted[k]);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    if (keys != small)
        lua_replace(L, 2); /* t, order, in place of the userdata */
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, pairs_next, 3);
    return 1;
}

/* rawget and rawlen read a fixed table's contents; getmetatable shows a fixed table as the
 * plain table it was. */
static int sb_rawget(lua_State *L)
{
    contents_arg(L);
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    lua_rawget(L, 1);
    return 1;
}

static int sb_rawlen(lua_State *L)
{
    int t = lua_type(L, 1);
    luaL_argexpected(L, t == LUA_TTABLE || t == LUA_TSTRING, 1, "table or string");
    sandbox_push_contents(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int sb_getmetatable(lua_State *L)
{
    luaL_checkany(L, 1);
    if (sandbox_is_fixed(L, 1)) {
        lua_pushnil(L);
        return 1;
    }
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 1, 1);
    return 1;
}

/* Wraps the function on top of the stack as the single upvalue of f. */
static void wrap(lua_State *L, lua_CFunction f)
{
    lua_pushcclosure(L, f, 1);
}

static void copy_fields(lua_State *L, int from, int to, const char *const *names)
{
    from = lua_absindex(L, from);
    to = lua_absindex(L, to);
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, to, *names);
    }
}

/* Replaces the real string table's contents with the safe subset: the string metatable's
 * __index reaches the real table from any string ("").dump, so filtering a copy is not
 * enough. */
static void filter_string_lib(lua_State *L)
{
    static const char *const keep[] = {"byte",    "char", "len",   "lower",
                                       "reverse", "sub",  "upper", NULL};
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "string"); /* loaded, string */
    lua_newtable(L);               /* loaded, string, safe */
    copy_fields(L, -2, -1, keep);
    lua_getfield(L, -2, "rep");
    wrap(L, sb_rep);
    lua_setfield(L, -2, "rep");
    lua_getfield(L, -2, "format");
    wrap(L, sb_format);
    lua_setfield(L, -2, "format");
    lua_pushnil(L); /* empty the real table, then refill it */
    while (lua_next(L, -3)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, -5);
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -5);
    }
    lua_pop(L, 1); /* loaded, string */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1); /* loaded, string, "", mt */
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable"); /* getmetatable("") no longer reaches it */
    lua_pop(L, 4);
}

/* A read-only view of the table on top of the stack, which it replaces. */
static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "cannot assign to a field of a built-in table");
}

static void make_readonly(lua_State *L)
{
    lua_newtable(L); /* t, proxy */
    lua_newtable(L); /* t, proxy, mt */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

/* builtins[lib]: a read-only table of the named functions of a stock library, and of our own
 * replacements (extra, may be NULL). */
static void add_lib(lua_State *L, int builtins, const char *lib, const char *const *names,
                    const luaL_Reg *extra)
{
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, lib);
    lua_newtable(L);
    copy_fields(L, -2, -1, names);
    if (extra != NULL)
        luaL_setfuncs(L, extra, 0);
    make_readonly(L);
    lua_setfield(L, builtins, lib);
    lua_pop(L, 2);
}

static void add_base(lua_State *L, int builtins)
{
    static const char *const base[] = {"assert", "error",    "ipairs", "pcall", "rawequal",
                                       "select", "tonumber", "type",   NULL};
    static const char *const math[] = {"abs",  "ceil", "floor",      "fmod",       "huge",
                                       "max",  "min",  "maxinteger", "mininteger", "tointeger",
                                       "type", "ult",  NULL};
    static const char *const table[] = {"pack", NULL};
    lua_pushglobaltable(L);
    copy_fields(L, -1, builtins, base);
    lua_getfield(L, -1, "setmetatable");
    wrap(L, sb_setmetatable);
    lua_setfield(L, builtins, "setmetatable");
    lua_pop(L, 1);
    lua_getglobal(L, "getmetatable");
    wrap(L, sb_getmetatable);
    lua_setfield(L, builtins, "getmetatable");
    lua_pushcfunction(L, sb_rawget);
    lua_setfield(L, builtins, "rawget");
    lua_pushcfunction(L, sb_rawlen);
    lua_setfield(L, builtins, "rawlen");
    lua_pushcfunction(L, sb_tostring);
    lua_setfield(L, builtins, "tostring");
    lua_pushcfunction(L, sb_pairs);
    lua_setfield(L, builtins, "pairs");
    static const luaL_Reg table_extra[] = {{"sort", sb_sort},     {"insert", sb_insert},
                                           {"remove", sb_remove}, {"concat", sb_concat},
                                           {"unpack", sb_unpack}, {NULL, NULL}};
    add_lib(L, builtins, "math", math, NULL);
    add_lib(L, builtins, "table", table, table_extra);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "string");
    make_readonly(L);
    lua_setfield(L, builtins, "string");
    lua_pop(L, 1);
}

static int env_index(lua_State *L);

static int open_libs(lua_State *L)
{
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    lua_settop(L, 0);
    filter_string_lib(L);
    lua_newtable(L);
    add_base(L, 1);
    lua_newtable(L); /* builtins, mt: an unknown name is an error */
    lua_pushvalue(L, 1);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, 1);
    lua_newtable(L); /* the library's objects */
    lua_newtable(L); /* its sources */
    return 3;
}

Sandbox *sandbox_new(const SandboxLimits *limits, OceError *err)
{
    Sandbox *s = calloc(1, sizeof *s);
    if (s == NULL) {
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory creating the sandbox");
        return NULL;
    }
    if (limits)
        s->limits = *limits;
    if (s->limits.max_instructions <= 0)
        s->limits.max_instructions = SANDBOX_DEFAULT_INSTRUCTIONS;
    if (s->limits.max_memory == 0)
        s->limits.max_memory = SANDBOX_DEFAULT_MEMORY;
    if (s->limits.timeout_ms <= 0)
        s->limits.timeout_ms = SANDBOX_DEFAULT_TIMEOUT_MS;
    if (set_budget(s, err) != 0) {
        free(s);
        return NULL;
    }
    lua_State *L = lua_newstate(sb_alloc, s);
    if (L == NULL) {
        free(s);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory creating the sandbox");
        return NULL;
    }
    *(Sandbox **)lua_getextraspace(L) = s;
    s->money.ref = LUA_NOREF;
    s->compiled = LUA_NOREF;
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, HOOK_EVERY); /* before anything is loaded */
    s->L = L;
    sandbox_begin(s, NULL);
    lua_pushcfunction(L, open_libs);
    if (sandbox_pcall(s, 0, 3, NULL, err) != 0) {
        sandbox_free(s);
        return NULL;
    }
    s->sources = luaL_ref(L, LUA_REGISTRYINDEX);
    s->library = luaL_ref(L, LUA_REGISTRYINDEX);
    s->builtins = luaL_ref(L, LUA_REGISTRYINDEX);
    return s;
}

void sandbox_free(Sandbox *s)
{
    if (s == NULL)
        return;
    if (s->L) {
        s->tripped = TRIP_NONE; /* closing only frees */
        lua_close(s->L);
    }
    free(s);
#if defined(__GLIBC__)
    /* Give the freed state's pages back: malloc keeps them resident otherwise, and the next
     * sandbox of the process (the next contract of oce test) would count them as the host's,
     * leaving its scripts less memory than the same contract has on its own. */
    if (MEASURE_PROCESS)
        malloc_trim(0);
#endif
}

lua_State *sandbox_state(Sandbox *s)
{
    return s->L;
}

void sandbox_begin(Sandbox *s, const SandboxUsage *spent)
{
    s->count = spent != NULL ? spent->instructions : 0;
    s->spent_ns = spent != NULL ? spent->time_ns : 0;
    s->charged = 0;
    s->tripped = TRIP_NONE;
    s->refused = 0;
    rebase_resident(s);
    lua_sethook(s->L, sb_hook, LUA_MASKCOUNT, HOOK_EVERY);
}

SandboxUsage sandbox_usage(const Sandbox *s)
{
    SandboxUsage u = {s->count, s->spent_ns};
    return u;
}

void sandbox_set_file(Sandbox *s, const char *file)
{
    snprintf(s->file, sizeof s->file, "%s", file);
}

static int ref_top(lua_State *L)
{
    int *ref = lua_touserdata(L, 2);
    lua_settop(L, 1);
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int sandbox_ref(Sandbox *s, int *ref, OceError *err)
{
    lua_pushcfunction(s->L, ref_top);
    lua_insert(s->L, -2);
    lua_pushlightuserdata(s->L, ref);
    return sandbox_pcall(s, 2, 0, NULL, err);
}

void sandbox_collect(Sandbox *s)
{
    lua_gc(s->L, LUA_GCCOLLECT);
#if defined(__GLIBC__)
    if (MEASURE_PROCESS)
        malloc_trim(0);
#endif
    s->tidied = s->used;
}

void sandbox_tidy(Sandbox *s)
{
    if (s->used > s->tidied + TIDY_SLACK)
        sandbox_collect(s);
}

void sandbox_watch_line(Sandbox *s, int line)
{
    s->watch_line = line;
}

SandboxMoneyTag *sandbox_money_tag(lua_State *L)
{
    return &sandbox_of(L)->money;
}

long long sandbox_instructions(const Sandbox *s)
{
    return s->count;
}

size_t sandbox_memory(const Sandbox *s)
{
    return s->used;
}

/* The name Lua shows for the chunk of a file in messages: the file name, or its tail after
 * "..." when it is longer than LUA_IDSIZE allows. */
static void chunk_id(const char *file, char *buf, size_t size)
{
    size_t n = strlen(file);
    if (n < LUA_IDSIZE)
        snprintf(buf, size, "%s", file);
    else
        snprintf(buf, size, "...%s", file + n - (LUA_IDSIZE - 4));
}

/* --- Compiled chunks. A process that loads one contract file many times (a portfolio of
 * contracts written from one template) compiles its text once: sandbox_load keeps the
 * bytecode of each chunk it compiled, dumped with its debug information, under its chunk
 * name with the text it was compiled from, and loads a later chunk of the same name and the
 * same text from that bytecode (undumping costs a fraction of parsing). Only bytecode this
 * module made from text it compiled is ever loaded as binary; a contract file is always read
 * as text. At most COMPILED_MAX chunks are kept, then the cache starts again. */
#define COMPILED_MAX 64
/* Nor more than this many bytes of text and bytecode, nor a text above a quarter of it: the
 * cache is memory of the state, counted against the limit like a script's. */
#define COMPILED_BYTES (4u << 20)

typedef struct Dump {
    luaL_Buffer b;
    int started;
} Dump;

static int dump_write(lua_State *L, const void *p, size_t n, void *ud)
{
    Dump *d = ud;
    if (!d->started) {
        d->started = 1;
        luaL_buffinit(L, &d->b);
    }
    luaL_addlstring(&d->b, p, n);
    return 0;
}

/* The table of compiled chunks, made when first needed (or when full, afresh). */
static void push_compiled(lua_State *L, Sandbox *s, int fresh)
{
    if (s->compiled == LUA_NOREF || fresh) {
        luaL_unref(L, LUA_REGISTRYINDEX, s->compiled);
        s->compiled = LUA_NOREF;
        s->ncompiled = 0;
        s->compiled_bytes = 0;
        lua_newtable(L);
        lua_pushvalue(L, -1);
        s->compiled = luaL_ref(L, LUA_REGISTRYINDEX);
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, s->compiled);
    }
}

/* (name and text as light userdata, the text's length): the function compiled before from
 * that chunk name and text, or nil. In a protected call: it allocates. */
static int recall_chunk(lua_State *L)
{
    Sandbox *s = sandbox_of(L);
    const char *text = lua_touserdata(L, 2);
    size_t len = (size_t)lua_tointeger(L, 3);
    if (s->compiled == LUA_NOREF)
        return 0;
    push_compiled(L, s, 0);
    const char *name = lua_touserdata(L, 1);
    if (lua_getfield(L, -1, name) != LUA_TTABLE) /* compiled, entry */
        return 0;
    size_t was, n;
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 2); /* compiled, entry, text, bytecode */
    const char *prior = lua_tolstring(L, -2, &was), *code = lua_tolstring(L, -1, &n);
    if (prior == NULL || code == NULL || was != len || (len > 0 && memcmp(prior, text, len) != 0))
        return 0;
    /* Its own bytecode, which names the chunk as the text was named. */
    if (luaL_loadbufferx(L, code, n, name, "b") != LUA_OK)
        return 0;
    return 1;
}

/* (name and text as light userdata, the text's length, function): keeps the function's
 * bytecode under the chunk name, with the text it was compiled from. In a protected call. */
static int remember_chunk(lua_State *L)
{
    Sandbox *s = sandbox_of(L);
    lua_settop(L, 4);
    size_t len = (size_t)lua_tointeger(L, 3);
    if (len > COMPILED_BYTES / 4)
        return 0;
    push_compiled(L, s, s->ncompiled >= COMPILED_MAX || s->compiled_bytes > COMPILED_BYTES);
    /* name, text, len, function, compiled */
    lua_pushstring(L, lua_touserdata(L, 1));
    lua_createtable(L, 2, 0); /* ..., compiled, name, entry */
    lua_pushlstring(L, lua_touserdata(L, 2), (size_t)lua_tointeger(L, 3));
    lua_rawseti(L, -2, 1);
    Dump d = {.started = 0};
    lua_pushvalue(L, 4);
    if (lua_dump(L, dump_write, &d, 0) != 0 || !d.started)
        return 0;
    luaL_pushresult(&d.b); /* ..., entry, function, bytecode */
    size_t n = lua_rawlen(L, -1);
    lua_rawseti(L, -3, 2);
    lua_pop(L, 1);
    lua_rawset(L, 5);
    s->ncompiled++;
    s->compiled_bytes += len + n;
    return 0;
}

/* Calls f(name, text, len[, the function on top]) protected, a failure (of memory) only
 * meaning that the chunk is compiled from its text: it leaves the limits and the watchdog's
 * line as they were, so the script's own calls meet them as they would have. Pushes what f
 * returns, or nothing. */
static int chunk_call(Sandbox *s, lua_CFunction f, const char *name, const char *text, size_t len,
                      int with_function)
{
    lua_State *L = s->L;
    int watch_line = s->watch_line, was_tripped = s->tripped, was_refused = s->refused;
    lua_pushcfunction(L, f); /* none of these pushes allocates */
    lua_pushlightuserdata(L, (void *)name);
    lua_pushlightuserdata(L, (void *)text);
    lua_pushinteger(L, (lua_Integer)len);
    if (with_function)
        lua_pushvalue(L, -5);
    OceError ignored;
    error_init(&ignored);
    int rc = sandbox_pcall(s, 3 + with_function, with_function ? 0 : 1, NULL, &ignored);
    s->watch_line = watch_line;
    if (rc != 0) {
        s->tripped = was_tripped;
        s->refused = was_refused;
        return 0;
    }
    if (with_function)
        return 0;
    if (lua_isfunction(L, -1))
        return 1;
    lua_pop(L, 1);
    return 0;
}

int sandbox_load(Sandbox *s, const char *file, const char *text, size_t len, OceError *err)
{
    char name[300], id[LUA_IDSIZE + 4];
    snprintf(name, sizeof name, "@%s", file);
    snprintf(s->file, sizeof s->file, "%s", file);
    if (chunk_call(s, recall_chunk, name, text, len, 0))
        return 0;
    int status = luaL_loadbufferx(s->L, text, len, name, "t");
    if (status == LUA_OK) {
        chunk_call(s, remember_chunk, name, text, len, 1);
        return 0;
    }
    if (status == LUA_ERRMEM) {
        lua_pop(s->L, 1);
        return error_set(err, OCE_ELIMIT, file, 0, "memory limit exceeded while loading");
    }
    const char *msg = lua_tostring(s->L, -1); /* load errors are always strings */
    chunk_id(file, id, sizeof id);
    const char *body = after_position(msg, id);
    int line = body != msg ? atoi(msg + strlen(id) + 1) : 0;
    copy_message(s->errmsg, sizeof s->errmsg, body, strlen(body));
    lua_pop(s->L, 1);
    return error_set(err, OCE_ECONTRACT, file, line, "%s", s->errmsg);
}

void sandbox_set_builtin(Sandbox *s, const char *name)
{
    lua_rawgeti(s->L, LUA_REGISTRYINDEX, s->builtins);
    lua_insert(s->L, -2);
    lua_setfield(s->L, -2, name);
    lua_pop(s->L, 1);
}

/* Names of stock Lua that contract scripts do without, and why, so that an author who
 * reaches for one learns it was left out on purpose rather than misspelt. */
static const char *withheld(const char *name)
{
    static const struct {
        const char *name, *why;
    } names[] = {
        {"io", "terms cannot read or write files"},
        {"os", "terms cannot run programs or read the clock"},
        {"require", "a contract is one file; the term library is always loaded"},
        {"package", "a contract is one file; the term library is always loaded"},
        {"dofile", "a contract is one file"},
        {"loadfile", "a contract is one file"},
        {"load", "terms cannot compile code"},
        {"debug", "it reaches past the sandbox"},
        {"collectgarbage", "memory is managed for you"},
        {"coroutine", "terms run straight through"},
        {"print", "put what you want to show in a line's explanation"},
        {"next", "use pairs, which visits keys in a fixed order"},
        {"rawset", "assign fields as usual"},
        {"xpcall", "use pcall"},
        {"_G", "globals are read-only; use local variables"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].why;
    return NULL;
}

/* The __index of the builtins table, which is the __index of every environment: reached
 * only for a name that is no builtin, which is an error. (A name that is one is found by the
 * VM itself, without calling C.) */
static int env_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    const char *name = lua_tostring(L, 2);
    if (name == NULL)
        return luaL_error(L, "unknown global of type %s", luaL_typename(L, 2));
    const char *why = withheld(name);
    if (why != NULL)
        return luaL_error(L, "'%s' is not available in contract scripts: %s", name, why);
    const char *names[256];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, lua_upvalueindex(1)) && n < 256) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING)
            names[n++] = lua_tostring(L, -1); /* builtins keep their keys alive */
    }
    const char *best = error_suggest(name, names, n);
    if (best)
        return luaL_error(L, "unknown name '%s' (did you mean '%s'?)", name, best);
    return luaL_error(L, "unknown name '%s': declare it with local, or check the spelling", name);
}

static int env_newindex(lua_State *L)
{
    return luaL_error(L, "assignment to global '%s': declare it with local",
                      lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
}

void sandbox_push_env(Sandbox *s)
{
    lua_State *L = s->L;
    lua_newtable(L);
    lua_newtable(L); /* env, mt */
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->builtins);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

/* Adds the source of the chunk at 1 to the set at 2. */
static int add_source(lua_State *L)
{
    lua_Debug ar;
    lua_pushvalue(L, 1);
    lua_getinfo(L, ">S", &ar);
    lua_pushlightuserdata(L, (void *)ar.source);
    lua_pushboolean(L, 1);
    lua_rawset(L, 2);
    return 0;
}

/* next(t, k) in the table's own order, seeing through a fixed table to its contents: given
 * to a library chunk as its argument, never to a script. The library uses it only where the
 * order cannot show (counting keys, copying a table, asking whether any key is unknown), for
 * sorting the keys as pairs does costs a settings check more than the check itself. */
static int lib_next(lua_State *L)
{
    contents_arg(L);
    lua_settop(L, 2);
    if (lua_next(L, 1))
        return 2;
    lua_pushnil(L);
    return 1;
}

int sandbox_add_library(Sandbox *s, const char *name, const char *text, size_t len, OceError *err)
{
    lua_State *L = s->L;
    char chunk[80];
    snprintf(chunk, sizeof chunk, "=[oce %s]", name);
    if (luaL_loadbufferx(L, text, len, chunk, "t") != LUA_OK) {
        error_set(err, OCE_EINTERNAL, NULL, 0, "library %s: %s", name, lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    sandbox_push_env(s);
    lua_setupvalue(L, -2, 1); /* _ENV of the library chunk */
    lua_pushcfunction(L, add_source);
    lua_pushvalue(L, -2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->sources);
    if (sandbox_pcall(s, 2, 0, NULL, err) != 0) {
        lua_pop(L, 1);
        return -1;
    }
    /* The library failing is oce's fault, but for limits set too low to load it, which are
     * the user's: the error is set once, classified so, from what the call reported. */
    OceError failed;
    error_init(&failed);
    lua_pushcfunction(L, lib_next);
    if (sandbox_pcall(s, 1, 1, NULL, &failed) != 0)
        return error_set(err, failed.code == OCE_ELIMIT ? OCE_ELIMIT : OCE_EINTERNAL,
                         failed.file[0] ? failed.file : NULL, failed.line, "%s", failed.message);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return error_set(err, OCE_EINTERNAL, NULL, 0, "library %s returned no table", name);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->builtins); /* lib, builtins */
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_pop(L, 1);
    /* The library is shared by every settlement: everything it made is fixed, and every
     * contract's walk passes it by. */
    lua_pushcfunction(L, fix_walk); /* lib, walk */
    lua_insert(L, -2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, s->library);
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushnil(L);
    return sandbox_pcall(s, 5, 0, NULL, err);
}
