/*
 * cowtest.c - tests of copy-on-write fork.
 *
 *   cowtest          every part
 *   cowtest NAME...  only the named parts
 *
 * Each part runs in a child of its own and must leave the free page count
 * where it found it. Prints "ALL COW TESTS PASSED" only if every part
 * passed.
 */
#include "user.h"

#define PAGE 4096

static const char *current;
static int failed;

#define FAIL(fmt, ...) do {                                          \
        printf("cowtest %s: FAILED " fmt "\n", current, ##__VA_ARGS__); \
        exit(1);                                                     \
    } while (0)

#define CHECK(cond) do {                                             \
        if (!(cond))                                                 \
            FAIL("line %d: %s", __LINE__, #cond);                    \
    } while (0)

/* A word that says which process wrote which page in which round. */
static uint64 stamp(int pid, uint64 page, int round)
{
    return ((uint64)pid << 40) ^ (page << 8) ^ (uint64)round ^ 0x5a5a000000000000ULL;
}

static int child_status(int pid)
{
    int st = -12345;
    if (wait(&st) != pid)
        return -12345;
    return st;
}

/* Grow the heap by npages and fill every page with stamp(owner, k, 0). */
static char *grab(uint64 npages, int owner)
{
    char *p = sbrk(npages * PAGE);
    if (p == (char *)-1)
        return 0;
    for (uint64 k = 0; k < npages; k++)
        *(uint64 *)(p + k * PAGE) = stamp(owner, k, 0);
    return p;
}

/* Every page of [p, p+npages) must still hold stamp(owner, k, round). */
static int intact(const char *p, uint64 npages, int owner, int round)
{
    for (uint64 k = 0; k < npages; k++)
        if (*(const uint64 *)(p + k * PAGE) != stamp(owner, k, round))
            return 0;
    return 1;
}

/* More than half of free memory allocated, then fork: only possible when
 * fork shares pages instead of copying them. The child writes a few pages
 * (copies), the parent checks its own are untouched. */
static void t_bigfork(void)
{
    uint64 n = (uint64)freemem() * 6 / 10;
    int me = getpid();
    char *p = grab(n, me);
    CHECK(p != 0);
    for (int round = 0; round < 3; round++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            if (!intact(p, n, me, 0))
                exit(2);
            for (uint64 k = 0; k < n; k += 97)
                *(uint64 *)(p + k * PAGE) = stamp(getpid(), k, round + 1);
            for (uint64 k = 0; k < n; k += 97)
                if (*(uint64 *)(p + k * PAGE) != stamp(getpid(), k, round + 1))
                    exit(3);
            exit(0);
        }
        CHECK(child_status(pid) == 0);
        CHECK(intact(p, n, me, 0));
    }
    CHECK(sbrk(-(int)(n * PAGE)) != (char *)-1);
}

/* Chains of forks, each generation writing part of the memory it
 * inherited and checking the rest is what its ancestors left. */
static void chain(char *p, uint64 n, int depth, int round)
{
    /* Pages k with k % 4 == depth belong to this generation. */
    int me = getpid();
    for (uint64 k = depth; k < n; k += 4)
        *(uint64 *)(p + k * PAGE) = stamp(me, k, round);
    if (depth < 3) {
        int pid = fork();
        if (pid < 0)
            exit(4);
        if (pid == 0) {
            chain(p, n, depth + 1, round);
            exit(0);
        }
        if (child_status(pid) != 0)
            exit(5);
    }
    /* The child's writes must not show here. */
    for (uint64 k = depth; k < n; k += 4)
        if (*(uint64 *)(p + k * PAGE) != stamp(me, k, round))
            exit(6);
}

static void t_chains(void)
{
    uint64 n = 64;
    char *p = grab(n, getpid());
    CHECK(p != 0);
    for (int round = 0; round < 40; round++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            chain(p, n, 0, round);
            exit(0);
        }
        CHECK(child_status(pid) == 0);
        CHECK(intact(p, n, getpid(), 0));
    }
}

/* read() into a page the parent shares copy-on-write: the kernel's
 * copyout must copy the page first, never write into the parent's. */
static void read_into_shared(int from_pipe)
{
    static char buf[3 * PAGE];
    for (int k = 0; k < (int)sizeof(buf); k++)
        buf[k] = 'P';
    int fds[2];
    if (from_pipe) {
        CHECK(pipe(fds) == 0);
    } else {
        int fd = open("cowdata", O_CREATE | O_WRONLY | O_TRUNC);
        CHECK(fd >= 0);
        static char c[PAGE + 100];
        for (int k = 0; k < (int)sizeof(c); k++)
            c[k] = 'C';
        CHECK(write(fd, c, sizeof(c)) == sizeof(c));
        close(fd);
    }
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int n;
        if (from_pipe) {
            close(fds[1]);
            n = 0;
            int r;
            while ((r = read(fds[0], buf + 100 + n, PAGE + 100 - n)) > 0)
                n += r;
        } else {
            int fd = open("cowdata", O_RDONLY);
            n = read(fd, buf + 100, PAGE + 100);
            close(fd);
        }
        if (n != PAGE + 100)
            exit(7);
        for (int k = 0; k < PAGE + 100; k++)
            if (buf[100 + k] != 'C')
                exit(8);
        exit(0);
    }
    if (from_pipe) {
        close(fds[0]);
        static char c[PAGE + 100];
        for (int k = 0; k < (int)sizeof(c); k++)
            c[k] = 'C';
        CHECK(write(fds[1], c, sizeof(c)) == sizeof(c));
        close(fds[1]);
    }
    CHECK(child_status(pid) == 0);
    for (int k = 0; k < (int)sizeof(buf); k++)
        CHECK(buf[k] == 'P');
    if (!from_pipe)
        CHECK(unlink("cowdata") == 0);
}

static void t_readfile(void) { read_into_shared(0); }
static void t_readpipe(void) { read_into_shared(1); }

/* A store into the text segment is a bug even when the page is shared:
 * the child dies, the parent (who shares the text) is unaffected. */
static void t_textwrite(void)
{
    for (int round = 0; round < 3; round++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            volatile char *text = (volatile char *)(uint64)t_textwrite;
            *text = 0;
            exit(0);   /* not reached */
        }
        CHECK(child_status(pid) == -1);
    }
    /* Our own text still runs: we are here. Check it is unchanged too. */
    CHECK(*(volatile uint *)(uint64)t_textwrite != 0);
}

/* Many processes forking and writing at once (on several harts). */
static void t_storm(void)
{
    uint64 n = 32;
    char *p = grab(n, getpid());
    CHECK(p != 0);
    int kids = 8;
    for (int c = 0; c < kids; c++) {
        int pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            for (int round = 0; round < 20; round++) {
                int g = fork();
                if (g < 0)
                    exit(9);
                if (g == 0) {
                    int me = getpid();
                    for (uint64 k = (me + round) % 3; k < n; k += 3)
                        *(uint64 *)(p + k * PAGE) = stamp(me, k, round);
                    for (uint64 k = (me + round) % 3; k < n; k += 3)
                        if (*(uint64 *)(p + k * PAGE) != stamp(me, k, round))
                            exit(10);
                    exit(0);
                }
                if (child_status(g) != 0)
                    exit(11);
                *(uint64 *)(p + (round % n) * PAGE) = stamp(getpid(), round % n, round);
            }
            exit(0);
        }
    }
    for (int c = 0; c < kids; c++) {
        int st = -1;
        CHECK(wait(&st) > 0);
        CHECK(st == 0);
    }
    CHECK(intact(p, n, getpid(), 0));
}

/* The last sharer takes its page back without a copy: after the child
 * exits, the parent's store must not use up a free page. */
static void t_reclaim(void)
{
    char *p = grab(8, getpid());
    CHECK(p != 0);
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0)
        exit(0);
    CHECK(child_status(pid) == 0);
    int before = freemem();
    for (int k = 0; k < 8; k++)
        p[k * PAGE] = 1;
    CHECK(freemem() == before);
}

/* One fork, one write: the smallest copy-on-write story, for the trace
 * tests (share -> store fault -> copy -> the old page's count drops). */
static char story_page[PAGE] __attribute__((aligned(PAGE)));

static void t_story(void)
{
    story_page[0] = 1;
    int pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        story_page[8] = 2;
        exit(story_page[0] == 1 && story_page[8] == 2 ? 0 : 1);
    }
    CHECK(child_status(pid) == 0);
    CHECK(story_page[8] == 0);
}

struct part {
    const char *name;
    void (*fn)(void);
};

static struct part parts[] = {
    { "bigfork", t_bigfork },   { "chains", t_chains },
    { "readfile", t_readfile }, { "readpipe", t_readpipe },
    { "textwrite", t_textwrite }, { "reclaim", t_reclaim },
    { "storm", t_storm },       { "story", t_story },
};

static void run(struct part *t)
{
    current = t->name;
    int before = freemem();
    int pid = fork();
    if (pid < 0) {
        printf("cowtest %s: FAILED fork\n", t->name);
        failed++;
        return;
    }
    if (pid == 0) {
        t->fn();
        exit(0);
    }
    int st = child_status(pid);
    int after = freemem();
    if (st != 0) {
        printf("cowtest %s: FAILED (exit status %d)\n", t->name, st);
        failed++;
    } else if (after != before) {
        printf("cowtest %s: FAILED free pages %d before, %d after\n", t->name, before, after);
        failed++;
    } else {
        printf("cowtest %s: OK\n", t->name);
    }
}

int main(int argc, char *argv[])
{
    int start = freemem();
    for (unsigned k = 0; k < sizeof(parts) / sizeof(parts[0]); k++) {
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++)
            wanted |= strcmp(argv[a], parts[k].name) == 0;
        if (wanted)
            run(&parts[k]);
    }
    int end = freemem();
    printf("cowtest: free pages %d at start, %d at end\n", start, end);
    if (failed == 0 && end == start) {
        printf("ALL COW TESTS PASSED\n");
        exit(0);
    }
    printf("SOME COW TESTS FAILED\n");
    exit(1);
}
