/* user.h - what user programs can call: system calls and the small C
 * library in ulib.c, printf.c and umalloc.c. */
#ifndef GK_USER_H
#define GK_USER_H
#include "../kernel/types.h"
#include "../kernel/stat.h"
#include "../kernel/fcntl.h"

/* system calls (usys.S); -1 on error unless noted */
int fork(void);
int exit(int status) __attribute__((noreturn));
int wait(int *status);                  /* status may be 0 */
int pipe(int fds[2]);
int write(int fd, const void *buf, int n);
int read(int fd, void *buf, int n);
int close(int fd);
int kill(int pid);
int exec(const char *path, char **argv);
int open(const char *path, int flags);
int mknod(const char *path, short major, short minor);
int unlink(const char *path);
int fstat(int fd, struct stat *st);
int link(const char *old, const char *new);
int mkdir(const char *path);
int chdir(const char *path);
int dup(int fd);
int getpid(void);
char *sbrk(int n);                      /* (char *)-1 on failure */
int sleep(int ticks);
int uptime(void);                       /* ticks since boot */
int freemem(void);                      /* free physical pages */
int poweroff(int code) __attribute__((noreturn)); /* 0 = success */

/* ulib.c */
int stat(const char *path, struct stat *st);
char *strcpy(char *dst, const char *src);
void *memmove(void *dst, const void *src, int n);
char *strchr(const char *s, char c);
int strcmp(const char *p, const char *q);
int strncmp(const char *p, const char *q, uint n);
uint strlen(const char *s);
void *memset(void *dst, int c, uint n);
int memcmp(const void *a, const void *b, uint n);
void *memcpy(void *dst, const void *src, uint n);
char *gets(char *buf, int max);
int atoi(const char *s);

/* printf.c */
void fprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* umalloc.c */
void *malloc(uint n);
void free(void *p);
#endif
