/*
 * exec.c - replace the calling process's memory with a program from the
 * file system.
 *
 * The new image is built in a fresh page table and swapped in only when
 * complete, so a bad file leaves the caller untouched (exec returns -1).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "tracedev.h"
#include "defs.h"
#include "elf.h"

#define MAX_PHNUM 64

/* User memory may not grow into the trap frame; leave room for the
 * guard page and stack above the last segment. */
#define USER_LIMIT (TRAPFRAME - (USERSTACK + 1) * PGSIZE)

static int flags2perm(uint flags)
{
    int perm = 0;
    if (flags & ELF_PROG_FLAG_EXEC)
        perm |= PTE_X;
    if (flags & ELF_PROG_FLAG_WRITE)
        perm |= PTE_W;
    return perm;
}

static int elf_ok(const struct elfhdr *elf)
{
    return elf->magic == ELF_MAGIC && elf->ident[0] == ELFCLASS64 &&
           elf->ident[1] == ELFDATA2LSB && elf->type == ET_EXEC && elf->machine == EM_RISCV &&
           elf->phentsize == sizeof(struct proghdr) && elf->phnum <= MAX_PHNUM;
}

/* A loadable segment must start on a page, lie below USER_LIMIT without
 * wrapping, and not overlap what is already loaded (sz). */
static int segment_ok(const struct proghdr *ph, uint64 sz)
{
    return ph->memsz >= ph->filesz && ph->vaddr % PGSIZE == 0 && ph->vaddr >= sz &&
           ph->vaddr <= USER_LIMIT && ph->memsz <= USER_LIMIT - ph->vaddr &&
           ph->off + ph->filesz >= ph->off;
}

/* Read filesz bytes at file offset off into the (already mapped) pages
 * at va. va is page-aligned. 0 or -1. */
static int loadseg(pagetable_t pt, uint64 va, struct inode *ip, uint64 off, uint64 filesz)
{
    for (uint64 i = 0; i < filesz; i += PGSIZE) {
        uint64 pa = walkaddr(pt, va + i);
        if (pa == 0)
            panic("loadseg: page not mapped");
        uint n = filesz - i < PGSIZE ? filesz - i : PGSIZE;
        if (off + i > 0xffffffffU || readi(ip, 0, pa, off + i, n) != n)
            return -1;
    }
    return 0;
}

/* Map and load every PT_LOAD segment of ip into pt. Returns the size of
 * the loaded image, or -1 (*szp tells the caller what to free). */
static int load_program(pagetable_t pt, struct inode *ip, const struct elfhdr *elf, uint64 *szp)
{
    for (int i = 0; i < elf->phnum; i++) {
        struct proghdr ph;
        uint64 off = elf->phoff + i * sizeof(ph);
        if (off < elf->phoff || off > 0xffffffffU ||
            readi(ip, 0, (uint64)&ph, off, sizeof(ph)) != sizeof(ph))
            return -1;
        if (ph.type != ELF_PROG_LOAD || ph.memsz == 0)
            continue;
        if (!segment_ok(&ph, *szp))
            return -1;
        uint64 newsz = uvmalloc(pt, *szp, ph.vaddr + ph.memsz, flags2perm(ph.flags));
        if (newsz == 0)
            return -1;
        *szp = newsz;
        if (loadseg(pt, ph.vaddr, ip, ph.off, ph.filesz) < 0)
            return -1;
    }
    return 0;
}

/* Tell the trace device the process has a new address space. */
static void report_exec(struct proc *p)
{
    uint64 name[2] = { 0, 0 };
    memmove(name, p->name, sizeof(p->name) < sizeof(name) ? sizeof(p->name) : sizeof(name));
    trace_event(TEV_PROC_EXEC, p->pid, (uint64)p->pagetable, name[0], name[1]);
}

/* Push the argument strings and the argv[] array onto the new stack.
 * Returns the new sp (argv[] is there), or 0 if they do not fit. */
static uint64 push_args(pagetable_t pt, uint64 sp, uint64 stackbase, char **argv, int *argcp)
{
    uint64 ustack[MAXARG + 1];
    int argc;

    for (argc = 0; argv[argc]; argc++) {
        if (argc >= MAXARG)
            return 0;
        uint64 len = strlen(argv[argc]) + 1;
        if (sp - stackbase < len)
            return 0;
        sp -= len;
        sp -= sp % 16;   /* the RISC-V ABI wants sp 16-byte aligned */
        if (sp < stackbase || copyout(pt, sp, argv[argc], len) < 0)
            return 0;
        ustack[argc] = sp;
    }
    ustack[argc] = 0;

    uint64 bytes = (argc + 1) * sizeof(uint64);
    if (sp - stackbase < bytes)
        return 0;
    sp -= bytes;
    sp -= sp % 16;
    if (sp < stackbase || copyout(pt, sp, (char *)ustack, bytes) < 0)
        return 0;
    *argcp = argc;
    return sp;
}

int exec(char *path, char **argv)
{
    struct proc *p = myproc();
    struct elfhdr elf;
    pagetable_t pt = 0;
    uint64 sz = 0;

    begin_op();
    struct inode *ip = namei(path);
    if (ip == 0) {
        end_op();
        return -1;
    }
    ilock(ip);

    if (readi(ip, 0, (uint64)&elf, 0, sizeof(elf)) != sizeof(elf) || !elf_ok(&elf))
        goto bad;
    if ((pt = proc_pagetable(p)) == 0)
        goto bad;
    if (load_program(pt, ip, &elf, &sz) < 0)
        goto bad;
    iunlockput(ip);
    end_op();
    ip = 0;

    /* The stack: USERSTACK pages above an inaccessible guard page that
     * catches overflows. */
    sz = PGROUNDUP(sz);
    uint64 newsz = uvmalloc(pt, sz, sz + (USERSTACK + 1) * PGSIZE, PTE_W);
    if (newsz == 0)
        goto bad;
    sz = newsz;
    uvmclear(pt, sz - (USERSTACK + 1) * PGSIZE);
    uint64 stackbase = sz - USERSTACK * PGSIZE;

    int argc;
    uint64 sp = push_args(pt, sz, stackbase, argv, &argc);
    if (sp == 0)
        goto bad;

    /* main(argc, argv): a0 is the system call's return value. */
    p->trapframe->a1 = sp;

    const char *last = path;
    for (const char *s = path; *s; s++)
        if (*s == '/')
            last = s + 1;
    safestrcpy(p->name, last, sizeof(p->name));

    /* Commit: from here on the old image is gone. */
    pagetable_t oldpt = p->pagetable;
    uint64 oldsz = p->sz;
    p->pagetable = pt;
    p->sz = sz;
    p->trapframe->epc = elf.entry;
    p->trapframe->sp = sp;
    report_exec(p);
    proc_freepagetable(oldpt, oldsz);
    return argc;

bad:
    if (pt)
        proc_freepagetable(pt, sz);
    if (ip) {
        iunlockput(ip);
        end_op();
    }
    return -1;
}
