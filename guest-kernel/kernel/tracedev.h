/*
 * tracedev.h - event codes of rvemu's guest trace device
 * (docs/trace-device.md). The kernel reports its own view of memory:
 * pages, references, copy-on-write decisions, processes.
 */
#ifndef GK_TRACEDEV_H
#define GK_TRACEDEV_H
#define TEV_PAGE_ALLOC     1   /* pa, kind                         */
#define TEV_REF_INC        2   /* pa, new count                    */
#define TEV_REF_DEC        3   /* pa, new count                    */
#define TEV_PAGE_FREE      4   /* pa                               */
#define TEV_COW_COPY       5   /* pid, va, old pa, new pa          */
#define TEV_COW_RECLAIM    6   /* pid, va, pa                      */
#define TEV_KILL_RO_WRITE  7   /* pid, va, pa                      */
#define TEV_PROC_CREATE    8   /* pid, root pa, parent pid         */
#define TEV_PROC_EXIT      9   /* pid, root pa, exit status        */
#define TEV_PROC_EXEC     10   /* pid, root pa, name[0..7], name[8..15] */
#define TEV_COW_SHARE     11   /* parent pid, child pid, va, pa    */

#define KALLOC_DATA      0     /* kinds for TEV_PAGE_ALLOC */
#define KALLOC_PAGETABLE 1
#endif
