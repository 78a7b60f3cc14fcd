/*
 * defs.h - every kernel function other files call, grouped by the file
 * that defines it. This is the contract between the kernel's parts.
 */
#ifndef GK_DEFS_H
#define GK_DEFS_H
#include "types.h"

struct buf;
struct context;
struct cpu;
struct file;
struct inode;
struct pipe;
struct proc;
struct sleeplock;
struct spinlock;
struct stat;
struct superblock;

/* fdt.c: what the device tree says about the machine (read on hart 0 in
 * M-mode before anything else). */
struct boardinfo {
    uint64 ram_base, ram_end;  /* physical RAM                        */
    int    has_sstc;           /* riscv,isa lists Sstc (stimecmp)     */
    uint64 tracedev;           /* "rvemu,trace" MMIO base, 0 = absent */
    int    ncpu;               /* cpu nodes                           */
};
extern struct boardinfo board;
void            fdt_parse(uint64 dtb);

/* tracedev.c: reports to rvemu's trace device (no-ops without one). */
void            tracedev_init(void);
int             tracedev_present(void);
void            trace_event(uint32 code, uint64 a0, uint64 a1, uint64 a2, uint64 a3);

/* start.c / kernelvec.S */
void            timerinit(void);            /* per hart, M-mode */
extern int      timer_uses_sstc;

/* console.c */
void            consoleinit(void);
void            consoleintr(int c);
void            consputc(int c);

/* uart.c */
void            uartinit(void);
void            uartintr(void);
void            uartputc(int c);         /* may sleep: the output buffer   */
void            uartputc_sync(int c);    /* spins; for printf and echo     */
int             uartgetc(void);

/* printf.c */
int             printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void            panic(const char *s) __attribute__((noreturn));
void            printfinit(void);
extern volatile int panicked;

/* string.c */
int             memcmp(const void *a, const void *b, uint n);
void           *memmove(void *dst, const void *src, uint n);
void           *memcpy(void *dst, const void *src, uint n);
void           *memset(void *dst, int c, uint n);
char           *safestrcpy(char *dst, const char *src, int n);
int             strlen(const char *s);
int             strncmp(const char *p, const char *q, uint n);
char           *strncpy(char *dst, const char *src, int n);

/* spinlock.c */
void            initlock(struct spinlock *lk, const char *name);
void            acquire(struct spinlock *lk);
void            release(struct spinlock *lk);
int             holding(struct spinlock *lk);
void            push_off(void);
void            pop_off(void);

/* sleeplock.c */
void            initsleeplock(struct sleeplock *lk, const char *name);
void            acquiresleep(struct sleeplock *lk);
void            releasesleep(struct sleeplock *lk);
int             holdingsleep(struct sleeplock *lk);

/* kalloc.c: physical pages, each with a reference count. */
void            kinit(void);
void           *kalloc(void);                /* count 1, or 0 if none left */
void           *kalloc_kind(int kind);       /* the same, labelled for the trace */
void            kfree(void *pa);             /* drop a reference; free at 0 */
void            kref_get(uint64 pa);         /* one more reference */
uint            kref_count(uint64 pa);
uint64          kfreepages(void);        /* pages on the free list */

/* vm.c */
extern pagetable_t kernel_pagetable;   /* procinit maps kernel stacks in it */
void            kvminit(void);
void            kvminithart(void);
void            kvmmap(pagetable_t kpt, uint64 va, uint64 pa, uint64 sz, int perm);
int             mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm);
pte_t          *walk(pagetable_t pt, uint64 va, int alloc);
uint64          walkaddr(pagetable_t pt, uint64 va);
pagetable_t     uvmcreate(void);
void            uvmfirst(pagetable_t pt, const uchar *src, uint sz);
uint64          uvmalloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int xperm);
uint64          uvmdealloc(pagetable_t pt, uint64 oldsz, uint64 newsz);
int             uvmcopy(pagetable_t old, pagetable_t new, uint64 sz, int child_pid);
void            uvmfree(pagetable_t pt, uint64 sz);
void            uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free);
void            uvmclear(pagetable_t pt, uint64 va);
/* The physical address of user page va made ready for a kernel store
 * (copyout and friends), resolving copy-on-write first: 0 if va is not a
 * writable user page or memory ran out. */
uint64          uvm_writable_pa(pagetable_t pt, uint64 va);
/* Resolve a store to the copy-on-write page at va, given its leaf PTE
 * (valid, user, COW): 0 on success, -1 if out of memory. */
int             cow_resolve(pte_t *pte, uint64 va);
int             copyout(pagetable_t pt, uint64 dstva, const char *src, uint64 len);
int             copyin(pagetable_t pt, char *dst, uint64 srcva, uint64 len);
int             copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max);

/* proc.c */
void            procinit(void);
int             cpuid(void);
struct cpu     *mycpu(void);
struct proc    *myproc(void);
void            userinit(void);
int             fork(void);
void            exit(int status) __attribute__((noreturn));
int             wait(uint64 addr);
int             kill(int pid);
int             killed(struct proc *p);
void            setkilled(struct proc *p);
int             growproc(int n);
pagetable_t     proc_pagetable(struct proc *p);
void            proc_freepagetable(pagetable_t pt, uint64 sz);
void            scheduler(void) __attribute__((noreturn));
void            sched(void);
void            yield(void);
void            sleep(void *chan, struct spinlock *lk);
void            wakeup(void *chan);
int             either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int             either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void            procdump(void);

/* swtch.S */
void            swtch(struct context *old, struct context *new);

/* exec.c */
int             exec(char *path, char **argv);

/* trap.c */
extern uint     ticks;
extern struct spinlock tickslock;
void            trapinit(void);
void            trapinithart(void);
void            usertrapret(void);

/* syscall.c */
void            syscall(void);
void            argint(int n, int *ip);
void            argaddr(int n, uint64 *ip);
int             argstr(int n, char *buf, int max);
int             fetchaddr(uint64 addr, uint64 *ip);
int             fetchstr(uint64 addr, char *buf, int max);

/* plic.c */
void            plicinit(void);
void            plicinithart(void);
int             plic_claim(void);
void            plic_complete(int irq);

/* virtio_disk.c */
void            virtio_disk_init(void);
void            virtio_disk_rw(struct buf *b, int write);
void            virtio_disk_intr(void);

/* bio.c */
void            binit(void);
struct buf     *bread(uint dev, uint blockno);
void            brelse(struct buf *b);
void            bwrite(struct buf *b);
void            bpin(struct buf *b);
void            bunpin(struct buf *b);

/* log.c */
void            initlog(int dev, struct superblock *sb);
void            log_write(struct buf *b);
void            begin_op(void);
void            end_op(void);

/* fs.c */
void            fsinit(int dev);        /* from the first process: it sleeps */
void            iinit(void);
struct inode   *ialloc(uint dev, short type);
struct inode   *idup(struct inode *ip);
void            ilock(struct inode *ip);
void            iunlock(struct inode *ip);
void            iput(struct inode *ip);
void            iunlockput(struct inode *ip);
void            iupdate(struct inode *ip);
void            itrunc(struct inode *ip);
void            stati(struct inode *ip, struct stat *st);
int             readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
int             writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
int             namecmp(const char *s, const char *t);
struct inode   *dirlookup(struct inode *dp, char *name, uint *poff);
int             dirlink(struct inode *dp, char *name, uint inum);
struct inode   *namei(char *path);
struct inode   *nameiparent(char *path, char *name);

/* file.c */
void            fileinit(void);
struct file    *filealloc(void);
struct file    *filedup(struct file *f);
void            fileclose(struct file *f);
int             filestat(struct file *f, uint64 addr);
int             fileread(struct file *f, uint64 addr, int n);
int             filewrite(struct file *f, uint64 addr, int n);

/* pipe.c */
int             pipealloc(struct file **f0, struct file **f1);
void            pipeclose(struct pipe *pi, int writable);
int             piperead(struct pipe *pi, uint64 addr, int n);
int             pipewrite(struct pipe *pi, uint64 addr, int n);

/* system call handlers: sysproc.c (process, memory, time, machine)
 * and sysfile.c (files). Each returns the value for a0. */
uint64 sys_fork(void);   uint64 sys_exit(void);   uint64 sys_wait(void);
uint64 sys_kill(void);   uint64 sys_getpid(void); uint64 sys_sbrk(void);
uint64 sys_sleep(void);  uint64 sys_uptime(void); uint64 sys_freemem(void);
uint64 sys_poweroff(void);
uint64 sys_pipe(void);   uint64 sys_read(void);   uint64 sys_write(void);
uint64 sys_close(void);  uint64 sys_exec(void);   uint64 sys_fstat(void);
uint64 sys_chdir(void);  uint64 sys_dup(void);    uint64 sys_open(void);
uint64 sys_mknod(void);  uint64 sys_unlink(void); uint64 sys_link(void);
uint64 sys_mkdir(void);

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#endif
