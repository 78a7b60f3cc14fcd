/*
 * usertests.c - tests of the kernel through its system calls.
 *
 *   usertests            run every test
 *   usertests NAME...    run only the named tests
 *
 * Each test runs in a child of its own, so a test that crashes (or the
 * kernel kills) takes only itself down. The child exits 0 on success;
 * a failed check prints "test NAME: FAILED <where>" and exits 1. After
 * each test the free page count must be back where it was: that catches
 * leaks in fork, exec, pipes, sbrk and exit. Every result is one whole
 * line printed when the test is over (the kernel's own messages about
 * the processes it kills come before it); a watchdog reports a test
 * that runs for long.
 *
 * The user stack is one page, so big buffers here are static.
 */
#include "user.h"
#include "../kernel/param.h"
#include "../kernel/fs.h"
#include "../kernel/memlayout.h"

#define CONSOLE 1       /* the console's major device number */
#define NELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *current_test;

#define FAIL(fmt, ...) do {                                  \
        printf("test %s: FAILED " fmt "\n", current_test,    \
               ##__VA_ARGS__);                               \
        exit(1);                                             \
    } while (0)

/* something worth knowing about a passing test */
#define NOTE(fmt, ...) \
    printf("test %s: " fmt "\n", current_test, ##__VA_ARGS__)

#define CHECK(cond) do {                                     \
        if (!(cond))                                         \
            FAIL("%s:%d: %s", __func__, __LINE__, #cond);    \
    } while (0)

static char buf[8 * BSIZE];

static uint rand_next(uint *state)
{
    *state = *state * 1103515245 + 12345;
    return *state >> 16;
}

/* ---------------------------------------------------------------------
 * Helpers
 */

static void make_file(const char *name, const char *data, int n)
{
    int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(write(fd, data, n) == n);
    CHECK(close(fd) == 0);
}

/* Reads up to max bytes of a file into buf; returns the count. */
static int read_file(const char *name, char *dst, int max)
{
    int fd = open(name, O_RDONLY);
    CHECK(fd >= 0);
    int total = 0, n;
    while (total < max && (n = read(fd, dst + total, max - total)) > 0)
        total += n;
    close(fd);
    return total;
}

static int file_is(const char *name, const char *want)
{
    static char got[256];
    int n = read_file(name, got, sizeof(got));
    return n == strlen(want) && memcmp(got, want, n) == 0;
}

/* Waits for one child and returns its status; fails if there is none. */
static int wait_status(int pid)
{
    int status;
    int w = wait(&status);
    if (w != pid)
        FAIL("wait returned %d, expected child %d", w, pid);
    return status;
}

/* Runs fn(arg) in a child and returns its exit status. */
static int in_child(void (*fn)(uint64), uint64 arg)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        fn(arg);
        exit(0);
    }
    return wait_status(pid);
}

/* Runs path with argv, standard output into file out; returns status. */
static int run_to_file(const char *path, char **argv, const char *out)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        if (open(out, O_CREATE | O_WRONLY | O_TRUNC) != 1)
            exit(98);
        exec(path, argv);
        exit(99);
    }
    return wait_status(pid);
}

/* Does exec(path, argv) return -1 (the caller survives it)? Tried in a
 * child, so that a wrong success cannot replace the test itself. */
static int exec_fails(const char *path, char **argv)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(1);
        open("ut_exec.out", O_CREATE | O_WRONLY | O_TRUNC);
        int r = exec(path, argv);
        exit(r == -1 ? 77 : 78);
    }
    int status = wait_status(pid);
    unlink("ut_exec.out");
    return status == 77;
}

/* Live entries in a directory, "." and ".." included. */
static int count_entries(const char *dir)
{
    struct dirent de;
    int fd = open(dir, O_RDONLY);
    CHECK(fd >= 0);
    int n = 0;
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        if (de.inum != 0)
            n++;
    }
    close(fd);
    return n;
}

static char *heap_end(void)
{
    uint64 end = (uint64)sbrk(0);
    return (char *)((end + PGSIZE - 1) & ~(uint64)(PGSIZE - 1));
}

/* Addresses no system call may read or write for us: the top of the
 * address space, kernel memory, just past our heap, the trap frame and
 * trampoline (mapped, but not for user access), and above MAXVA. */
static int bad_addresses(char **out)
{
    out[0] = (char *)0xffffffffffffffffUL;
    out[1] = (char *)KERNBASE;
    out[2] = heap_end();
    out[3] = (char *)TRAPFRAME;
    out[4] = (char *)TRAMPOLINE;
    out[5] = (char *)MAXVA;
    return 6;
}

/* ---------------------------------------------------------------------
 * Processes
 */

static void t_forkwait(void)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(42);
    CHECK(wait_status(pid) == 42);

    /* several children, each status to its own pid */
    int pids[5];
    for (int i = 0; i < 5; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            sleep(i);
            exit(100 + i);
        }
    }
    int seen = 0;
    for (int k = 0; k < 5; k++) {
        int status, w = wait(&status);
        int i = 0;
        while (i < 5 && pids[i] != w)
            i++;
        CHECK(i < 5);
        CHECK(status == 100 + i);
        CHECK((seen & (1 << i)) == 0);
        seen |= 1 << i;
    }
    CHECK(wait(0) == -1);           /* no children left */

    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(wait(0) == pid);          /* status pointer may be 0 */
}

static void t_getpid(void)
{
    int me = getpid();
    CHECK(me > 0);
    CHECK(getpid() == me);

    int p[2];
    CHECK(pipe(p) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int child = getpid();
        write(p[1], &child, sizeof(child));
        exit(0);
    }
    int child = 0;
    CHECK(read(p[0], &child, sizeof(child)) == sizeof(child));
    CHECK(child == pid);
    CHECK(child != me);
    CHECK(wait_status(pid) == 0);
    close(p[0]);
    close(p[1]);
}

static void t_kill(void)
{
    /* spinning in user mode */
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (;;)
            ;
    }
    sleep(1);
    CHECK(kill(pid) == 0);
    CHECK(wait_status(pid) == -1);

    /* asleep in the kernel */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (;;)
            sleep(1000);
    }
    sleep(1);
    CHECK(kill(pid) == 0);
    CHECK(wait_status(pid) == -1);

    /* blocked reading an empty pipe */
    int p[2];
    CHECK(pipe(p) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        read(p[0], &c, 1);
        exit(0);
    }
    sleep(1);
    CHECK(kill(pid) == 0);
    CHECK(wait_status(pid) == -1);
    close(p[0]);
    close(p[1]);

    /* itself */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        kill(getpid());
        for (;;)
            ;
    }
    CHECK(wait_status(pid) == -1);

    CHECK(kill(1000000) == -1);
    CHECK(kill(-1) == -1);
}

/* Orphans go to init, which must reap them (the leak check sees it). */
static void t_orphans(void)
{
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (int i = 0; i < 5; i++) {
            if (fork() == 0) {
                sleep(2 + i);
                exit(0);
            }
        }
        exit(0);
    }
    CHECK(wait_status(pid) == 0);
    CHECK(wait(0) == -1);           /* grandchildren are not ours */
    sleep(10);
}

static void t_manyprocs(void)
{
    enum { N = 50 };
    static int pids[N];
    static char mem[4 * PGSIZE];

    for (int i = 0; i < N; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0);
        if (pids[i] == 0) {
            /* some memory traffic and arithmetic, then a known code */
            uint seed = i, sum = 0, again = 0;
            for (int j = 0; j < sizeof(mem); j++)
                mem[j] = rand_next(&seed);
            for (int round = 0; round < 4; round++) {
                for (int j = 0; j < sizeof(mem); j += 7)
                    sum += (uchar)mem[j] * (round + 1);
            }
            seed = i;
            for (int j = 0; j < sizeof(mem); j++)
                again += (uchar)rand_next(&seed) == (uchar)mem[j];
            exit(again == sizeof(mem) && sum != 0 ? i + 1 : 255);
        }
    }
    for (int k = 0; k < N; k++) {
        int status, w = wait(&status);
        int i = 0;
        while (i < N && pids[i] != w)
            i++;
        if (i == N)
            FAIL("wait returned %d", w);
        if (status != i + 1)
            FAIL("child %d exited %d, expected %d", i, status, i + 1);
        pids[i] = 0;
    }
    CHECK(wait(0) == -1);
}

/* ---------------------------------------------------------------------
 * Memory
 */

static void t_sbrk(void)
{
    char *a = sbrk(0);
    CHECK(sbrk(10 * PGSIZE) == a);
    CHECK(sbrk(0) == a + 10 * PGSIZE);
    for (int i = 0; i < 10; i++) {
        CHECK(a[i * PGSIZE] == 0);
        a[i * PGSIZE] = i + 1;
        a[i * PGSIZE + PGSIZE - 1] = i + 1;
    }
    for (int i = 0; i < 10; i++)
        CHECK(a[i * PGSIZE] == i + 1 && a[i * PGSIZE + PGSIZE - 1] == i + 1);

    int f0 = freemem();
    CHECK(sbrk(-5 * PGSIZE) == a + 10 * PGSIZE);
    CHECK(sbrk(0) == a + 5 * PGSIZE);
    CHECK(freemem() >= f0 + 5);
    CHECK(a[4 * PGSIZE] == 5);

    /* memory given back and taken again comes back zeroed */
    CHECK(sbrk(5 * PGSIZE) == a + 5 * PGSIZE);
    for (int i = 5; i < 10; i++)
        CHECK(a[i * PGSIZE] == 0 && a[i * PGSIZE + PGSIZE - 1] == 0);

    /* sizes need not be whole pages */
    char *b = sbrk(1);
    CHECK(b == a + 10 * PGSIZE);
    b[0] = 7;
    CHECK(sbrk(-1) == b + 1);
    CHECK(sbrk(-10 * PGSIZE) == a + 10 * PGSIZE);
    CHECK(sbrk(0) == a);
}

static void touch(uint64 addr)
{
    *(volatile char *)addr = 1;
}

static void peek(uint64 addr)
{
    volatile char c = *(volatile char *)addr;
    (void)c;
}

/* Memory handed back by sbrk is really gone. */
static void t_sbrkfreed(void)
{
    sbrk(heap_end() - (char *)sbrk(0));     /* page-align the break */
    char *a = sbrk(PGSIZE);
    CHECK(a != (char *)-1);
    a[0] = 1;
    CHECK(sbrk(-PGSIZE) == a + PGSIZE);
    CHECK(in_child(peek, (uint64)a) == -1);
    CHECK(in_child(touch, (uint64)a) == -1);
}

static void t_freemem(void)
{
    int f0 = freemem();
    CHECK(f0 > 0);
    char *a = sbrk(20 * PGSIZE);
    CHECK(a != (char *)-1);
    for (int i = 0; i < 20; i++)
        a[i * PGSIZE] = 1;
    int f1 = freemem();
    CHECK(f1 <= f0 - 20);
    sbrk(-20 * PGSIZE);
    CHECK(freemem() >= f1 + 20);

    /* a live child holds pages; they return when it is reaped */
    int before = freemem();
    int p[2];
    CHECK(pipe(p) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        exit(0);
    }
    sleep(1);
    CHECK(freemem() < before);
    close(p[1]);
    close(p[0]);
    CHECK(wait_status(pid) == 0);
    CHECK(freemem() == before);
}

/* Grow until the kernel says no, use it all, give it all back. */
static void t_sbrkexhaust(void)
{
    const int step = 1024 * 1024;
    char *start = sbrk(0);
    uint64 total = 0;
    char *p;

    while ((p = sbrk(step)) != (char *)-1) {
        CHECK(p == start + total);
        total += step;
    }
    CHECK(total > 0);
    CHECK(sbrk(0) == start + total);    /* the failed call changed nothing */
    NOTE("%d MiB from sbrk", (int)(total >> 20));

    for (uint64 off = 0; off < total; off += PGSIZE)
        start[off] = (char)(off >> 12);
    for (uint64 off = 0; off < total; off += 257 * PGSIZE)
        CHECK(start[off] == (char)(off >> 12));

    /* Out of memory, fork must either fail cleanly or (with copy on
     * write) work. */
    int pid = fork();
    if (pid == 0)
        exit(0);
    if (pid > 0)
        CHECK(wait_status(pid) == 0);

    CHECK(sbrk(-(int)total) == start + total);
    CHECK(sbrk(0) == start);

    /* everything works again */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(wait_status(pid) == 0);
}

/* Fork until the kernel says no, then take them all down. */
static void t_forkexhaust(void)
{
    static int pids[NPROC + 10];
    int n = 0, p[2];

    CHECK(pipe(p) == 0);
    while (n < NELEMS(pids)) {
        int pid = fork();
        if (pid < 0)
            break;
        if (pid == 0) {
            char c;
            close(p[1]);
            read(p[0], &c, 1);      /* until the pipe closes */
            exit(0);
        }
        pids[n++] = pid;
    }
    CHECK(n > 10 && n < NELEMS(pids));
    NOTE("%d children", n);

    /* half of them killed, the rest told to exit */
    for (int i = 0; i < n; i += 2)
        CHECK(kill(pids[i]) == 0);
    close(p[0]);
    close(p[1]);
    int killed = 0, clean = 0, status;
    for (int i = 0; i < n; i++) {
        CHECK(wait(&status) > 0);
        if (status == -1)
            killed++;
        else if (status == 0)
            clean++;
    }
    CHECK(wait(0) == -1);
    CHECK(killed + clean == n);

    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(wait_status(pid) == 0);
}

static void store_text(uint64 unused)
{
    *(volatile uint *)(uint64)t_forkwait = 0;
}

static void store_rodata(uint64 unused)
{
    static const char msg[] = "read-only";
    *(volatile char *)msg = 'R';
}

static void run_data(uint64 unused)
{
    static uint code[] = { 0x00008067 };    /* ret */
    ((void (*)(void))code)();
}

/* The kernel must kill a program for these, and only the program. */
static void t_badaccess(void)
{
    CHECK(in_child(store_text, 0) == -1);
    CHECK(in_child(store_rodata, 0) == -1);
    CHECK(in_child(run_data, 0) == -1);

    char *bad[8];
    int n = bad_addresses(bad);
    for (int i = 0; i < n; i++) {
        if (in_child(peek, (uint64)bad[i]) != -1)
            FAIL("load from %p not killed", bad[i]);
        if (in_child(touch, (uint64)bad[i]) != -1)
            FAIL("store to %p not killed", bad[i]);
    }
}

static __attribute__((noinline)) int recurse(int depth)
{
    volatile char frame[512];
    frame[0] = depth;
    frame[511] = depth;
    if (depth == 0)
        return frame[0];
    return recurse(depth - 1) + frame[511];
}

static void overflow_stack(uint64 depth)
{
    recurse(depth);
}

/* Running off the one-page stack must hit the guard page, not
 * quietly overwrite the data below it. */
static void t_stackguard(void)
{
    CHECK(in_child(overflow_stack, 2) == 0);    /* fits */
    CHECK(in_child(overflow_stack, 40) == -1);  /* 20 KiB does not */
}

/* ---------------------------------------------------------------------
 * Time
 */

static void t_sleep(void)
{
    int t0 = uptime();
    CHECK(t0 >= 0);
    CHECK(sleep(2) == 0);
    int t1 = uptime();
    CHECK(t1 >= t0 + 2);
    CHECK(t1 < t0 + 2 + TICK_HZ);   /* and not much more */
    CHECK(sleep(0) == 0);
}

/* ---------------------------------------------------------------------
 * exec
 */

static void t_exec(void)
{
    char *echo_argv[] = { "echo", "hello", "exec", "world", 0 };
    CHECK(run_to_file("/echo", echo_argv, "ut_exec.txt") == 0);
    CHECK(file_is("ut_exec.txt", "hello exec world\n"));

    char *no_argv[] = { "nothing", 0 };
    CHECK(exec("/no-such-program", no_argv) == -1);
    CHECK(exec_fails("/no-such-program", no_argv));
    CHECK(exec_fails("/", no_argv));                /* a directory */
    CHECK(exec_fails("ut_exec.txt", no_argv));      /* not ELF */

    /* MAXARG - 1 arguments fit, far more do not */
    static char *many[MAXARG + 16];
    many[0] = "echo";
    for (int i = 1; i < MAXARG - 1; i++)
        many[i] = "x";
    many[MAXARG - 1] = 0;
    CHECK(run_to_file("/echo", many, "ut_exec.txt") == 0);
    CHECK(read_file("ut_exec.txt", buf, sizeof(buf)) == 2 * (MAXARG - 2));
    for (int i = MAXARG - 1; i < MAXARG + 15; i++)
        many[i] = "y";
    many[MAXARG + 15] = 0;
    CHECK(exec_fails("/echo", many));

    /* Arguments bigger than the stack: exec must fail and return, or
     * work; never kill the caller. */
    static char big[3][1500];
    char *big_argv[] = { "echo", big[0], big[1], big[2], 0 };
    for (int i = 0; i < 3; i++) {
        memset(big[i], 'a' + i, sizeof(big[i]) - 1);
        big[i][sizeof(big[i]) - 1] = 0;
    }
    int status = run_to_file("/echo", big_argv, "ut_exec.txt");
    if (status == 0)
        CHECK(read_file("ut_exec.txt", buf, sizeof(buf)) == 3 * 1500);
    else if (status != 99)
        FAIL("exec with big arguments: status %d", status);

    CHECK(unlink("ut_exec.txt") == 0);
}

/* ---------------------------------------------------------------------
 * Files
 */

static void t_rw(void)
{
    unlink("ut_rw");
    int fd = open("ut_rw", O_CREATE | O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, "abc", 3) == 3);
    CHECK(write(fd, "", 0) == 0);
    for (int i = 0; i < 3000; i++)
        buf[i] = i % 251;
    CHECK(write(fd, buf, 3000) == 3000);
    CHECK(close(fd) == 0);

    fd = open("ut_rw", O_RDONLY);
    CHECK(fd >= 0);
    char head[3];
    CHECK(read(fd, head, 3) == 3 && memcmp(head, "abc", 3) == 0);
    memset(buf, 0, 3000);
    int got = 0, n;
    while ((n = read(fd, buf + got, 1000)) > 0)   /* crosses blocks */
        got += n;
    CHECK(n == 0 && got == 3000);
    for (int i = 0; i < 3000; i++)
        CHECK((uchar)buf[i] == i % 251);
    CHECK(read(fd, buf, 10) == 0);                /* at the end */
    CHECK(close(fd) == 0);
    CHECK(unlink("ut_rw") == 0);
}

static void t_openflags(void)
{
    char b[8];
    unlink("ut_of");
    CHECK(open("ut_of", O_RDONLY) < 0);           /* no O_CREATE */

    int fd = open("ut_of", O_CREATE | O_RDWR);
    CHECK(fd >= 0);
    CHECK(write(fd, "abcdef", 6) == 6);
    close(fd);

    fd = open("ut_of", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, b, 6) == 6 && memcmp(b, "abcdef", 6) == 0);
    CHECK(write(fd, "x", 1) == -1);
    close(fd);

    fd = open("ut_of", O_WRONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, b, 1) == -1);
    CHECK(write(fd, "XY", 2) == 2);               /* from offset 0 */
    close(fd);
    CHECK(file_is("ut_of", "XYcdef"));

    fd = open("ut_of", O_RDWR);
    CHECK(fd >= 0);
    CHECK(read(fd, b, 2) == 2 && memcmp(b, "XY", 2) == 0);
    CHECK(write(fd, "zz", 2) == 2);
    close(fd);
    CHECK(file_is("ut_of", "XYzzef"));

    struct stat st;
    fd = open("ut_of", O_CREATE | O_RDWR);        /* exists: kept */
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.size == 6);
    close(fd);
    fd = open("ut_of", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.size == 0);
    CHECK(write(fd, "new", 3) == 3);
    close(fd);
    CHECK(file_is("ut_of", "new"));

    /* directories open for reading only */
    fd = open(".", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    CHECK(open(".", O_WRONLY) < 0);
    CHECK(open(".", O_RDWR) < 0);
    CHECK(open("ut_nodir/x", O_CREATE | O_RDWR) < 0);
    CHECK(open("ut_of/x", O_CREATE | O_RDWR) < 0); /* a file is no dir */
    CHECK(unlink("ut_of") == 0);
}

static void t_closedup(void)
{
    make_file("ut_cd", "0123456789", 10);
    char b[4];

    int fd = open("ut_cd", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(close(fd) == 0);
    CHECK(close(fd) == -1);
    CHECK(read(fd, b, 1) == -1);

    fd = open("ut_cd", O_RDONLY);
    int d = dup(fd);
    CHECK(d >= 0 && d != fd);
    CHECK(read(fd, b, 2) == 2 && memcmp(b, "01", 2) == 0);
    CHECK(read(d, b, 2) == 2 && memcmp(b, "23", 2) == 0);  /* one offset */
    CHECK(close(fd) == 0);
    CHECK(read(d, b, 2) == 2 && memcmp(b, "45", 2) == 0);  /* still open */
    CHECK(dup(d) == fd);                          /* lowest free fd */
    close(fd);
    close(d);
    CHECK(unlink("ut_cd") == 0);
}

static void t_fstat(void)
{
    struct stat st;
    unlink("ut_fs");
    int fd = open("ut_fs", O_CREATE | O_RDWR);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0);
    CHECK(st.type == T_FILE && st.size == 0 && st.nlink == 1);
    CHECK(write(fd, buf, 100) == 100);
    CHECK(fstat(fd, &st) == 0 && st.size == 100);
    CHECK(write(fd, buf, 1500) == 1500);
    CHECK(fstat(fd, &st) == 0 && st.size == 1600);
    uint ino = st.ino;
    close(fd);
    CHECK(stat("ut_fs", &st) == 0 && st.ino == ino && st.size == 1600);

    CHECK(stat(".", &st) == 0 && st.type == T_DIR);
    CHECK(stat("/", &st) == 0 && st.type == T_DIR && st.ino == ROOTINO);
    CHECK(stat("/console", &st) == 0 && st.type == T_DEVICE);
    CHECK(stat("ut_no_such_file", &st) == -1);
    CHECK(unlink("ut_fs") == 0);
}

static void t_link(void)
{
    struct stat sa, sb;
    unlink("ut_la");
    unlink("ut_lb");
    make_file("ut_la", "data", 4);

    CHECK(link("ut_la", "ut_lb") == 0);
    CHECK(stat("ut_la", &sa) == 0 && stat("ut_lb", &sb) == 0);
    CHECK(sa.ino == sb.ino && sa.nlink == 2 && sb.nlink == 2);
    CHECK(link("ut_la", "ut_lb") == -1);          /* name taken */
    CHECK(link("ut_nothing", "ut_lc") == -1);     /* no source */
    CHECK(link(".", "ut_ldir") == -1);            /* no links to dirs */
    CHECK(link("ut_la", "ut_nodir/x") == -1);

    CHECK(unlink("ut_la") == 0);
    CHECK(unlink("ut_la") == -1);
    CHECK(stat("ut_lb", &sb) == 0 && sb.nlink == 1);
    CHECK(file_is("ut_lb", "data"));
    CHECK(unlink("ut_lb") == 0);

    /* An unlinked file lives on while it is open. */
    int fd = open("ut_lopen", O_CREATE | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    for (int i = 0; i < 3000; i++)
        buf[i] = i * 7;
    CHECK(write(fd, buf, 3000) == 3000);
    int rfd = open("ut_lopen", O_RDONLY);
    CHECK(rfd >= 0);
    CHECK(unlink("ut_lopen") == 0);
    CHECK(open("ut_lopen", O_RDONLY) < 0);
    CHECK(fstat(fd, &sa) == 0 && sa.nlink == 0);
    CHECK(write(fd, "tail", 4) == 4);
    static char back[3004];
    CHECK(read(rfd, back, sizeof(back)) == 3004);
    for (int i = 0; i < 3000; i++)
        CHECK(back[i] == (char)(i * 7));
    CHECK(memcmp(back + 3000, "tail", 4) == 0);
    close(fd);
    close(rfd);

    CHECK(unlink(".") == -1);
    CHECK(unlink("..") == -1);
    CHECK(unlink("/") == -1);
}

static void t_dirs(void)
{
    struct stat st, st2;
    unlink("ut_dd/sub");
    unlink("ut_dd/f");
    unlink("ut_dd");

    CHECK(mkdir("ut_dd") == 0);
    CHECK(mkdir("ut_dd") == -1);
    CHECK(mkdir("ut_nodir/x") == -1);
    CHECK(stat("ut_dd", &st) == 0 && st.type == T_DIR);
    CHECK(count_entries("ut_dd") == 2);

    CHECK(chdir("ut_dd") == 0);
    make_file("f", "in dd", 5);
    CHECK(mkdir("sub") == 0);
    CHECK(chdir("sub") == 0);
    CHECK(file_is("../f", "in dd"));
    CHECK(chdir("../..") == 0);

    CHECK(file_is("ut_dd/f", "in dd"));
    CHECK(file_is("ut_dd/sub/../f", "in dd"));
    CHECK(file_is("./ut_dd/./f", "in dd"));
    CHECK(stat("ut_dd/sub/..", &st2) == 0 && st2.ino == st.ino);
    CHECK(stat("/..", &st) == 0 && st.ino == ROOTINO);

    CHECK(chdir("ut_dd/f") == -1);                /* a file */
    CHECK(chdir("ut_nodir") == -1);
    CHECK(unlink("ut_dd") == -1);                 /* not empty */
    CHECK(unlink("ut_dd/sub") == 0);
    CHECK(unlink("ut_dd/f") == 0);
    CHECK(count_entries("ut_dd") == 2);
    CHECK(unlink("ut_dd") == 0);
}

static void t_mknod(void)
{
    struct stat st;
    unlink("ut_dev");
    CHECK(mknod("ut_dev", CONSOLE, 0) == 0);
    CHECK(mknod("ut_dev", CONSOLE, 0) == -1);
    CHECK(stat("ut_dev", &st) == 0 && st.type == T_DEVICE);
    int fd = open("ut_dev", O_WRONLY);
    CHECK(fd >= 0);
    CHECK(fstat(fd, &st) == 0 && st.type == T_DEVICE);
    close(fd);
    CHECK(unlink("ut_dev") == 0);
}

/* The largest file there is, twice: the second time needs the blocks
 * the first one gave back. */
static void t_bigfile(void)
{
    const int nblocks = MAXFILE;
    struct stat st;

    unlink("ut_big");
    for (int round = 0; round < 2; round++) {
        int fd = open("ut_big", O_CREATE | O_RDWR | O_TRUNC);
        CHECK(fd >= 0);
        for (int b = 0; b < nblocks; b += 4) {
            int n = nblocks - b < 4 ? nblocks - b : 4;
            for (int i = 0; i < n * BSIZE; i++)
                buf[i] = (b * BSIZE + i) % 253 + round;
            if (write(fd, buf, n * BSIZE) != n * BSIZE)
                FAIL("round %d: write of block %d", round, b);
        }
        CHECK(write(fd, "x", 1) == -1);           /* past MAXFILE */
        CHECK(fstat(fd, &st) == 0 && st.size == nblocks * BSIZE);
        close(fd);

        fd = open("ut_big", O_RDONLY);
        CHECK(fd >= 0);
        for (int b = 0; b < nblocks; b++) {
            if (read(fd, buf, BSIZE) != BSIZE)
                FAIL("round %d: read of block %d", round, b);
            for (int i = 0; i < BSIZE; i++) {
                if (buf[i] != (char)((b * BSIZE + i) % 253 + round))
                    FAIL("round %d: block %d byte %d differs", round, b, i);
            }
        }
        CHECK(read(fd, buf, 1) == 0);
        close(fd);
        CHECK(unlink("ut_big") == 0);
    }
}

/* ---------------------------------------------------------------------
 * Pipes
 */

static void t_pipe(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        int sent = 0;
        for (int n = 1; sent < 5000; n = n * 3 % 997 + 1) {
            if (n > 5000 - sent)
                n = 5000 - sent;
            for (int i = 0; i < n; i++)
                buf[i] = (sent + i) % 255;
            if (write(p[1], buf, n) != n)
                exit(2);
            sent += n;
        }
        exit(0);        /* exit closes the write end */
    }
    close(p[1]);
    int got = 0, n;
    while ((n = read(p[0], buf + got, 700)) > 0)
        got += n;
    CHECK(n == 0 && got == 5000);
    for (int i = 0; i < 5000; i++)
        CHECK((uchar)buf[i] == i % 255);
    close(p[0]);
    CHECK(wait_status(pid) == 0);

    /* nobody left to read */
    CHECK(pipe(p) == 0);
    close(p[0]);
    CHECK(write(p[1], "x", 1) == -1);
    close(p[1]);

    /* the reader goes away while the writer is blocked */
    CHECK(pipe(p) == 0);
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        int r = write(p[1], buf, sizeof(buf));
        exit(r == sizeof(buf) ? 1 : 0);
    }
    close(p[1]);
    CHECK(read(p[0], buf, 100) > 0);
    close(p[0]);
    CHECK(wait_status(pid) == 0);
}

enum { NPAIRS = 4, PIPEBYTES = 16000 };

static void pipe_writer(int fd, int pair)
{
    uint sizes = pair * 17 + 1, data = pair * 31 + 7;
    int sent = 0;
    while (sent < PIPEBYTES) {
        int n = 1 + rand_next(&sizes) % 700;
        if (n > PIPEBYTES - sent)
            n = PIPEBYTES - sent;
        for (int i = 0; i < n; i++)
            buf[i] = rand_next(&data);
        if (write(fd, buf, n) != n)
            exit(2);
        sent += n;
    }
    exit(0);
}

static void pipe_reader(int fd, int pair)
{
    uint data = pair * 31 + 7;
    int got = 0, n;
    while ((n = read(fd, buf, 300 + pair * 100)) > 0) {
        for (int i = 0; i < n; i++) {
            if (buf[i] != (char)rand_next(&data))
                exit(3);
        }
        got += n;
    }
    exit(n == 0 && got == PIPEBYTES ? 0 : 4);
}

static void t_pipeconc(void)
{
    int fds[NPAIRS][2];
    for (int k = 0; k < NPAIRS; k++)
        CHECK(pipe(fds[k]) == 0);
    for (int k = 0; k < NPAIRS; k++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            pipe_writer(fds[k][1], k);
        pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            /* the reader sees EOF only once every writer copy is closed */
            for (int j = 0; j < NPAIRS; j++)
                close(fds[j][1]);
            pipe_reader(fds[k][0], k);
        }
    }
    for (int k = 0; k < NPAIRS; k++) {
        close(fds[k][0]);
        close(fds[k][1]);
    }
    for (int i = 0; i < 2 * NPAIRS; i++) {
        int status;
        CHECK(wait(&status) > 0);
        if (status != 0)
            FAIL("a pipe child exited %d", status);
    }
}

/* ---------------------------------------------------------------------
 * Bad arguments: every one must come back as -1.
 */

static void t_badbuf(void)
{
    char *bad[8];
    int n = bad_addresses(bad);

    unlink("ut_bb");
    make_file("ut_bb", "0123456789abcdef", 16);
    int fd = open("ut_bb", O_RDWR);
    CHECK(fd >= 0);
    int cons = open("/console", O_WRONLY);
    CHECK(cons >= 0);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(write(p[1], "abc", 3) == 3);

    for (int i = 0; i < n; i++) {
        if (read(fd, bad[i], 10) != -1)
            FAIL("file read into %p", bad[i]);
        if (write(fd, bad[i], 10) != -1)
            FAIL("file write from %p", bad[i]);
        if (write(cons, bad[i], 10) != -1)
            FAIL("console write from %p", bad[i]);
        if (write(p[1], bad[i], 10) != -1)
            FAIL("pipe write from %p", bad[i]);
        if (read(p[0], bad[i], 1) != -1)
            FAIL("pipe read into %p", bad[i]);
    }
    close(fd);
    CHECK(file_is("ut_bb", "0123456789abcdef"));  /* unharmed */
    close(cons);
    close(p[0]);
    close(p[1]);
    CHECK(unlink("ut_bb") == 0);
}

static void t_badpath(void)
{
    char *bad[8];
    int n = bad_addresses(bad);
    char *argv[] = { "echo", 0 };

    make_file("ut_bp", "x", 1);
    for (int i = 0; i < n; i++) {
        char *b = bad[i];
        if (open(b, O_RDONLY) != -1 || open(b, O_CREATE | O_RDWR) != -1)
            FAIL("open(%p)", b);
        if (exec(b, argv) != -1)
            FAIL("exec(%p)", b);
        if (link(b, "ut_bp2") != -1 || link("ut_bp", b) != -1)
            FAIL("link with %p", b);
        if (unlink(b) != -1 || mkdir(b) != -1 || chdir(b) != -1)
            FAIL("unlink/mkdir/chdir(%p)", b);
        if (mknod(b, CONSOLE, 0) != -1)
            FAIL("mknod(%p)", b);
    }

    /* a path with no NUL before the end of memory */
    char *end = heap_end();
    char *page = sbrk(end + PGSIZE - (char *)sbrk(0));
    CHECK(page != (char *)-1);
    memset(end, 'a', PGSIZE);
    CHECK(open(end + PGSIZE - 5, O_CREATE | O_RDWR) == -1);
    CHECK(mkdir(end) == -1);

    /* a path longer than MAXPATH */
    memset(end, 'b', 2 * MAXPATH);
    end[2 * MAXPATH] = 0;
    CHECK(open(end, O_CREATE | O_RDWR) == -1);

    struct stat st;
    CHECK(stat("ut_bp2", &st) == -1);
    CHECK(stat("ut_bp", &st) == 0 && st.nlink == 1);
    CHECK(unlink("ut_bp") == 0);
}

static void t_badargv(void)
{
    char *bad[8];
    int n = bad_addresses(bad);

    for (int i = 0; i < n; i++) {
        if (!exec_fails("/echo", (char **)bad[i]))
            FAIL("exec with argv %p", bad[i]);
        char *argv[] = { "echo", bad[i], 0 };
        if (!exec_fails("/echo", argv))
            FAIL("exec with argv[1] %p", bad[i]);
    }

    /* an argv array that runs off the end of memory, no 0 in it */
    char *end = heap_end();
    CHECK(sbrk(end + PGSIZE - (char *)sbrk(0)) != (char *)-1);
    char **vec = (char **)end;
    for (int i = 0; i < PGSIZE / sizeof(char *); i++)
        vec[i] = "echo";
    CHECK(exec_fails("/echo", vec + PGSIZE / sizeof(char *) - 2));
}

static void t_badresult(void)
{
    char *bad[8];
    int n = bad_addresses(bad);

    int fd = open("/console", O_RDONLY);
    CHECK(fd >= 0);
    for (int i = 0; i < n; i++) {
        int lowest = dup(0);
        close(lowest);
        if (pipe((int *)bad[i]) != -1)
            FAIL("pipe(%p)", bad[i]);
        int again = dup(0);         /* no fd left behind */
        close(again);
        CHECK(again == lowest);
        if (fstat(fd, (struct stat *)bad[i]) != -1)
            FAIL("fstat(%p)", bad[i]);

        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0)
            exit(3);
        if (wait((int *)bad[i]) != -1)
            FAIL("wait(%p)", bad[i]);
        /* the child may still be a zombie: it is reaped either way */
        int w = wait(0);
        CHECK(w == pid || w == -1);
        CHECK(wait(0) == -1);
    }
    close(fd);
}

static void t_badfd(void)
{
    int closed = open("/console", O_RDONLY);
    CHECK(closed >= 0);
    close(closed);
    int bad[] = { -1, 100, NOFILE, 123456789, closed };
    struct stat st;
    char c;

    for (int i = 0; i < NELEMS(bad); i++) {
        int fd = bad[i];
        if (read(fd, &c, 1) != -1 || write(fd, "x", 1) != -1)
            FAIL("read/write on fd %d", fd);
        if (close(fd) != -1 || dup(fd) != -1 || fstat(fd, &st) != -1)
            FAIL("close/dup/fstat on fd %d", fd);
    }

    /* negative counts must not hurt */
    make_file("ut_bf", "abc", 3);
    int fd = open("ut_bf", O_RDWR);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, -1) <= 0);
    CHECK(write(fd, buf, -1) <= 0);
    close(fd);
    CHECK(unlink("ut_bf") == 0);
}

/* ---------------------------------------------------------------------
 * File descriptors
 */

static void t_nofile(void)
{
    static int fds[NOFILE + 8];
    struct stat st;
    int already = 0, n = 0, p[2];

    for (int fd = 0; fd < NOFILE; fd++)
        already += fstat(fd, &st) == 0;
    make_file("ut_nf", "x", 1);
    while (n < NELEMS(fds)) {
        int fd = open("ut_nf", O_RDONLY);
        if (fd < 0)
            break;
        fds[n++] = fd;
    }
    CHECK(n + already == NOFILE);
    CHECK(dup(fds[0]) == -1);
    CHECK(pipe(p) == -1);
    close(fds[n - 1]);
    CHECK(pipe(p) == -1);           /* one free slot is not enough */
    CHECK(open("ut_nf", O_RDONLY) == fds[n - 1]);
    for (int i = 0; i < n; i++)
        CHECK(close(fds[i]) == 0);
    int fd = open("ut_nf", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    CHECK(unlink("ut_nf") == 0);
}

/* Many processes together run the system out of open files (NFILE):
 * the opens that do not fit must fail cleanly. */
static void t_nfile(void)
{
    enum { NCHILD = 10 };
    int counts[2], hold[2];

    make_file("ut_nfs", "x", 1);
    CHECK(pipe(counts) == 0);
    CHECK(pipe(hold) == 0);
    for (int i = 0; i < NCHILD; i++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            close(counts[0]);
            close(hold[1]);
            close(0);
            close(2);
            int n = 0;
            while (open("ut_nfs", O_RDONLY) >= 0)
                n++;
            write(counts[1], &n, sizeof(n));
            char c;
            read(hold[0], &c, 1);   /* keep them open until told */
            exit(0);
        }
    }
    close(counts[1]);
    close(hold[0]);
    int total = 0, n;
    for (int i = 0; i < NCHILD; i++) {
        CHECK(read(counts[0], &n, sizeof(n)) == sizeof(n));
        total += n;
    }
    close(hold[1]);
    close(counts[0]);
    for (int i = 0; i < NCHILD; i++) {
        int status;
        CHECK(wait(&status) > 0 && status == 0);
    }
    NOTE("%d files open in all", total);
    CHECK(total < NFILE && total > NFILE / 2);
    int fd = open("ut_nfs", O_RDONLY);
    CHECK(fd >= 0);
    close(fd);
    CHECK(unlink("ut_nfs") == 0);
}

static void t_fdshare(void)
{
    int fd = open("ut_sh", O_CREATE | O_RDWR | O_TRUNC);
    CHECK(fd >= 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct stat st;
        if (fstat(fd, &st) < 0 || write(fd, "child ", 6) != 6)
            exit(1);
        exit(0);
    }
    CHECK(wait_status(pid) == 0);
    CHECK(write(fd, "parent", 6) == 6);          /* after the child's */
    int d = dup(fd);
    CHECK(write(d, "!", 1) == 1);
    close(fd);
    close(d);
    CHECK(file_is("ut_sh", "child parent!"));

    /* separate opens, separate offsets */
    char a[5], b[5];
    int f1 = open("ut_sh", O_RDONLY), f2 = open("ut_sh", O_RDONLY);
    CHECK(f1 >= 0 && f2 >= 0);
    CHECK(read(f1, a, 5) == 5 && read(f2, b, 5) == 5);
    CHECK(memcmp(a, "child", 5) == 0 && memcmp(b, "child", 5) == 0);
    close(f1);
    close(f2);

    /* descriptors survive exec: cat reads fd 0, writes fd 1 */
    pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(0);
        close(1);
        if (open("ut_sh", O_RDONLY) != 0)
            exit(97);
        if (open("ut_sh.out", O_CREATE | O_WRONLY | O_TRUNC) != 1)
            exit(98);
        char *argv[] = { "cat", 0 };
        exec("/cat", argv);
        exit(99);
    }
    CHECK(wait_status(pid) == 0);
    CHECK(file_is("ut_sh.out", "child parent!"));
    CHECK(unlink("ut_sh") == 0);
    CHECK(unlink("ut_sh.out") == 0);
}

/* ---------------------------------------------------------------------
 * Directories under stress
 */

static void name_in(char *dst, const char *dir, const char *prefix, int i)
{
    strcpy(dst, dir);
    strcpy(dst + strlen(dst), prefix);
    int n = strlen(dst);
    dst[n] = '0' + i / 100;
    dst[n + 1] = '0' + i / 10 % 10;
    dst[n + 2] = '0' + i % 10;
    dst[n + 3] = 0;
}

static void t_dirstress(void)
{
    enum { N = 60 };
    char name[32];
    struct stat st;

    CHECK(mkdir("ut_ds") == 0);
    for (int i = 0; i < N; i++) {
        name_in(name, "ut_ds/", "file", i);
        make_file(name, name, strlen(name));
    }
    CHECK(count_entries("ut_ds") == N + 2);
    for (int i = 0; i < N; i++) {
        name_in(name, "ut_ds/", "file", i);
        CHECK(file_is(name, name));
    }
    for (int i = 0; i < N; i += 2) {
        name_in(name, "ut_ds/", "file", i);
        CHECK(unlink(name) == 0);
    }
    CHECK(count_entries("ut_ds") == N / 2 + 2);
    for (int i = 1; i < N; i += 2) {
        name_in(name, "ut_ds/", "file", i);
        CHECK(stat(name, &st) == 0 && st.size == strlen(name));
        CHECK(unlink(name) == 0);
    }
    CHECK(count_entries("ut_ds") == 2);

    /* the same name again and again: inodes and slots are reused */
    for (int i = 0; i < 50; i++) {
        int fd = open("ut_ds/again", O_CREATE | O_RDWR);
        CHECK(fd >= 0);
        CHECK(write(fd, "z", 1) == 1);
        close(fd);
        CHECK(unlink("ut_ds/again") == 0);
    }
    CHECK(unlink("ut_ds") == 0);
}

static void t_dirconc(void)
{
    enum { NCHILD = 4, ROUNDS = 40, NAMES = 6 };
    char name[32];

    CHECK(mkdir("ut_dc") == 0);
    for (int c = 0; c < NCHILD; c++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            uint seed = c + 1;
            for (int r = 0; r < ROUNDS; r++) {
                uint x = rand_next(&seed);
                name_in(name, "ut_dc/", "n", x % NAMES);
                if (x & 0x100) {
                    int fd = open(name, O_CREATE | O_RDWR);
                    if (fd < 0)
                        exit(1);
                    write(fd, "w", 1);
                    close(fd);
                } else {
                    unlink(name);   /* may be gone already */
                }
            }
            exit(0);
        }
    }
    for (int c = 0; c < NCHILD; c++) {
        int status;
        CHECK(wait(&status) > 0 && status == 0);
    }
    for (int i = 0; i < NAMES; i++) {
        name_in(name, "ut_dc/", "n", i);
        unlink(name);
    }
    CHECK(count_entries("ut_dc") == 2);
    CHECK(unlink("ut_dc") == 0);

    /* exactly one of several racing mkdirs of one name wins */
    for (int round = 0; round < 4; round++) {
        for (int c = 0; c < NCHILD; c++) {
            if (fork() == 0)
                exit(mkdir("ut_dc_race") == 0 ? 0 : 2);
        }
        int wins = 0, status;
        for (int c = 0; c < NCHILD; c++) {
            CHECK(wait(&status) > 0);
            wins += status == 0;
        }
        CHECK(wins == 1);
        CHECK(unlink("ut_dc_race") == 0);
    }

    /* racing O_CREATEs of one name all get the same file */
    int p[2];
    CHECK(pipe(p) == 0);
    for (int c = 0; c < NCHILD; c++) {
        if (fork() == 0) {
            struct stat st;
            int fd = open("ut_dc_same", O_CREATE | O_RDWR);
            if (fd < 0 || fstat(fd, &st) < 0)
                exit(1);
            write(p[1], &st.ino, sizeof(st.ino));
            exit(0);
        }
    }
    uint first = 0, ino;
    for (int c = 0; c < NCHILD; c++) {
        CHECK(read(p[0], &ino, sizeof(ino)) == sizeof(ino));
        if (c == 0)
            first = ino;
        CHECK(ino == first);
    }
    for (int c = 0; c < NCHILD; c++) {
        int status;
        CHECK(wait(&status) > 0 && status == 0);
    }
    close(p[0]);
    close(p[1]);
    CHECK(unlink("ut_dc_same") == 0);
}

static void t_deepdir(void)
{
    enum { DEPTH = 20 };
    static char path[MAXPATH];
    struct stat a, b;

    CHECK(mkdir("ut_deep") == 0);
    CHECK(chdir("ut_deep") == 0);
    for (int i = 0; i < DEPTH; i++) {
        CHECK(mkdir("d") == 0);
        CHECK(chdir("d") == 0);
    }
    make_file("leaf", "deep", 4);
    for (int i = 0; i < DEPTH + 1; i++)
        CHECK(chdir("..") == 0);

    strcpy(path, "ut_deep");
    for (int i = 0; i < DEPTH; i++)
        strcpy(path + strlen(path), "/d");
    strcpy(path + strlen(path), "/leaf");
    CHECK(file_is(path, "deep"));

    CHECK(stat("ut_deep/d/d/../..", &a) == 0 && stat("ut_deep", &b) == 0);
    CHECK(a.ino == b.ino);
    CHECK(stat("ut_deep/d/./d/../d", &a) == 0 && stat("ut_deep/d/d", &b) == 0);
    CHECK(a.ino == b.ino);
    CHECK(unlink("ut_deep") == -1);

    CHECK(unlink(path) == 0);
    for (int i = DEPTH; i > 0; i--) {
        path[strlen("ut_deep") + 2 * i] = 0;
        CHECK(unlink(path) == 0);
    }
    CHECK(unlink("ut_deep") == 0);
}

static void t_longname(void)
{
    const char *n14 = "ut_long_name14";       /* DIRSIZ characters */
    const char *n13 = "ut_long_name1";
    struct stat s14, s13;
    struct dirent de;

    CHECK(strlen(n14) == DIRSIZ);
    make_file(n14, "fourteen", 8);
    make_file(n13, "thirteen", 8);
    CHECK(stat(n14, &s14) == 0 && stat(n13, &s13) == 0);
    CHECK(s14.ino != s13.ino);
    CHECK(file_is(n14, "fourteen") && file_is(n13, "thirteen"));

    int fd = open(".", O_RDONLY), found = 0;
    CHECK(fd >= 0);
    while (read(fd, &de, sizeof(de)) == sizeof(de)) {
        if (de.inum == s14.ino && memcmp(de.name, n14, DIRSIZ) == 0)
            found++;
    }
    close(fd);
    CHECK(found == 1);
    CHECK(unlink(n14) == 0);
    CHECK(unlink(n13) == 0);

    /* Longer than DIRSIZ: refused or shortened, but used consistently. */
    const char *n20 = "ut_long_name14_extra";
    fd = open(n20, O_CREATE | O_RDWR);
    if (fd >= 0) {
        close(fd);
        CHECK(stat(n20, &s14) == 0);
        CHECK(unlink(n20) == 0);
        CHECK(stat(n20, &s14) == -1);
    }
}

/* Files until the disk has no block left, twice: the second fill must
 * get exactly as many blocks, or unlink lost some. Slow (it writes the
 * whole disk twice), so it runs only when named. */
static void t_diskfull(void)
{
    char name[32];
    int blocks[2], nfiles = 0;

    memset(buf, 'D', BSIZE);
    CHECK(mkdir("ut_full") == 0);
    for (int round = 0; round < 2; round++) {
        int full = 0;
        blocks[round] = 0;
        for (nfiles = 0; !full; nfiles++) {
            name_in(name, "ut_full/", "f", nfiles);
            int fd = open(name, O_CREATE | O_WRONLY | O_TRUNC);
            CHECK(fd >= 0);
            for (int b = 0; b < MAXFILE; b++) {
                if (write(fd, buf, BSIZE) != BSIZE) {
                    full = 1;
                    break;
                }
                blocks[round]++;
            }
            close(fd);
        }
        NOTE("%d blocks", blocks[round]);
        for (int i = 0; i < nfiles; i++) {
            name_in(name, "ut_full/", "f", i);
            CHECK(unlink(name) == 0);
        }
    }
    CHECK(unlink("ut_full") == 0);
    CHECK(blocks[0] == blocks[1]);
}

/* Empty files until there is no inode left, twice. Slow too. */
static void t_inodefull(void)
{
    char name[32];
    int counts[2];

    CHECK(mkdir("ut_if") == 0);
    for (int round = 0; round < 2; round++) {
        int n = 0;
        for (;;) {
            name_in(name, "ut_if/", "i", n);
            CHECK(n < 1000);
            int fd = open(name, O_CREATE | O_RDWR);
            if (fd < 0)
                break;
            close(fd);
            n++;
        }
        counts[round] = n;
        CHECK(mkdir("ut_if/dir") == -1);    /* a directory needs one too */
        for (int i = 0; i < n; i++) {
            name_in(name, "ut_if/", "i", i);
            CHECK(unlink(name) == 0);
        }
    }
    NOTE("%d inodes", counts[0]);
    CHECK(counts[0] > 50 && counts[0] == counts[1]);
    CHECK(unlink("ut_if") == 0);
}

/* ---------------------------------------------------------------------
 * The user library: printf, malloc, strings
 */

static void t_printf(void)
{
    int fd = open("ut_pf", O_CREATE | O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    fprintf(fd, "%d %d %u %x|%p|%s %s|%c%c|%lld %llu %llx|%% %d\n",
            -42, -2147483647 - 1, 3000000000u, 0xbeef, (void *)0x1234,
            "str", (char *)0, 'o', 'k', -1234567890123LL,
            18446744073709551615ULL, 0x123456789abcdefULL, 0);
    /* longer than printf's buffer: it must arrive whole */
    static char longs[300];
    memset(longs, 'L', sizeof(longs) - 1);
    fprintf(fd, "<%s>", longs);
    close(fd);

    static char want[400];
    strcpy(want, "-42 -2147483648 3000000000 beef|0x0000000000001234|str (null)|"
                 "ok|-1234567890123 18446744073709551615 123456789abcdef|% 0\n<");
    strcpy(want + strlen(want), longs);
    strcpy(want + strlen(want), ">");
    int n = read_file("ut_pf", buf, sizeof(buf));
    if (n != strlen(want) || memcmp(buf, want, n) != 0) {
        buf[n < 200 ? n : 200] = 0;
        FAIL("got \"%s\"", buf);
    }
    CHECK(unlink("ut_pf") == 0);
}

static void t_malloc(void)
{
    enum { N = 200 };
    static char *blocks[N];
    static uint sizes[N];
    uint seed = 5;

    for (int round = 0; round < 3; round++) {
        char *top = sbrk(0);
        for (int i = 0; i < N; i++) {
            sizes[i] = 1 + rand_next(&seed) % (i % 10 == 0 ? 5000 : 200);
            blocks[i] = malloc(sizes[i]);
            CHECK(blocks[i] != 0);
            CHECK(((uint64)blocks[i] & 15) == 0);
            memset(blocks[i], i, sizes[i]);
        }
        for (int i = 0; i < N; i++) {      /* nobody overwrote anybody */
            for (int j = 0; j < sizes[i]; j++)
                CHECK(blocks[i][j] == (char)i);
        }
        for (int i = 0; i < N; i += 2)
            free(blocks[i]);
        for (int i = 1; i < N; i += 2)
            free(blocks[i]);
        /* after the first round, freed memory is reused */
        if (round > 0)
            CHECK(sbrk(0) == top);
    }
    CHECK(malloc(0x7fffffff) == 0);         /* too big: 0, no crash */
    char *p = malloc(100);
    CHECK(p != 0);
    free(p);
    free(0);
}

static void t_strings(void)
{
    char s[32];
    CHECK(strlen("") == 0 && strlen("abc") == 3);
    CHECK(strcmp("abc", "abc") == 0 && strcmp("abc", "abd") < 0);
    CHECK(strcmp("b", "abc") > 0 && strcmp("ab", "abc") < 0);
    CHECK(strncmp("abcx", "abcy", 3) == 0 && strncmp("abcx", "abcy", 4) < 0);
    const char *h = "hello";
    CHECK(strchr(h, 'l') == h + 2 && strchr(h, 'z') == 0);
    CHECK(atoi("1234") == 1234 && atoi("-56") == -56 && atoi("7x") == 7);
    strcpy(s, "0123456789");
    memmove(s + 2, s, 5);                   /* overlapping, forwards */
    CHECK(memcmp(s, "0101234789", 10) == 0);
    strcpy(s, "0123456789");
    memmove(s, s + 3, 5);                   /* overlapping, backwards */
    CHECK(memcmp(s, "3456756789", 10) == 0);
    memset(s, 'z', 4);
    CHECK(memcmp(s, "zzzz", 4) == 0);
    CHECK(memcmp("ab", "ac", 2) < 0);
    memcpy(s, "copy", 5);
    CHECK(strcmp(s, "copy") == 0);
}

/* ---------------------------------------------------------------------
 * The runner
 */

struct test {
    const char *name;
    void (*fn)(void);
};

static struct test tests[] = {
    { "forkwait", t_forkwait },
    { "getpid", t_getpid },
    { "kill", t_kill },
    { "orphans", t_orphans },
    { "manyprocs", t_manyprocs },
    { "sbrk", t_sbrk },
    { "sbrkfreed", t_sbrkfreed },
    { "freemem", t_freemem },
    { "sleep", t_sleep },
    { "exec", t_exec },
    { "rw", t_rw },
    { "openflags", t_openflags },
    { "closedup", t_closedup },
    { "fstat", t_fstat },
    { "link", t_link },
    { "dirs", t_dirs },
    { "mknod", t_mknod },
    { "pipe", t_pipe },
    { "pipeconc", t_pipeconc },
    { "badbuf", t_badbuf },
    { "badpath", t_badpath },
    { "badargv", t_badargv },
    { "badresult", t_badresult },
    { "badfd", t_badfd },
    { "badaccess", t_badaccess },
    { "stackguard", t_stackguard },
    { "nofile", t_nofile },
    { "nfile", t_nfile },
    { "fdshare", t_fdshare },
    { "dirstress", t_dirstress },
    { "dirconc", t_dirconc },
    { "deepdir", t_deepdir },
    { "longname", t_longname },
    { "bigfile", t_bigfile },
    { "printf", t_printf },
    { "malloc", t_malloc },
    { "strings", t_strings },
    { "sbrkexhaust", t_sbrkexhaust },
    { "forkexhaust", t_forkexhaust },
};

/* Too slow for every run: these run only when named. */
static struct test slow_tests[] = {
    { "inodefull", t_inodefull },
    { "diskfull", t_diskfull },
};

/* Free pages once processes that just exited are gone: an orphan
 * finishes in init's hands a moment after its parent's wait. */
static int settled_freemem(int want)
{
    int now = freemem();
    for (int i = 0; i < 100 && now != want; i++) {
        sleep(1);
        now = freemem();
    }
    return now;
}

/* Prints a line every few seconds while a test runs, so that a hang
 * shows which test hangs. */
static int start_watchdog(const char *name)
{
    enum { PERIOD = 5 * TICK_HZ };
    int pid = fork();
    if (pid == 0) {
        for (int t = PERIOD;; t += PERIOD) {
            sleep(PERIOD);
            printf("test %s: still running after %d ticks\n", name, t);
        }
    }
    return pid;
}

/* Returns 1 if the test passed. */
static int run_test(struct test *t)
{
    int before = freemem();
    current_test = t->name;
    int pid = fork();
    if (pid < 0) {
        printf("test %s: FAILED (cannot fork)\n", t->name);
        return 0;
    }
    if (pid == 0) {
        t->fn();
        exit(0);
    }
    int dog = start_watchdog(t->name);

    int status, w;
    while ((w = wait(&status)) != pid) {
        if (w < 0) {
            printf("test %s: FAILED (lost the child)\n", t->name);
            return 0;
        }
    }
    if (dog > 0) {
        kill(dog);
        while ((w = wait(0)) != dog && w >= 0)
            ;
    }

    if (status == 1)
        return 0;                   /* the test said why */
    if (status == -1) {
        printf("test %s: FAILED (killed)\n", t->name);
        return 0;
    }
    if (status != 0) {
        printf("test %s: FAILED (exit status %d)\n", t->name, status);
        return 0;
    }
    int after = settled_freemem(before);
    if (after != before) {
        printf("test %s: FAILED (free pages %d before, %d after)\n",
               t->name, before, after);
        return 0;
    }
    printf("test %s: OK\n", t->name);
    return 1;
}

/* Runs the tests of a table that the command line asks for; counts
 * them in *ran and returns how many failed. */
static int run_table(struct test *table, int n, int by_default,
                     int argc, char **argv, int *ran)
{
    int failed = 0;
    for (int i = 0; i < n; i++) {
        int wanted = argc < 2 && by_default;
        for (int a = 1; a < argc; a++)
            wanted |= strcmp(argv[a], table[i].name) == 0;
        if (!wanted)
            continue;
        (*ran)++;
        if (!run_test(&table[i]))
            failed++;
    }
    return failed;
}

static void list_tests(struct test *table, int n)
{
    for (int i = 0; i < n; i++)
        printf(" %s", table[i].name);
}

int main(int argc, char **argv)
{
    int start = freemem(), t0 = uptime();
    int ran = 0, failed = 0;

    printf("usertests: %d free pages\n", start);
    failed += run_table(tests, NELEMS(tests), 1, argc, argv, &ran);
    failed += run_table(slow_tests, NELEMS(slow_tests), 0, argc, argv, &ran);
    if (ran == 0) {
        printf("usertests: no such test; the tests are:");
        list_tests(tests, NELEMS(tests));
        printf("\nand, only when named:");
        list_tests(slow_tests, NELEMS(slow_tests));
        printf("\n");
        exit(1);
    }

    int end = settled_freemem(start);
    printf("usertests: %d tests in %d ticks; free pages %d at start, %d at end\n",
           ran, uptime() - t0, start, end);
    if (end != start) {
        printf("usertests: pages leaked\n");
        failed++;
    }
    if (failed) {
        printf("SOME TESTS FAILED\n");
        exit(1);
    }
    printf("ALL TESTS PASSED\n");
    exit(0);
}
