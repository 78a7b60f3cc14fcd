/* file.h - open files, in-memory inodes and device switch. */
#ifndef GK_FILE_H
#define GK_FILE_H
#include "fs.h"
#include "sleeplock.h"

struct file {
    enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
    int ref;
    char readable, writable;
    struct pipe *pipe;   /* FD_PIPE              */
    struct inode *ip;    /* FD_INODE, FD_DEVICE  */
    uint off;            /* FD_INODE             */
    short major;         /* FD_DEVICE            */
};

/* In-memory copy of an inode. */
struct inode {
    uint dev, inum;
    int ref;                /* in-memory references (itable lock) */
    struct sleeplock lock;  /* protects everything below          */
    int valid;              /* read from disk                     */
    short type, major, minor, nlink;
    uint size;
    uint addrs[NDIRECT + 1];
};

/* Device switch: read/write for T_DEVICE inodes by major number.
 * user_dst/user_src = 1 when addr is a user virtual address. */
struct devsw {
    int (*read)(int user_dst, uint64 addr, int n);
    int (*write)(int user_src, uint64 addr, int n);
};
extern struct devsw devsw[];
#define CONSOLE 1
#endif
