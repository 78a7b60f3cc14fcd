/*
 * bio.c - the buffer cache: NBUF in-memory copies of disk blocks.
 *
 * It keeps at most one copy of each block, so processes that share a
 * block see each other's changes, and a buffer's sleep lock lets only
 * one of them use it at a time. Buffers sit in a list ordered by last
 * release: the head end was used most recently, so a new block takes
 * the unreferenced buffer nearest the tail.
 *
 * bread() returns a locked buffer; change its data, bwrite() it if it
 * must reach the disk, and brelse() it when done.
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "riscv.h"
#include "fs.h"
#include "buf.h"
#include "defs.h"

static struct {
    struct spinlock lock;     /* the list, refcnt, dev and blockno */
    struct buf buf[NBUF];
    struct buf head;          /* list sentinel: head.next = most recent */
} bcache;

static void list_remove(struct buf *b)
{
    b->next->prev = b->prev;
    b->prev->next = b->next;
}

static void list_push_front(struct buf *b)
{
    b->next = bcache.head.next;
    b->prev = &bcache.head;
    bcache.head.next->prev = b;
    bcache.head.next = b;
}

void binit(void)
{
    initlock(&bcache.lock, "bcache");
    bcache.head.prev = &bcache.head;
    bcache.head.next = &bcache.head;
    for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
        initsleeplock(&b->lock, "buffer");
        list_push_front(b);
    }
}

/* The buffer for (dev, blockno), locked; its data is valid only if
 * b->valid. */
static struct buf *bget(uint dev, uint blockno)
{
    struct buf *b;

    acquire(&bcache.lock);
    for (b = bcache.head.next; b != &bcache.head; b = b->next) {
        if (b->dev == dev && b->blockno == blockno) {
            b->refcnt++;
            release(&bcache.lock);
            acquiresleep(&b->lock);
            return b;
        }
    }

    /* Not cached: recycle the least recently used idle buffer. */
    for (b = bcache.head.prev; b != &bcache.head; b = b->prev) {
        if (b->refcnt == 0) {
            b->dev = dev;
            b->blockno = blockno;
            b->valid = 0;
            b->refcnt = 1;
            release(&bcache.lock);
            acquiresleep(&b->lock);
            return b;
        }
    }
    panic("bget: no free buffer");
}

struct buf *bread(uint dev, uint blockno)
{
    struct buf *b = bget(dev, blockno);
    if (!b->valid) {
        virtio_disk_rw(b, 0);
        b->valid = 1;
    }
    return b;
}

void bwrite(struct buf *b)
{
    if (!holdingsleep(&b->lock))
        panic("bwrite: buffer not locked");
    virtio_disk_rw(b, 1);
}

/* Done with a buffer from bread(). */
void brelse(struct buf *b)
{
    if (!holdingsleep(&b->lock))
        panic("brelse: buffer not locked");
    releasesleep(&b->lock);

    acquire(&bcache.lock);
    b->refcnt--;
    if (b->refcnt == 0) {
        list_remove(b);
        list_push_front(b);
    }
    release(&bcache.lock);
}

/* Keep a buffer in the cache (the log holds its blocks until installed). */
void bpin(struct buf *b)
{
    acquire(&bcache.lock);
    b->refcnt++;
    release(&bcache.lock);
}

void bunpin(struct buf *b)
{
    acquire(&bcache.lock);
    b->refcnt--;
    release(&bcache.lock);
}
