/*
 * forkstorm.c - fork and exec many times, then check that every page
 * came back: "forkstorm [N]" (default 2000) prints FORKSTORM OK when
 * the free page count after N rounds equals the count before.
 *
 * Most rounds exec this program again with "-child", which exits at
 * once: the cheapest real exec there is. Every fourth round the child
 * exits without exec, covering plain fork/exit too.
 */
#include "user.h"

static char *child_argv[] = { "forkstorm", "-child", 0 };

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-child") == 0)
        exit(0);

    int rounds = argc > 1 ? atoi(argv[1]) : 2000;
    if (rounds <= 0) {
        fprintf(2, "usage: forkstorm [rounds]\n");
        exit(1);
    }

    int before = freemem();
    int errors = 0;
    for (int i = 0; i < rounds; i++) {
        int pid = fork();
        if (pid < 0) {
            printf("forkstorm: fork failed in round %d\n", i);
            errors++;
            break;
        }
        if (pid == 0) {
            if (i % 4 == 3)
                exit(0);
            exec("/forkstorm", child_argv);
            exit(1);                /* exec failed */
        }
        int status;
        int w = wait(&status);
        if (w != pid || status != 0) {
            printf("forkstorm: round %d: wait gave pid %d status %d (child %d)\n",
                   i, w, status, pid);
            errors++;
        }
        if ((i + 1) % 500 == 0)
            printf("forkstorm: %d rounds\n", i + 1);
    }
    /* Anything else still exiting (a shell's pipeline, init reaping an
     * orphan) holds pages for a moment: give it a second to settle. */
    int after = freemem();
    for (int i = 0; i < 100 && after != before; i++) {
        sleep(1);
        after = freemem();
    }

    printf("forkstorm: %d processes, free pages before %d after %d\n",
           rounds, before, after);
    if (after != before) {
        printf("FORKSTORM LEAK\n");
        exit(1);
    }
    if (errors) {
        printf("FORKSTORM FAILED: %d bad rounds\n", errors);
        exit(1);
    }
    printf("FORKSTORM OK\n");
    exit(0);
}
