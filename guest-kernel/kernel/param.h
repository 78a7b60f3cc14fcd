/* param.h - the kernel's fixed limits. */
#ifndef GK_PARAM_H
#define GK_PARAM_H
#define NPROC        64   /* processes                                  */
#define NCPU          8   /* harts the kernel can drive (the machine's max) */
#define NOFILE       16   /* open files per process                     */
#define NFILE       100   /* open files in the system                   */
#define NINODE       50   /* in-memory inodes                           */
#define NDEV         10   /* device numbers                             */
#define ROOTDEV       1   /* device number of the root file system      */
#define MAXARG       32   /* exec arguments                             */
#define MAXOPBLOCKS  10   /* blocks one file-system operation may write  */
#define LOGSIZE      (MAXOPBLOCKS * 3) /* blocks in the on-disk log     */
#define NBUF         (LOGSIZE + 8)    /* buffer cache: the whole log pinned, plus room to commit */
#define FSSIZE     4000   /* file system size in blocks (mkfs)          */
#define MAXPATH     128   /* longest path name                          */
#define USERSTACK     1   /* user stack pages                           */
#define TICK_HZ     100   /* timer interrupts per second                */

/* Seeded copy-on-write bugs for rvemu's --check-cow tests (tests/trace,
 * docs/cow-check.md): 0 is the correct kernel; kernel-bug-N images build
 * with -DSEED_BUG=N. */
#ifndef SEED_BUG
#define SEED_BUG 0
#endif
#endif
