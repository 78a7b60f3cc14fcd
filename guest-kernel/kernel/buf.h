/* buf.h - one cached disk block. */
#ifndef GK_BUF_H
#define GK_BUF_H
#include "fs.h"
#include "sleeplock.h"
struct buf {
    int valid;          /* data has been read from disk             */
    int disk;           /* the disk driver owns it (request in flight) */
    uint dev;
    uint blockno;
    struct sleeplock lock;
    uint refcnt;
    struct buf *prev, *next;  /* LRU list */
    uchar data[BSIZE];
};
#endif
