/*
 * fs.c - the file system: blocks, inodes, directories and path names.
 *
 * Layers, bottom up:
 *   blocks       balloc/bfree over the free bitmap
 *   inodes       the inode table caches on-disk inodes; readi/writei
 *                move file contents through the buffer cache
 *   directories  files of struct dirent
 *   path names   namei/nameiparent walk directories from / or the cwd
 *
 * Every change to disk goes through log_write(), so callers that modify
 * the file system must run inside begin_op()/end_op().
 *
 * Inode locking: itable.lock guards ref (and which slot holds which
 * inode); ip->lock guards everything read from disk. A pointer from
 * iget() keeps the slot from being reused; ilock() loads the contents.
 */
#include "types.h"
#include "param.h"
#include "stat.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "file.h"
#include "defs.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* The one file system's superblock (read once by fsinit). */
static struct superblock sb;

static void readsb(int dev, struct superblock *out)
{
    struct buf *b = bread(dev, 1);
    memmove(out, b->data, sizeof(*out));
    brelse(b);
}

void fsinit(int dev)
{
    readsb(dev, &sb);
    if (sb.magic != FSMAGIC)
        panic("bad file system magic");
    initlog(dev, &sb);
}

/* ---- blocks ------------------------------------------------------------ */

static void bzero(int dev, uint bno)
{
    struct buf *b = bread(dev, bno);
    memset(b->data, 0, BSIZE);
    log_write(b);
    brelse(b);
}

/* A zeroed free block, marked used; 0 if the disk is full. */
static uint balloc(uint dev)
{
    for (uint base = 0; base < sb.size; base += BPB) {
        struct buf *bp = bread(dev, BBLOCK(base, sb));
        for (uint bi = 0; bi < BPB && base + bi < sb.size; bi++) {
            uchar mask = 1 << (bi % 8);
            if ((bp->data[bi / 8] & mask) == 0) {
                bp->data[bi / 8] |= mask;
                log_write(bp);
                brelse(bp);
                bzero(dev, base + bi);
                return base + bi;
            }
        }
        brelse(bp);
    }
    printf("balloc: out of blocks\n");
    return 0;
}

static void bfree(uint dev, uint bno)
{
    struct buf *bp = bread(dev, BBLOCK(bno, sb));
    uint bi = bno % BPB;
    uchar mask = 1 << (bi % 8);
    if ((bp->data[bi / 8] & mask) == 0)
        panic("bfree: block already free");
    bp->data[bi / 8] &= ~mask;
    log_write(bp);
    brelse(bp);
}

/* ---- inodes ------------------------------------------------------------ */

static struct {
    struct spinlock lock;
    struct inode inode[NINODE];
} itable;

void iinit(void)
{
    initlock(&itable.lock, "itable");
    for (int i = 0; i < NINODE; i++)
        initsleeplock(&itable.inode[i].lock, "inode");
}

/* The in-memory inode for inum, referenced but not locked or read. */
static struct inode *iget(uint dev, uint inum)
{
    struct inode *ip, *empty = 0;

    acquire(&itable.lock);
    for (ip = itable.inode; ip < itable.inode + NINODE; ip++) {
        if (ip->ref > 0 && ip->dev == dev && ip->inum == inum) {
            ip->ref++;
            release(&itable.lock);
            return ip;
        }
        if (empty == 0 && ip->ref == 0)
            empty = ip;
    }
    if (empty == 0)
        panic("iget: inode table full");

    ip = empty;
    ip->dev = dev;
    ip->inum = inum;
    ip->ref = 1;
    ip->valid = 0;
    release(&itable.lock);
    return ip;
}

/* A free on-disk inode, now of the given type; referenced, not locked.
 * 0 if there is none left. */
struct inode *ialloc(uint dev, short type)
{
    for (uint inum = 1; inum < sb.ninodes; inum++) {
        struct buf *bp = bread(dev, IBLOCK(inum, sb));
        struct dinode *dip = (struct dinode *)bp->data + inum % IPB;
        if (dip->type == 0) {
            memset(dip, 0, sizeof(*dip));
            dip->type = type;
            log_write(bp);
            brelse(bp);
            return iget(dev, inum);
        }
        brelse(bp);
    }
    printf("ialloc: out of inodes\n");
    return 0;
}

/* Copy a changed in-memory inode to disk. Caller holds ip->lock. */
void iupdate(struct inode *ip)
{
    struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
    dip->type = ip->type;
    dip->major = ip->major;
    dip->minor = ip->minor;
    dip->nlink = ip->nlink;
    dip->size = ip->size;
    memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
    log_write(bp);
    brelse(bp);
}

struct inode *idup(struct inode *ip)
{
    acquire(&itable.lock);
    ip->ref++;
    release(&itable.lock);
    return ip;
}

/* Lock ip, reading it from disk the first time. */
void ilock(struct inode *ip)
{
    if (ip == 0 || ip->ref < 1)
        panic("ilock: no reference");
    acquiresleep(&ip->lock);
    if (ip->valid)
        return;

    struct buf *bp = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode *)bp->data + ip->inum % IPB;
    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(bp);
    ip->valid = 1;
    if (ip->type == 0)
        panic("ilock: inode has no type");
}

void iunlock(struct inode *ip)
{
    if (ip == 0 || !holdingsleep(&ip->lock) || ip->ref < 1)
        panic("iunlock: not locked");
    releasesleep(&ip->lock);
}

/*
 * Drop a reference. The last reference to an inode no directory names
 * any more frees it and its blocks, so this must run inside a
 * transaction.
 */
void iput(struct inode *ip)
{
    acquire(&itable.lock);
    if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
        /* Ours is the only reference, so nobody holds or waits for the
         * lock: taking it cannot block, and itable.lock can be let go
         * while the disk work sleeps. */
        acquiresleep(&ip->lock);
        release(&itable.lock);

        itrunc(ip);
        ip->type = 0;
        iupdate(ip);
        ip->valid = 0;

        releasesleep(&ip->lock);
        acquire(&itable.lock);
    }
    ip->ref--;
    release(&itable.lock);
}

void iunlockput(struct inode *ip)
{
    iunlock(ip);
    iput(ip);
}

/* The disk block holding block bn of the file, allocated if missing;
 * 0 if the disk is full. */
static uint bmap(struct inode *ip, uint bn)
{
    uint addr;

    if (bn < NDIRECT) {
        if ((addr = ip->addrs[bn]) == 0) {
            addr = balloc(ip->dev);
            ip->addrs[bn] = addr;
        }
        return addr;
    }
    bn -= NDIRECT;
    if (bn >= NINDIRECT)
        panic("bmap: block beyond MAXFILE");

    uint ind = ip->addrs[NDIRECT];
    if (ind == 0) {
        ind = balloc(ip->dev);
        if (ind == 0)
            return 0;
        ip->addrs[NDIRECT] = ind;
    }
    struct buf *bp = bread(ip->dev, ind);
    uint *entry = (uint *)bp->data;
    if ((addr = entry[bn]) == 0) {
        addr = balloc(ip->dev);
        if (addr) {
            entry[bn] = addr;
            log_write(bp);
        }
    }
    brelse(bp);
    return addr;
}

/* Free all of the file's blocks. Caller holds ip->lock. */
void itrunc(struct inode *ip)
{
    for (int i = 0; i < NDIRECT; i++) {
        if (ip->addrs[i]) {
            bfree(ip->dev, ip->addrs[i]);
            ip->addrs[i] = 0;
        }
    }
    if (ip->addrs[NDIRECT]) {
        struct buf *bp = bread(ip->dev, ip->addrs[NDIRECT]);
        uint *entry = (uint *)bp->data;
        for (uint j = 0; j < NINDIRECT; j++)
            if (entry[j])
                bfree(ip->dev, entry[j]);
        brelse(bp);
        bfree(ip->dev, ip->addrs[NDIRECT]);
        ip->addrs[NDIRECT] = 0;
    }
    ip->size = 0;
    iupdate(ip);
}

void stati(struct inode *ip, struct stat *st)
{
    st->dev = ip->dev;
    st->ino = ip->inum;
    st->type = ip->type;
    st->nlink = ip->nlink;
    st->size = ip->size;
}

/*
 * Read n bytes at off into dst (a user address if user_dst). Reading at
 * or past the end gives 0, as for a file shortened under an open
 * descriptor. Returns the bytes read, or -1 if dst is bad before any
 * byte could be copied. Caller holds ip->lock.
 */
int readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
    uint tot, m;

    if (off > ip->size)
        return 0;
    if (n > ip->size - off)
        n = ip->size - off;

    for (tot = 0; tot < n; tot += m, off += m, dst += m) {
        uint addr = bmap(ip, off / BSIZE);
        if (addr == 0)
            break;
        struct buf *bp = bread(ip->dev, addr);
        m = MIN(n - tot, BSIZE - off % BSIZE);
        if (either_copyout(user_dst, dst, bp->data + off % BSIZE, m) < 0) {
            brelse(bp);
            return tot > 0 ? (int)tot : -1;
        }
        brelse(bp);
    }
    return tot;
}

/*
 * Write n bytes from src (a user address if user_src) at off, growing
 * the file if it ends there. Writing past the end or beyond MAXFILE
 * blocks fails with -1. Returns the bytes written (fewer if the disk
 * fills up or src goes bad part way), or -1 if none could be. Caller
 * holds ip->lock and is inside a transaction.
 */
int writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
    uint tot, m;
    int bad = 0;

    if (off > ip->size || off + n < off)
        return -1;
    if ((uint64)off + n > (uint64)MAXFILE * BSIZE)
        return -1;

    for (tot = 0; tot < n; tot += m, off += m, src += m) {
        uint addr = bmap(ip, off / BSIZE);
        if (addr == 0)
            break;
        struct buf *bp = bread(ip->dev, addr);
        m = MIN(n - tot, BSIZE - off % BSIZE);
        if (either_copyin(bp->data + off % BSIZE, user_src, src, m) < 0) {
            brelse(bp);
            bad = 1;
            break;
        }
        log_write(bp);
        brelse(bp);
    }

    if (off > ip->size)
        ip->size = off;
    /* Even without growth bmap may have added blocks to ip->addrs. */
    iupdate(ip);
    if (bad && tot == 0)
        return -1;
    return tot;
}

/* ---- directories --------------------------------------------------------- */

int namecmp(const char *s, const char *t)
{
    return strncmp(s, t, DIRSIZ);
}

/* The inode named name in directory dp (referenced, unlocked), or 0.
 * If poff, *poff gets the entry's byte offset. Caller holds dp->lock. */
struct inode *dirlookup(struct inode *dp, char *name, uint *poff)
{
    struct dirent de;

    if (dp->type != T_DIR)
        panic("dirlookup: not a directory");
    for (uint off = 0; off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("dirlookup: short read");
        if (de.inum == 0)
            continue;
        if (namecmp(name, de.name) == 0) {
            if (poff)
                *poff = off;
            return iget(dp->dev, de.inum);
        }
    }
    return 0;
}

/* Add the entry (name, inum) to dp, reusing a free slot if there is one.
 * -1 if the name exists or the directory cannot grow. Caller holds
 * dp->lock and is inside a transaction. */
int dirlink(struct inode *dp, char *name, uint inum)
{
    struct dirent de;
    struct inode *ip;
    uint off;

    if ((ip = dirlookup(dp, name, 0)) != 0) {
        iput(ip);
        return -1;
    }

    for (off = 0; off < dp->size; off += sizeof(de)) {
        if (readi(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
            panic("dirlink: short read");
        if (de.inum == 0)
            break;
    }

    strncpy(de.name, name, DIRSIZ);
    de.inum = inum;
    if (writei(dp, 0, (uint64)&de, off, sizeof(de)) != sizeof(de))
        return -1;
    return 0;
}

/* ---- path names ----------------------------------------------------------- */

/*
 * Copy the next element of path into name (at most DIRSIZ bytes; a
 * longer element is cut there) and return what follows it, without
 * leading slashes. 0 when no element is left.
 *   skipelem("a/bb/c", name) = "bb/c", name = "a"
 *   skipelem("///a//bb", name) = "bb", name = "a"
 *   skipelem("", name) = skipelem("////", name) = 0
 */
static char *skipelem(char *path, char *name)
{
    while (*path == '/')
        path++;
    if (*path == 0)
        return 0;

    char *start = path;
    while (*path != '/' && *path != 0)
        path++;
    int len = path - start;
    if (len >= DIRSIZ) {
        memmove(name, start, DIRSIZ);
    } else {
        memmove(name, start, len);
        name[len] = 0;
    }
    while (*path == '/')
        path++;
    return path;
}

/* Walk path. With want_parent, stop one element early, return that
 * directory and put the last element in name (DIRSIZ bytes). The result
 * is referenced and unlocked; 0 if the walk fails. Must run inside a
 * transaction (it calls iput). */
static struct inode *namex(char *path, int want_parent, char *name)
{
    struct inode *ip, *next;

    if (*path == '/')
        ip = iget(ROOTDEV, ROOTINO);
    else
        ip = idup(myproc()->cwd);

    while ((path = skipelem(path, name)) != 0) {
        ilock(ip);
        if (ip->type != T_DIR) {
            iunlockput(ip);
            return 0;
        }
        if (want_parent && *path == 0) {
            iunlock(ip);
            return ip;
        }
        if ((next = dirlookup(ip, name, 0)) == 0) {
            iunlockput(ip);
            return 0;
        }
        /* Unlock before locking next: next may be ip itself ("."). */
        iunlockput(ip);
        ip = next;
    }
    if (want_parent) {
        /* The path had no last element, like "/". */
        iput(ip);
        return 0;
    }
    return ip;
}

struct inode *namei(char *path)
{
    char name[DIRSIZ];
    return namex(path, 0, name);
}

struct inode *nameiparent(char *path, char *name)
{
    return namex(path, 1, name);
}
