/* init.c - the first user process: gives the console to fds 0, 1, 2,
 * keeps a shell running, and reaps orphans (every process whose parent
 * exits becomes init's child). */
#include "user.h"

#define CONSOLE_MAJOR 1   /* kernel/file.h: CONSOLE */

static char *sh_argv[] = { "sh", 0 };

static int start_shell(void)
{
    for (;;) {
        int pid = fork();
        if (pid == 0) {
            exec("sh", sh_argv);
            exec("/sh", sh_argv);
            fprintf(2, "init: cannot exec sh\n");
            exit(1);
        }
        if (pid > 0)
            return pid;
        fprintf(2, "init: fork failed, retrying\n");
        sleep(10);
    }
}

int main(void)
{
    if (open("console", O_RDWR) < 0) {
        mknod("console", CONSOLE_MAJOR, 0);
        if (open("console", O_RDWR) < 0)
            exit(1);    /* nowhere to even say so */
    }
    dup(0);     /* stdout */
    dup(0);     /* stderr */

    for (;;) {
        printf("init: starting sh\n");
        int shpid = start_shell();
        /* Any child may finish first: orphans are reaped on the way. */
        for (;;) {
            int pid = wait(0);
            if (pid == shpid)
                break;
            if (pid < 0) {
                /* No children at all would mean the shell is gone
                 * without our having seen it: start another. */
                break;
            }
        }
    }
}
