/*
 * mkfs - build the guest's file system image.
 *
 *   mkfs fs.img [NAME=]FILE...
 *
 * The image has FSSIZE blocks laid out as fs.h describes: boot block,
 * superblock, log, inodes, free bitmap, data. The root directory holds
 * "." and ".." and one regular file per argument, named NAME or else the
 * file's base name. The image is built in memory and written only when
 * everything fits, so a failed run leaves no half-made image behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/types.h"
#include "../kernel/fs.h"
#include "../kernel/stat.h"
#include "../kernel/param.h"

/* Integers are stored in the host's byte order; the guest reads them as
 * little-endian. */
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "mkfs writes integers in host order: it needs a little-endian host"
#endif
_Static_assert(sizeof(struct dinode) == 64, "struct dinode must be 64 bytes on disk");
_Static_assert(sizeof(struct dirent) == 16, "struct dirent must be 16 bytes on disk");
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "inodes must not straddle blocks");
_Static_assert(sizeof(struct superblock) <= BSIZE, "superblock must fit a block");

#define NINODES 200

/* Layout, in blocks. */
#define NLOG        (LOGSIZE + 1)              /* header + LOGSIZE     */
#define NINODEBLKS  (NINODES / IPB + 1)
#define NBITMAP     (FSSIZE / BPB + 1)
#define LOGSTART    2
#define INODESTART  (LOGSTART + NLOG)
#define BMAPSTART   (INODESTART + NINODEBLKS)
#define NMETA       (BMAPSTART + NBITMAP)      /* first data block     */

static uchar image[FSSIZE][BSIZE];
static uint next_inum = 1;       /* inode 0 is never used */
static uint next_block = NMETA;  /* data blocks are handed out in order */
static const char *progname = "mkfs";

static void die(const char *fmt, const char *arg, const char *detail)
{
    fprintf(stderr, "%s: ", progname);
    fprintf(stderr, fmt, arg);
    if (detail)
        fprintf(stderr, ": %s", detail);
    fputc('\n', stderr);
    exit(1);
}

static struct dinode *inode_ptr(uint inum)
{
    struct superblock *sb = (struct superblock *)image[1];
    return (struct dinode *)image[IBLOCK(inum, *sb)] + inum % IPB;
}

static uint new_inode(short type)
{
    if (next_inum >= NINODES)
        die("out of inodes (%s at most)", "NINODES = 200", 0);
    uint inum = next_inum++;
    struct dinode *d = inode_ptr(inum);
    memset(d, 0, sizeof(*d));
    d->type = type;
    d->nlink = 1;
    return inum;
}

static uint new_block(const char *what)
{
    if (next_block >= FSSIZE)
        die("the file system is full: %s does not fit in FSSIZE blocks", what, 0);
    return next_block++;   /* the image starts zeroed: nothing to clear */
}

/* The disk block holding block bn of inode inum, allocated if missing. */
static uint file_block(uint inum, uint bn, const char *what)
{
    struct dinode *d = inode_ptr(inum);

    if (bn < NDIRECT) {
        if (d->addrs[bn] == 0)
            d->addrs[bn] = new_block(what);
        return d->addrs[bn];
    }
    bn -= NDIRECT;
    if (bn >= NINDIRECT)
        die("%s is larger than a file can be (MAXFILE blocks)", what, 0);
    if (d->addrs[NDIRECT] == 0)
        d->addrs[NDIRECT] = new_block(what);
    uint *ind = (uint *)image[d->addrs[NDIRECT]];
    if (ind[bn] == 0)
        ind[bn] = new_block(what);
    return ind[bn];
}

/* Add n bytes at the end of inode inum's contents. */
static void append(uint inum, const void *data, size_t n, const char *what)
{
    const uchar *p = data;

    while (n > 0) {
        struct dinode *d = inode_ptr(inum);
        uint off = d->size;
        if ((size_t)off + n > (size_t)MAXFILE * BSIZE)
            die("%s is larger than a file can be (MAXFILE blocks)", what, 0);
        uint blk = file_block(inum, off / BSIZE, what);
        size_t m = BSIZE - off % BSIZE;
        if (m > n)
            m = n;
        memcpy(image[blk] + off % BSIZE, p, m);
        inode_ptr(inum)->size = off + (uint)m;
        p += m;
        n -= m;
    }
}

static void add_dirent(uint dir, const char *name, uint inum)
{
    struct dirent de;
    memset(&de, 0, sizeof(de));
    de.inum = (ushort)inum;
    size_t len = strlen(name);
    memcpy(de.name, name, len < DIRSIZ ? len : DIRSIZ);   /* NUL-padded */
    append(dir, &de, sizeof(de), "the root directory");
}

/* Split an argument into the name to use and the host path. */
static void parse_arg(char *arg, const char **name, const char **path)
{
    char *eq = strchr(arg, '=');
    char *slash = strchr(arg, '/');

    if (eq && (slash == 0 || eq < slash)) {
        *eq = 0;
        *name = arg;
        *path = eq + 1;
    } else {
        const char *base = strrchr(arg, '/');
        *name = base ? base + 1 : arg;
        *path = arg;
    }
}

static void check_name(const char *name, const char *path, char names[][DIRSIZ + 1], int count)
{
    if (name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        die("%s: no usable file name (give one as NAME=FILE)", path, 0);
    if (strlen(name) > DIRSIZ)
        die("%s: file name longer than DIRSIZ (14) characters", name, 0);
    for (int i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            die("%s: the same name is given twice", name, 0);
}

static void add_file(uint root, const char *name, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == 0)
        die("cannot read %s", path, strerror(errno));

    uint inum = new_inode(T_FILE);
    add_dirent(root, name, inum);

    uchar buf[BSIZE];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        append(inum, buf, n, path);
    if (ferror(f))
        die("cannot read %s", path, strerror(errno));
    fclose(f);
}

static void write_superblock(void)
{
    struct superblock sb;
    memset(&sb, 0, sizeof(sb));
    sb.magic = FSMAGIC;
    sb.size = FSSIZE;
    sb.nblocks = FSSIZE - NMETA;
    sb.ninodes = NINODES;
    sb.nlog = NLOG;
    sb.logstart = LOGSTART;
    sb.inodestart = INODESTART;
    sb.bmapstart = BMAPSTART;
    memcpy(image[1], &sb, sizeof(sb));
}

/* Mark every block handed out so far (all of them below next_block). */
static void write_bitmap(void)
{
    for (uint b = 0; b < next_block; b++)
        image[BMAPSTART + b / BPB][(b % BPB) / 8] |= 1 << (b % 8);
}

static void write_image(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f == 0)
        die("cannot create %s", path, strerror(errno));
    if (fwrite(image, BSIZE, FSSIZE, f) != FSSIZE || fclose(f) != 0) {
        remove(path);
        die("cannot write %s", path, strerror(errno));
    }
}

int main(int argc, char *argv[])
{
    static char names[NINODES][DIRSIZ + 1];

    if (argc > 0 && argv[0][0])
        progname = argv[0];
    if (argc < 2) {
        fprintf(stderr, "usage: %s fs.img [NAME=]FILE...\n", progname);
        return 2;
    }
    if (NMETA >= FSSIZE)
        die("%s", "FSSIZE leaves no room for data blocks", 0);

    write_superblock();

    uint root = new_inode(T_DIR);
    if (root != ROOTINO)
        die("%s", "the root directory did not get inode ROOTINO", 0);
    add_dirent(root, ".", root);
    add_dirent(root, "..", root);

    int count = 0;
    for (int i = 2; i < argc; i++) {
        const char *name, *path;
        parse_arg(argv[i], &name, &path);
        check_name(name, path, names, count);
        if (count >= NINODES - 1)
            die("%s", "too many files for NINODES inodes", 0);
        strcpy(names[count++], name);
        add_file(root, name, path);
    }

    write_bitmap();
    write_image(argv[1]);
    return 0;
}
