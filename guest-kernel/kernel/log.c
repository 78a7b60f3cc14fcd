/*
 * log.c - a write-ahead redo log, so that a crash never leaves a file
 * system operation half done.
 *
 * A system call brackets its changes with begin_op()/end_op() and calls
 * log_write() instead of bwrite(). The changed blocks stay pinned in the
 * buffer cache until the last outstanding operation ends; then the whole
 * group is committed:
 *   1. copy each changed block into the log area,
 *   2. write the log header with the count: this single block write is
 *      the commit point,
 *   3. copy the blocks to their home locations,
 *   4. write the header with count 0.
 * After a crash, initlog() redoes step 3 if the header says a committed
 * group is there, and otherwise the group is simply ignored.
 *
 * On-disk log: [header block | LOGSIZE block copies].
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "fs.h"
#include "buf.h"
#include "defs.h"

struct logheader {
    int n;                  /* blocks in the committed group, 0 = none */
    int block[LOGSIZE];     /* their home block numbers                */
};
_Static_assert(sizeof(struct logheader) <= BSIZE, "log header must fit a block");

static struct {
    struct spinlock lock;
    int start;              /* first log block (the header)            */
    int size;               /* log blocks, header included             */
    int outstanding;        /* operations between begin_op and end_op  */
    int committing;         /* commit in progress: begin_op waits      */
    int dev;
    struct logheader lh;    /* the group being built (under lock)      */
} logctl;

static void commit(void);

static void read_head(void)
{
    struct buf *b = bread(logctl.dev, logctl.start);
    struct logheader *lh = (struct logheader *)b->data;
    if (lh->n < 0 || lh->n > LOGSIZE)
        panic("log: corrupt header");
    logctl.lh.n = lh->n;
    for (int i = 0; i < logctl.lh.n; i++)
        logctl.lh.block[i] = lh->block[i];
    brelse(b);
}

/* Write the in-memory header to disk. With n > 0 this commits. */
static void write_head(void)
{
    struct buf *b = bread(logctl.dev, logctl.start);
    struct logheader *lh = (struct logheader *)b->data;
    lh->n = logctl.lh.n;
    for (int i = 0; i < logctl.lh.n; i++)
        lh->block[i] = logctl.lh.block[i];
    bwrite(b);
    brelse(b);
}

/* Copy the logged blocks to their home locations. During recovery the
 * buffers were never pinned, so only a normal commit unpins them. */
static void install_trans(int recovering)
{
    for (int i = 0; i < logctl.lh.n; i++) {
        struct buf *from = bread(logctl.dev, logctl.start + 1 + i);
        struct buf *to = bread(logctl.dev, logctl.lh.block[i]);
        memmove(to->data, from->data, BSIZE);
        bwrite(to);
        if (!recovering)
            bunpin(to);
        brelse(from);
        brelse(to);
    }
}

static void recover(void)
{
    read_head();
    install_trans(1);
    logctl.lh.n = 0;
    write_head();
}

void initlog(int dev, struct superblock *sb)
{
    if (sb->nlog < 2)
        panic("initlog: no log on disk");
    initlock(&logctl.lock, "log");
    logctl.start = sb->logstart;
    logctl.size = sb->nlog;
    if (logctl.size - 1 > LOGSIZE)
        logctl.size = LOGSIZE + 1;   /* a larger area is fine; use what fits */
    logctl.dev = dev;
    recover();
}

void begin_op(void)
{
    acquire(&logctl.lock);
    for (;;) {
        /* Reserve room for the worst case of every running operation,
         * this one included, so a commit never overflows the log. */
        int worst = logctl.lh.n + (logctl.outstanding + 1) * MAXOPBLOCKS;
        if (logctl.committing || worst > logctl.size - 1) {
            sleep(&logctl, &logctl.lock);
        } else {
            logctl.outstanding++;
            release(&logctl.lock);
            return;
        }
    }
}

void end_op(void)
{
    int do_commit = 0;

    acquire(&logctl.lock);
    logctl.outstanding--;
    if (logctl.committing)
        panic("end_op: commit in progress");
    if (logctl.outstanding == 0) {
        do_commit = 1;
        logctl.committing = 1;
    } else {
        /* Less room is reserved now: a waiting begin_op may fit. */
        wakeup(&logctl);
    }
    release(&logctl.lock);

    if (do_commit) {
        /* Not under the lock: commit sleeps on disk I/O. No one else
         * touches logctl.lh while committing is set. */
        commit();
        acquire(&logctl.lock);
        logctl.committing = 0;
        wakeup(&logctl);
        release(&logctl.lock);
    }
}

/* Copy the changed blocks from the cache into the log area. */
static void write_log(void)
{
    for (int i = 0; i < logctl.lh.n; i++) {
        struct buf *to = bread(logctl.dev, logctl.start + 1 + i);
        struct buf *from = bread(logctl.dev, logctl.lh.block[i]);
        memmove(to->data, from->data, BSIZE);
        bwrite(to);
        brelse(from);
        brelse(to);
    }
}

static void commit(void)
{
    if (logctl.lh.n == 0)
        return;
    write_log();
    write_head();       /* the commit point */
    install_trans(0);
    logctl.lh.n = 0;
    write_head();       /* the group is installed: forget it */
}

/* Record that b was changed by the current operation; it will be
 * written at commit. The caller still brelse()s it. */
void log_write(struct buf *b)
{
    int i;

    acquire(&logctl.lock);
    if (logctl.outstanding < 1)
        panic("log_write: outside a transaction");

    for (i = 0; i < logctl.lh.n; i++)
        if (logctl.lh.block[i] == (int)b->blockno)
            break;   /* already in this group: one copy is enough */
    if (i == logctl.lh.n) {
        if (logctl.lh.n >= LOGSIZE || logctl.lh.n >= logctl.size - 1)
            panic("log_write: transaction too big");
        logctl.lh.block[i] = b->blockno;
        logctl.lh.n++;
        bpin(b);     /* keep the only up-to-date copy in the cache */
    }
    release(&logctl.lock);
}
