/*
 * kalloc.c - the physical page allocator: every 4 KiB page between the
 * end of the kernel image and the end of RAM, kept on a free list.
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
} kmem;

/* Is pa the start of a page the allocator manages? */
static int managed_page(uint64 pa)
{
    return pa % PGSIZE == 0 && pa >= PGROUNDUP((uint64)end) && pa < board.ram_end;
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
    for (uint64 pa = PGROUNDUP((uint64)end); pa + PGSIZE <= board.ram_end; pa += PGSIZE)
        kfree((void *)pa);
}

void kfree(void *pa)
{
    if (!managed_page((uint64)pa))
        panic("kfree: not a page the allocator owns");

    memset(pa, 1, PGSIZE);

    acquire(&kmem.lock);
    freelist_push((struct run *)pa);
    release(&kmem.lock);
}

/* One page, or 0 when memory is exhausted. Its contents are junk. */
void *kalloc(void)
{
    acquire(&kmem.lock);
    struct run *r = freelist_pop();
    release(&kmem.lock);

    if (r)
        memset(r, 5, PGSIZE);
    return r;
}

uint64 kfreepages(void)
{
    acquire(&kmem.lock);
    uint64 n = kmem.nfree;
    release(&kmem.lock);
    return n;
}
