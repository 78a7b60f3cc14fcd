/*
 * forkbench.c - how fast fork is, and how many pages each fork costs.
 *
 *   forkbench [N] [HEAP_PAGES]   (defaults 300 and 64)
 *
 * The process first grows a heap of HEAP_PAGES touched pages, like a real
 * program with data, then times N rounds of fork+exit and N rounds of
 * fork+exec+exit, and measures the pages one fork takes from the free
 * list while the child lives (before and after the child writes its
 * whole heap). Times are guest ticks (TICK_HZ = 100 per second of guest
 * time); bench/fork adds the wall time.
 */
#include "user.h"

#define PAGE 4096

static int pages_used_by_child(char *heap, int npages, int dirty)
{
    int p[2];
    if (pipe(p) < 0)
        return -1;
    int before = freemem();
    int pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (dirty)
            for (int k = 0; k < npages; k++)
                heap[k * PAGE] = 2;
        int now = freemem();
        write(p[1], &now, sizeof(now));
        exit(0);
    }
    int child_free = 0;
    close(p[1]);
    if (read(p[0], &child_free, sizeof(child_free)) != sizeof(child_free))
        child_free = before;
    close(p[0]);
    wait(0);
    return before - child_free;
}

int main(int argc, char *argv[])
{
    if (argc > 1 && strcmp(argv[1], "-exit") == 0)
        exit(0);
    int n = argc > 1 ? atoi(argv[1]) : 300;
    int heap_pages = argc > 2 ? atoi(argv[2]) : 64;
    if (n <= 0 || heap_pages < 0) {
        fprintf(2, "usage: forkbench [N] [HEAP_PAGES]\n");
        exit(1);
    }
    char *heap = sbrk(heap_pages * PAGE);
    if (heap == (char *)-1) {
        fprintf(2, "forkbench: no memory for the heap\n");
        exit(1);
    }
    for (int k = 0; k < heap_pages; k++)
        heap[k * PAGE] = 1;

    int t0 = uptime();
    for (int k = 0; k < n; k++) {
        int pid = fork();
        if (pid == 0)
            exit(0);
        if (pid < 0 || wait(0) != pid) {
            fprintf(2, "forkbench: fork failed\n");
            exit(1);
        }
    }
    int t1 = uptime();
    char *args[] = { "forkbench", "-exit", 0 };
    for (int k = 0; k < n; k++) {
        int pid = fork();
        if (pid == 0) {
            exec("forkbench", args);
            exit(1);
        }
        int st = -1;
        if (pid < 0 || wait(&st) != pid || st != 0) {
            fprintf(2, "forkbench: fork+exec failed\n");
            exit(1);
        }
    }
    int t2 = uptime();
    int idle = pages_used_by_child(heap, heap_pages, 0);
    int written = pages_used_by_child(heap, heap_pages, 1);

    printf("forkbench: heap %d pages, %d rounds\n", heap_pages, n);
    printf("forkbench: fork+exit %d ticks, fork+exec+exit %d ticks\n", t1 - t0, t2 - t1);
    printf("forkbench: pages per fork %d, after the child writes its heap %d\n", idle, written);
    exit(0);
}
