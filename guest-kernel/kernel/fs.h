/*
 * fs.h - the on-disk file system, shared by the kernel and mkfs.
 *
 * Disk layout, in BSIZE blocks:
 *   [ boot | super | log (header + LOGSIZE) | inodes | free bitmap | data ]
 * All integers are little-endian (both the guest and the host are).
 */
#ifndef GK_FS_H
#define GK_FS_H
#include "types.h"

#define BSIZE     1024       /* block size                       */
#define ROOTINO   1          /* root directory inode number      */
#define FSMAGIC   0x52564653 /* "RVFS" read as a little-endian word */

struct superblock {
    uint magic;        /* FSMAGIC                                  */
    uint size;         /* blocks in the file system                */
    uint nblocks;      /* data blocks                              */
    uint ninodes;      /* inodes                                   */
    uint nlog;         /* log blocks (header included)             */
    uint logstart;     /* first log block                          */
    uint inodestart;   /* first inode block                        */
    uint bmapstart;    /* first free-bitmap block                  */
};

#define NDIRECT   12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE   (NDIRECT + NINDIRECT)

/* On-disk inode. type 0 = free. */
struct dinode {
    short type;               /* T_DIR, T_FILE, T_DEVICE (stat.h)  */
    short major, minor;       /* device numbers (T_DEVICE)         */
    short nlink;              /* directory entries naming it       */
    uint  size;               /* bytes                             */
    uint  addrs[NDIRECT + 1]; /* direct blocks, then the indirect  */
};

#define IPB           (BSIZE / sizeof(struct dinode))   /* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)     /* block holding inode i */
#define BPB           (BSIZE * 8)                       /* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)      /* bitmap block for block b */

#define DIRSIZ 14
struct dirent {
    ushort inum;        /* 0 = free slot */
    char   name[DIRSIZ]; /* NUL-padded, not terminated when DIRSIZ long */
};
#endif
