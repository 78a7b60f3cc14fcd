/*
 * pipe.c - pipes: a PIPESIZE-byte ring shared by a read end and a write
 * end, each an open file. Writers sleep while it is full, readers while
 * it is empty and a writer remains.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "file.h"
#include "defs.h"

#define PIPESIZE 512

struct pipe {
    struct spinlock lock;
    char data[PIPESIZE];
    uint nread;      /* bytes read so far (they only grow; the ring  */
    uint nwrite;     /* index is the count modulo PIPESIZE)          */
    int readopen;    /* the read end is still open                   */
    int writeopen;   /* the write end is still open                  */
};
_Static_assert(sizeof(struct pipe) <= PGSIZE, "a pipe must fit one page");

/* A new pipe: *f0 reads, *f1 writes. 0, or -1 with nothing allocated. */
int pipealloc(struct file **f0, struct file **f1)
{
    struct pipe *pi = 0;

    *f0 = *f1 = 0;
    if ((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0)
        goto fail;
    if ((pi = (struct pipe *)kalloc()) == 0)
        goto fail;

    initlock(&pi->lock, "pipe");
    pi->nread = pi->nwrite = 0;
    pi->readopen = pi->writeopen = 1;

    (*f0)->type = FD_PIPE;
    (*f0)->readable = 1;
    (*f0)->writable = 0;
    (*f0)->pipe = pi;
    (*f1)->type = FD_PIPE;
    (*f1)->readable = 0;
    (*f1)->writable = 1;
    (*f1)->pipe = pi;
    return 0;

fail:
    /* The files have type FD_NONE still, so closing only frees them. */
    if (*f0)
        fileclose(*f0);
    if (*f1)
        fileclose(*f1);
    *f0 = *f1 = 0;
    return -1;
}

/* Close one end; the pipe goes away with the second. */
void pipeclose(struct pipe *pi, int writable)
{
    acquire(&pi->lock);
    if (writable) {
        pi->writeopen = 0;
        wakeup(&pi->nread);    /* readers see end of file */
    } else {
        pi->readopen = 0;
        wakeup(&pi->nwrite);   /* writers see the broken pipe */
    }
    if (pi->readopen || pi->writeopen) {
        release(&pi->lock);
        return;
    }
    release(&pi->lock);
    kfree((char *)pi);
}

int pipewrite(struct pipe *pi, uint64 addr, int n)
{
    struct proc *p = myproc();
    int done = 0;

    acquire(&pi->lock);
    while (done < n) {
        if (!pi->readopen || killed(p)) {
            release(&pi->lock);
            return -1;
        }
        uint room = PIPESIZE - (pi->nwrite - pi->nread);
        if (room == 0) {
            wakeup(&pi->nread);
            sleep(&pi->nwrite, &pi->lock);
            continue;
        }
        /* Copy the largest piece that needs no wrap-around. */
        uint at = pi->nwrite % PIPESIZE;
        uint len = n - done;
        if (len > room)
            len = room;
        if (len > PIPESIZE - at)
            len = PIPESIZE - at;
        if (copyin(p->pagetable, &pi->data[at], addr + done, len) < 0) {
            if (done == 0)
                done = -1;
            break;
        }
        pi->nwrite += len;
        done += len;
    }
    wakeup(&pi->nread);
    release(&pi->lock);
    return done;
}

/* Read what is there, up to n bytes, waiting only while the pipe is
 * empty and a writer remains. 0 means end of file. */
int piperead(struct pipe *pi, uint64 addr, int n)
{
    struct proc *p = myproc();
    int done = 0;

    acquire(&pi->lock);
    while (pi->nread == pi->nwrite && pi->writeopen) {
        if (killed(p)) {
            release(&pi->lock);
            return -1;
        }
        sleep(&pi->nread, &pi->lock);
    }
    while (done < n && pi->nread != pi->nwrite) {
        uint at = pi->nread % PIPESIZE;
        uint len = n - done;
        if (len > pi->nwrite - pi->nread)
            len = pi->nwrite - pi->nread;
        if (len > PIPESIZE - at)
            len = PIPESIZE - at;
        if (copyout(p->pagetable, addr + done, &pi->data[at], len) < 0) {
            if (done == 0)
                done = -1;
            break;
        }
        pi->nread += len;
        done += len;
    }
    wakeup(&pi->nwrite);
    release(&pi->lock);
    return done;
}
