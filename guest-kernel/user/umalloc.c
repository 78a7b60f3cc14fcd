/* umalloc.c - malloc/free: a first-fit free list kept in address order,
 * neighbours merged on free, more memory taken from sbrk as needed. */
#include "user.h"

/* Every block starts with this header; sizes count header-sized units
 * so that every block stays 16-byte aligned. */
union header {
    struct {
        union header *next;  /* next free block (free list only) */
        uint units;          /* size of this block, header included */
    } h;
    char align[16];
};
typedef union header Header;

static Header base;          /* zero-sized block that anchors the list */
static Header *freep;        /* where the last search stopped          */

void free(void *ap)
{
    if (ap == 0)
        return;
    Header *bp = (Header *)ap - 1;
    Header *p;

    /* Find p with p < bp < p->next, allowing for the wrap at the end. */
    for (p = freep; !(bp > p && bp < p->h.next); p = p->h.next) {
        if (p >= p->h.next && (bp > p || bp < p->h.next))
            break;
    }
    if (bp + bp->h.units == p->h.next) {        /* merge with the next */
        bp->h.units += p->h.next->h.units;
        bp->h.next = p->h.next->h.next;
    } else {
        bp->h.next = p->h.next;
    }
    if (p + p->h.units == bp) {                 /* merge with the previous */
        p->h.units += bp->h.units;
        p->h.next = bp->h.next;
    } else {
        p->h.next = bp;
    }
    freep = p;
}

/* Asks the kernel for at least 4096 units at a time, so that small
 * allocations do not each cost a system call. */
static Header *morecore(uint units)
{
    if (units < 4096)
        units = 4096;
    if (units > 0x7fffffff / sizeof(Header))    /* sbrk takes an int */
        return 0;
    char *p = sbrk(units * sizeof(Header));
    if (p == (char *)-1)
        return 0;
    Header *hp = (Header *)p;
    hp->h.units = units;
    free(hp + 1);
    return freep;
}

void *malloc(uint nbytes)
{
    uint units = (nbytes + sizeof(Header) - 1) / sizeof(Header) + 1;

    if (freep == 0) {
        base.h.next = freep = &base;
        base.h.units = 0;
    }
    Header *prev = freep;
    for (Header *p = prev->h.next;; prev = p, p = p->h.next) {
        if (p->h.units >= units) {
            if (p->h.units == units) {
                prev->h.next = p->h.next;
            } else {                    /* hand out the tail end */
                p->h.units -= units;
                p += p->h.units;
                p->h.units = units;
            }
            freep = prev;
            return p + 1;
        }
        if (p == freep && (p = morecore(units)) == 0)
            return 0;
    }
}
