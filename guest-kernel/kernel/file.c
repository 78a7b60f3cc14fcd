/*
 * file.c - open files: the system-wide file table and the read, write
 * and stat calls that dispatch to pipes, inodes and devices.
 */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "file.h"
#include "stat.h"
#include "proc.h"
#include "defs.h"

struct devsw devsw[NDEV];

static struct {
    struct spinlock lock;
    struct file file[NFILE];
} ftable;

void fileinit(void)
{
    initlock(&ftable.lock, "ftable");
}

/* An unused file structure with one reference, or 0 if all are taken. */
struct file *filealloc(void)
{
    acquire(&ftable.lock);
    for (struct file *f = ftable.file; f < ftable.file + NFILE; f++) {
        if (f->ref == 0) {
            f->ref = 1;
            release(&ftable.lock);
            return f;
        }
    }
    release(&ftable.lock);
    return 0;
}

struct file *filedup(struct file *f)
{
    acquire(&ftable.lock);
    if (f->ref < 1)
        panic("filedup: unused file");
    f->ref++;
    release(&ftable.lock);
    return f;
}

/* Drop a reference; the last one releases the pipe end or the inode. */
void fileclose(struct file *f)
{
    acquire(&ftable.lock);
    if (f->ref < 1)
        panic("fileclose: unused file");
    if (--f->ref > 0) {
        release(&ftable.lock);
        return;
    }
    /* Copy it out and free the slot before the slow part, which may
     * sleep and must not hold ftable.lock. */
    struct file old = *f;
    f->ref = 0;
    f->type = FD_NONE;
    release(&ftable.lock);

    if (old.type == FD_PIPE) {
        pipeclose(old.pipe, old.writable);
    } else if (old.type == FD_INODE || old.type == FD_DEVICE) {
        begin_op();
        iput(old.ip);
        end_op();
    }
}

/* Copy the file's metadata to the user address addr. 0 or -1. */
int filestat(struct file *f, uint64 addr)
{
    struct stat st;

    if (f->type != FD_INODE && f->type != FD_DEVICE)
        return -1;
    ilock(f->ip);
    stati(f->ip, &st);
    iunlock(f->ip);
    if (copyout(myproc()->pagetable, addr, (char *)&st, sizeof(st)) < 0)
        return -1;
    return 0;
}

static int valid_major(short major)
{
    return major >= 0 && major < NDEV;
}

/* Read up to n bytes into the user address addr. */
int fileread(struct file *f, uint64 addr, int n)
{
    int r;

    if (!f->readable)
        return -1;
    switch (f->type) {
    case FD_PIPE:
        return piperead(f->pipe, addr, n);
    case FD_DEVICE:
        if (!valid_major(f->major) || devsw[f->major].read == 0)
            return -1;
        return devsw[f->major].read(1, addr, n);
    case FD_INODE:
        ilock(f->ip);
        r = readi(f->ip, 1, addr, f->off, n);
        if (r > 0)
            f->off += r;
        iunlock(f->ip);
        return r;
    default:
        panic("fileread: bad file type");
    }
}

/* Inode writes are split so that each piece fits one log transaction
 * (MAXOPBLOCKS): besides its data blocks a piece may dirty the inode
 * block, the indirect block and two bitmap blocks. The data share is
 * halved to leave room for an unaligned piece, which spans one block
 * more than its length suggests. */
#define WRITE_CHUNK (((MAXOPBLOCKS - 1 - 1 - 2) / 2) * BSIZE)

static int inode_write(struct file *f, uint64 addr, int n)
{
    int done = 0;

    while (done < n) {
        int len = n - done;
        if (len > WRITE_CHUNK)
            len = WRITE_CHUNK;

        begin_op();
        ilock(f->ip);
        int r = writei(f->ip, 1, addr + done, f->off, len);
        if (r > 0)
            f->off += r;
        iunlock(f->ip);
        end_op();

        if (r != len)
            break;   /* an error, a bad address or a full disk */
        done += r;
    }
    return done == n ? n : -1;
}

/* Write n bytes from the user address addr. */
int filewrite(struct file *f, uint64 addr, int n)
{
    if (!f->writable)
        return -1;
    switch (f->type) {
    case FD_PIPE:
        return pipewrite(f->pipe, addr, n);
    case FD_DEVICE:
        if (!valid_major(f->major) || devsw[f->major].write == 0)
            return -1;
        return devsw[f->major].write(1, addr, n);
    case FD_INODE:
        return inode_write(f, addr, n);
    default:
        panic("filewrite: bad file type");
    }
}
