/*
 * vm.c - Sv39 page tables: the kernel's (devices and RAM mapped at their
 * physical addresses) and each process's (user memory from VA 0, the
 * trap frame and the trampoline at the top).
 *
 * Every function taking a user virtual address from a process checks it
 * and fails with -1 or 0; only kernel bugs panic.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "tracedev.h"
#include "defs.h"

pagetable_t kernel_pagetable;

extern char etext[];       /* end of kernel text (kernel.ld)    */
extern char trampoline[];  /* trampoline.S, one page in etext   */

#define VIRTIO_SLOTS 8

/* Map a device (or any range) only if nothing is mapped there yet: the
 * trace device's address comes from the device tree. */
static int range_free(pagetable_t kpt, uint64 va, uint64 sz)
{
    for (uint64 a = PGROUNDDOWN(va); a < va + sz; a += PGSIZE) {
        pte_t *pte = walk(kpt, a, 0);
        if (pte && (*pte & PTE_V))
            return 0;
    }
    return 1;
}

static pagetable_t kvmmake(void)
{
    pagetable_t kpt = kalloc_kind(KALLOC_PAGETABLE);
    if (kpt == 0)
        panic("kvmmake: out of memory");
    memset(kpt, 0, PGSIZE);

    kvmmap(kpt, UART0, UART0, PGSIZE, PTE_R | PTE_W);
    kvmmap(kpt, VIRTIO0, VIRTIO0, VIRTIO_SLOTS * PGSIZE, PTE_R | PTE_W);
    kvmmap(kpt, PLIC, PLIC, PLIC_SIZE, PTE_R | PTE_W);
    kvmmap(kpt, TESTDEV, TESTDEV, PGSIZE, PTE_R | PTE_W);
    if (board.tracedev && board.tracedev < KERNBASE &&
        range_free(kpt, PGROUNDDOWN(board.tracedev), PGSIZE))
        kvmmap(kpt, PGROUNDDOWN(board.tracedev), PGROUNDDOWN(board.tracedev), PGSIZE,
               PTE_R | PTE_W);

    /* Text is read-execute, everything after it read-write: a stray
     * store into code, or a jump into data, faults. */
    kvmmap(kpt, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
    kvmmap(kpt, (uint64)etext, (uint64)etext, board.ram_end - (uint64)etext, PTE_R | PTE_W);

    /* The same trampoline page sits at the top of every address space. */
    kvmmap(kpt, TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);
    return kpt;
}

void kvminit(void)
{
    kernel_pagetable = kvmmake();
}

/* Turn on paging on this hart. */
void kvminithart(void)
{
    /* Finish stores to the page table before the walker reads it. */
    sfence_vma();
    csr_write(satp, MAKE_SATP(kernel_pagetable));
    sfence_vma();
}

/* The address of the level-0 PTE for va, creating the page-table pages
 * on the way when alloc is set. 0 if absent (or out of memory). */
pte_t *walk(pagetable_t pt, uint64 va, int alloc)
{
    if (va >= MAXVA)
        panic("walk: va out of range");

    for (int level = 2; level > 0; level--) {
        pte_t *pte = &pt[PX(level, va)];
        if (*pte & PTE_V) {
            pt = (pagetable_t)PTE2PA(*pte);
        } else {
            if (!alloc || (pt = kalloc_kind(KALLOC_PAGETABLE)) == 0)
                return 0;
            memset(pt, 0, PGSIZE);
            *pte = PA2PTE(pt) | PTE_V;
        }
    }
    return &pt[PX(0, va)];
}

/* The physical address of user page va, or 0 if it is not a user page. */
uint64 walkaddr(pagetable_t pt, uint64 va)
{
    if (va >= MAXVA)
        return 0;
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return 0;
    return PTE2PA(*pte);
}

/* Kernel mappings are made at boot; failing to make one is fatal. */
void kvmmap(pagetable_t kpt, uint64 va, uint64 pa, uint64 sz, int perm)
{
    if (mappages(kpt, va, PGROUNDUP(sz), pa, perm) != 0)
        panic("kvmmap");
}

/* Map [va, va+size) to [pa, pa+size). va and size are page-aligned.
 * Returns -1 if a page-table page cannot be allocated. */
int mappages(pagetable_t pt, uint64 va, uint64 size, uint64 pa, int perm)
{
    if (va % PGSIZE || size % PGSIZE)
        panic("mappages: not aligned");
    if (size == 0)
        panic("mappages: size 0");

    for (uint64 a = va; a < va + size; a += PGSIZE, pa += PGSIZE) {
        pte_t *pte = walk(pt, a, 1);
        if (pte == 0)
            return -1;
        if (*pte & PTE_V)
            panic("mappages: remap");
        *pte = PA2PTE(pa) | perm | PTE_V;
    }
    return 0;
}

/* Remove npages mappings from va (which must all exist), freeing the
 * physical pages if do_free. */
void uvmunmap(pagetable_t pt, uint64 va, uint64 npages, int do_free)
{
    if (va % PGSIZE)
        panic("uvmunmap: not aligned");

    for (uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE) {
        pte_t *pte = walk(pt, a, 0);
        if (pte == 0 || (*pte & PTE_V) == 0)
            panic("uvmunmap: not mapped");
        if (PTE_FLAGS(*pte) == PTE_V)
            panic("uvmunmap: not a leaf");
        if (do_free)
            kfree((void *)PTE2PA(*pte));
        *pte = 0;
    }
}

/* An empty user page table, or 0 if out of memory. */
pagetable_t uvmcreate(void)
{
    pagetable_t pt = kalloc_kind(KALLOC_PAGETABLE);
    if (pt)
        memset(pt, 0, PGSIZE);
    return pt;
}

/* Load the first process's code (smaller than a page) at VA 0. */
void uvmfirst(pagetable_t pt, const uchar *src, uint sz)
{
    if (sz >= PGSIZE)
        panic("uvmfirst: more than a page");
    char *mem = kalloc();
    if (mem == 0)
        panic("uvmfirst: out of memory");
    memset(mem, 0, PGSIZE);
    if (mappages(pt, 0, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_X | PTE_U) != 0)
        panic("uvmfirst: mappages");
    memmove(mem, src, sz);
}

/* Grow user memory from oldsz to newsz with zeroed pages readable by
 * the user plus xperm (PTE_W, PTE_X). Returns newsz, or 0 on failure
 * (with nothing left allocated). */
uint64 uvmalloc(pagetable_t pt, uint64 oldsz, uint64 newsz, int xperm)
{
    if (newsz < oldsz)
        return oldsz;
    if (newsz > TRAPFRAME)
        return 0;

    for (uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE) {
        char *mem = kalloc();
        if (mem == 0) {
            uvmdealloc(pt, a, oldsz);
            return 0;
        }
        memset(mem, 0, PGSIZE);
        if (mappages(pt, a, PGSIZE, (uint64)mem, PTE_R | PTE_U | xperm) != 0) {
            kfree(mem);
            uvmdealloc(pt, a, oldsz);
            return 0;
        }
    }
    return newsz;
}

/* Shrink user memory from oldsz to newsz, freeing whole pages no longer
 * covered. Returns the new size. */
uint64 uvmdealloc(pagetable_t pt, uint64 oldsz, uint64 newsz)
{
    if (newsz >= oldsz)
        return oldsz;
    uint64 from = PGROUNDUP(newsz), to = PGROUNDUP(oldsz);
    if (from < to)
        uvmunmap(pt, from, (to - from) / PGSIZE, 1);
    return newsz;
}

/* Free the page-table pages themselves; every leaf must be gone. */
static void freewalk(pagetable_t pt)
{
    for (int i = 0; i < 512; i++) {
        pte_t pte = pt[i];
        if ((pte & PTE_V) == 0)
            continue;
        if (pte & (PTE_R | PTE_W | PTE_X))
            panic("freewalk: leaf still mapped");
        freewalk((pagetable_t)PTE2PA(pte));
        pt[i] = 0;
    }
    kfree(pt);
}

/* Free user memory [0, sz) and the page table. */
void uvmfree(pagetable_t pt, uint64 sz)
{
    if (sz > 0)
        uvmunmap(pt, 0, PGROUNDUP(sz) / PGSIZE, 1);
    freewalk(pt);
}

/* Map the parent's page (its PTE at ppte) into the child at va, shared.
 * A writable page loses PTE_W and gains PTE_COW in both page tables, so
 * the first store from either side faults and gets its own copy; a page
 * that was never writable (text, read-only data) is shared as it is and
 * stays read-only for good. */
static int share_user_page(pagetable_t child, uint64 va, pte_t *ppte, int ppid, int cpid)
{
#ifdef FORK_COPIES
    /* The benchmark's "before" kernel: an eager copy of every page. */
    char *mem = kalloc();
    if (mem == 0)
        return -1;
    memmove(mem, (char *)PTE2PA(*ppte), PGSIZE);
    if (mappages(child, va, PGSIZE, (uint64)mem, PTE_FLAGS(*ppte) & ~PTE_V) != 0) {
        kfree(mem);
        return -1;
    }
    return 0;
#endif
    uint64 pa = PTE2PA(*ppte);
#if SEED_BUG == 2
    /* BUG 2: read-only pages (text) become COW too. */
    *ppte = (*ppte & ~PTE_W) | PTE_COW;
#else
    if (*ppte & (PTE_W | PTE_COW))
        *ppte = (*ppte & ~PTE_W) | PTE_COW;
#endif
    if (mappages(child, va, PGSIZE, pa, PTE_FLAGS(*ppte) & ~PTE_V) != 0)
        return -1;
    kref_get(pa);
    trace_event(TEV_COW_SHARE, ppid, cpid, va, pa);
    return 0;
}

/* fork: share the parent's memory [0, sz) with the child, copy-on-write.
 * Returns -1 (with nothing left mapped in the child) on failure; pages
 * the parent already marked COW stay so, which is harmless: its next
 * store reclaims them without copying. The parent's stale writable TLB
 * entries go when it returns to user mode (the trampoline's sfence.vma). */
int uvmcopy(pagetable_t old, pagetable_t new, uint64 sz, int cpid)
{
    struct proc *p = myproc();
    int ppid = p ? p->pid : 0;
    for (uint64 va = 0; va < sz; va += PGSIZE) {
        pte_t *pte = walk(old, va, 0);
        if (pte == 0 || (*pte & PTE_V) == 0)
            panic("uvmcopy: page not present");
        if (share_user_page(new, va, pte, ppid, cpid) != 0) {
            uvmunmap(new, 0, va / PGSIZE, 1);
            return -1;
        }
    }
    return 0;
}

/* Make the page at va kernel-only: exec's stack guard page. */
void uvmclear(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    if (pte == 0)
        panic("uvmclear");
    *pte &= ~PTE_U;
}

/*
 * A store to the copy-on-write page at va, whose leaf PTE (valid, user,
 * COW) the caller has already found: the user fault handler or a kernel
 * store into user memory. If others still share the page, copy it into a new page mapped
 * writable; if this address space holds the last reference, just make it
 * writable again. Another sharer can only drop its reference meanwhile,
 * never take one (only fork of this very process could, and it is here),
 * so a count of 1 stays 1.
 */
int cow_resolve(pte_t *pte, uint64 va)
{
    if ((*pte & (PTE_V | PTE_U | PTE_COW)) != (PTE_V | PTE_U | PTE_COW))
        panic("cow_resolve: not a copy-on-write user page");
    va = PGROUNDDOWN(va);
    struct proc *p = myproc();
    int pid = p ? p->pid : 0;
    uint64 old = PTE2PA(*pte);
    uint flags = (PTE_FLAGS(*pte) & ~PTE_COW) | PTE_W;

    if (kref_count(old) == 1) {
        *pte = PA2PTE(old) | flags;
        trace_event(TEV_COW_RECLAIM, pid, va, old, 0);
    } else {
        char *mem = kalloc();
        if (mem == 0)
            return -1;
        memmove(mem, (char *)old, PGSIZE);
        *pte = PA2PTE(mem) | flags;
        trace_event(TEV_COW_COPY, pid, va, old, (uint64)mem);
#if SEED_BUG != 1   /* BUG 1: the old page keeps this process's reference */
        kfree((void *)old);
#endif
    }
    /* Only this hart can hold the old translation: the process runs
     * here, and its page table is not loaded anywhere else. */
    sfence_vma();
    return 0;
}

/* The physical address of the user page holding va, made ready for a
 * kernel store: copy-on-write resolved first. 0 if the user may not
 * write there, or memory ran out for the copy. */
uint64 uvm_writable_pa(pagetable_t pt, uint64 va)
{
    if (va >= MAXVA)
        return 0;
    pte_t *pte = walk(pt, PGROUNDDOWN(va), 0);
    if (pte == 0 || (*pte & (PTE_V | PTE_U)) != (PTE_V | PTE_U))
        return 0;
#if SEED_BUG == 3
    /* BUG 3: the shared page itself, COW ignored. */
    if (*pte & PTE_COW)
        return PTE2PA(*pte);
#endif
    if ((*pte & PTE_COW) && cow_resolve(pte, va) != 0)
        return 0;
    if ((*pte & PTE_W) == 0)
        return 0;
    return PTE2PA(*pte);
}

/* Copy len bytes from kernel src to user dstva. 0 on success, -1 if any
 * byte of the destination is not writable user memory. */
int copyout(pagetable_t pt, uint64 dstva, const char *src, uint64 len)
{
    while (len > 0) {
        uint64 va0 = PGROUNDDOWN(dstva);
#if SEED_BUG == 6
        /* BUG 6: the address is taken before the copy is made, so the
         * bytes go to the old, still shared page. */
        uint64 pa0 = walkaddr(pt, va0);
        if (pa0 == 0 || uvm_writable_pa(pt, va0) == 0)
            return -1;
#else
        uint64 pa0 = uvm_writable_pa(pt, va0);
        if (pa0 == 0)
            return -1;
#endif
        uint64 n = PGSIZE - (dstva - va0);
        if (n > len)
            n = len;
        memmove((void *)(pa0 + (dstva - va0)), src, n);
        len -= n;
        src += n;
        dstva = va0 + PGSIZE;
    }
    return 0;
}

/* Copy len bytes from user srcva to kernel dst. 0 or -1. */
int copyin(pagetable_t pt, char *dst, uint64 srcva, uint64 len)
{
    while (len > 0) {
        uint64 va0 = PGROUNDDOWN(srcva);
        uint64 pa0 = walkaddr(pt, va0);
        if (pa0 == 0)
            return -1;
        uint64 n = PGSIZE - (srcva - va0);
        if (n > len)
            n = len;
        memmove(dst, (void *)(pa0 + (srcva - va0)), n);
        len -= n;
        dst += n;
        srcva = va0 + PGSIZE;
    }
    return 0;
}

/* Copy a NUL-terminated string of at most max bytes (NUL included) from
 * user srcva to dst. 0 if the whole string fit, else -1. */
int copyinstr(pagetable_t pt, char *dst, uint64 srcva, uint64 max)
{
    while (max > 0) {
        uint64 va0 = PGROUNDDOWN(srcva);
        uint64 pa0 = walkaddr(pt, va0);
        if (pa0 == 0)
            return -1;
        uint64 n = PGSIZE - (srcva - va0);
        if (n > max)
            n = max;
        const char *p = (const char *)(pa0 + (srcva - va0));
        for (uint64 i = 0; i < n; i++) {
            dst[i] = p[i];
            if (p[i] == 0)
                return 0;
        }
        dst += n;
        max -= n;
        srcva = va0 + PGSIZE;
    }
    return -1;
}
