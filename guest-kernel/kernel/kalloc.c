/*
 * kalloc.c - the physical page allocator: every 4 KiB page between the
 * end of the kernel image (and the reference-count table just after it)
 * and the end of RAM.
 *
 * Each page carries a reference count, indexed by physical page number:
 * 1 when kalloc hands it out, raised by kref_get when fork shares it
 * copy-on-write, lowered by kfree when a mapping goes away. The page
 * returns to the free list when its count reaches 0, not before. One lock
 * covers both the free list and the counts, so a count and the page's
 * membership of the free list never disagree.
 *
 * Pages are filled with junk on the way in and out so that code using a
 * page it does not own, or expecting a fresh page to be zeroed, fails
 * loudly instead of by luck.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "tracedev.h"
#include "defs.h"

extern char end[];   /* first address after the kernel (kernel.ld) */

/* A free page holds the link to the next one. */
struct run {
    struct run *next;
};

static struct {
    struct spinlock lock;
    struct run *freelist;
    uint64 nfree;
    ushort *refs;     /* per page of RAM, from board.ram_base          */
    uint64 first;     /* first page the allocator hands out            */
} kmem;

static uint64 page_index(uint64 pa)
{
    return (pa - board.ram_base) / PGSIZE;
}

/* Is pa the start of a page the allocator manages? */
static int managed_page(uint64 pa)
{
    return pa % PGSIZE == 0 && pa >= kmem.first && pa < board.ram_end;
}

/* The free list itself; callers hold kmem.lock. */
static void freelist_push(struct run *r)
{
    r->next = kmem.freelist;
    kmem.freelist = r;
    kmem.nfree++;
}

static struct run *freelist_pop(void)
{
    struct run *r = kmem.freelist;
    if (r) {
        kmem.freelist = r->next;
        kmem.nfree--;
    }
    return r;
}

void kinit(void)
{
    initlock(&kmem.lock, "kmem");
    /* The count table lives in the first pages after the kernel. */
    uint64 npages = (board.ram_end - board.ram_base) / PGSIZE;
    kmem.refs = (ushort *)PGROUNDUP((uint64)end);
    kmem.first = PGROUNDUP((uint64)kmem.refs + npages * sizeof(ushort));
#if SEED_BUG == 5
    /* BUG 5: the table is left as the boot found it (garbage: 1 here). */
    for (uint64 k = 0; k < npages; k++)
        kmem.refs[k] = 1;
#else
    for (uint64 k = 0; k < npages; k++)
        kmem.refs[k] = 0;
#endif
    for (uint64 pa = kmem.first; pa + PGSIZE <= board.ram_end; pa += PGSIZE) {
        memset((void *)pa, 1, PGSIZE);
        freelist_push((struct run *)pa);
    }
}

/* Drop one reference to the page at pa; free it when none is left. */
void kfree(void *pa)
{
    uint64 a = (uint64)pa;
    if (!managed_page(a))
        panic("kfree: not a page the allocator owns");

    acquire(&kmem.lock);
    ushort *ref = &kmem.refs[page_index(a)];
    if (*ref == 0)
        panic("kfree: page is already free");
    uint left = --*ref;
    trace_event(TEV_REF_DEC, a, left, 0, 0);
#if SEED_BUG == 4
    /* BUG 4: frees the page while others still hold references. */
    if (left <= 1) {
        *ref = 0;
#else
    if (left == 0) {
#endif
        /* Junk it under the lock: once on the list it is someone else's. */
        memset(pa, 1, PGSIZE);
        freelist_push((struct run *)pa);
        trace_event(TEV_PAGE_FREE, a, 0, 0, 0);
    }
    release(&kmem.lock);
}

/* One page with a reference count of 1, or 0 when memory is exhausted.
 * kind (KALLOC_DATA, KALLOC_PAGETABLE) only labels it for the trace. */
void *kalloc_kind(int kind)
{
    acquire(&kmem.lock);
    struct run *r = freelist_pop();
    if (r) {
        ushort *ref = &kmem.refs[page_index((uint64)r)];
#if SEED_BUG == 5
        ++*ref;   /* BUG 5: trusts the uninitialised count to be 0 */
#else
        if (*ref != 0)
            panic("kalloc: free page has references");
        *ref = 1;
#endif
        trace_event(TEV_PAGE_ALLOC, (uint64)r, kind, 0, 0);
    }
    release(&kmem.lock);

    if (r)
        memset(r, 5, PGSIZE);
    return r;
}

void *kalloc(void)
{
    return kalloc_kind(KALLOC_DATA);
}

/* Take one more reference to an allocated page (fork sharing it). */
void kref_get(uint64 pa)
{
    if (!managed_page(pa))
        panic("kref_get: not a page the allocator owns");
    acquire(&kmem.lock);
    ushort *ref = &kmem.refs[page_index(pa)];
    if (*ref == 0)
        panic("kref_get: page is free");
    if (*ref == 0xffff)
        panic("kref_get: count overflow");
    uint now = ++*ref;
    trace_event(TEV_REF_INC, pa, now, 0, 0);
    release(&kmem.lock);
}

/* The page's reference count right now. */
uint kref_count(uint64 pa)
{
    if (!managed_page(pa))
        return 0;
    acquire(&kmem.lock);
    uint n = kmem.refs[page_index(pa)];
    release(&kmem.lock);
    return n;
}

uint64 kfreepages(void)
{
    acquire(&kmem.lock);
    uint64 n = kmem.nfree;
    release(&kmem.lock);
    return n;
}
