/*
 * vm.c - Sv39 page tables for the bench programs, built by M-mode before
 * it drops to S-mode, and that drop.
 *
 * Sv39 (priv spec 4.4): a 39-bit VA is three 9-bit indices and an offset;
 *
 *   38      30 29      21 20      12 11         0
 *   | VPN[2]  | VPN[1]   | VPN[0]   |  offset    |
 *
 * each level a 4 KiB page of 512 PTEs; a PTE with R, W and X clear points to
 * the next level. Only 4 KiB leaves here, on purpose: the benchmarks want
 * the TLB to hold one entry per page, as xv6's page tables make it.
 */
#include "bench.h"

#define PTES_PER_PAGE 512
#define VM_POOL_PAGES 64

static uint64_t vm_pool[VM_POOL_PAGES][PTES_PER_PAGE] __attribute__((aligned(4096)));
static unsigned vm_pool_used;

/* Exit code when the pool runs dry: a build problem, not an emulator one. */
#define VM_FAIL_POOL 0x3f

uint64_t *vm_new_table(void)
{
    if (vm_pool_used == VM_POOL_PAGES) {
        bench_puts("vm: page-table pool exhausted\n");
        bench_exit(VM_FAIL_POOL);
    }
    return vm_pool[vm_pool_used++]; /* zero: the pool is in .bss */
}

static inline unsigned vpn(uint64_t va, int level)
{
    return (unsigned)(va >> (PAGE_SHIFT + 9 * level)) & (PTES_PER_PAGE - 1);
}

/* Returns the leaf PTE slot for va, creating tables on the way (xv6 walk()). */
static uint64_t *vm_walk(uint64_t *root, uint64_t va)
{
    uint64_t *table = root;

    for (int level = 2; level > 0; level--) {
        uint64_t *pte = &table[vpn(va, level)];
        if (*pte & PTE_V) {
            table = (uint64_t *)((*pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
        } else {
            table = vm_new_table();
            *pte = (((uint64_t)table >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
        }
    }
    return &table[vpn(va, 0)];
}

void vm_map(uint64_t *root, uint64_t va, uint64_t pa, uint64_t len, uint64_t perm)
{
    uint64_t end = va + len;

    for (; va < end; va += PAGE_SIZE, pa += PAGE_SIZE)
        *vm_walk(root, va) = ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | perm | PTE_A | PTE_D | PTE_V;
}

uint64_t vm_satp(const uint64_t *root)
{
    return SATP_MODE_SV39 | ((uint64_t)root >> PAGE_SHIFT);
}

void vm_enter_smode(uint64_t satp, uint64_t medeleg, void (*fn)(void))
{
    csr_write(pmpaddr0, PMPADDR_ALL);
    csr_write(pmpcfg0, PMPCFG_R | PMPCFG_W | PMPCFG_X | PMPCFG_TOR);
    csr_write(medeleg, medeleg);
    csr_write(mideleg, 0);
    csr_write(satp, satp);
    sfence_vma_all();
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, (uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    csr_write(mepc, (uint64_t)fn);
    __asm__ volatile("mret");
    __builtin_unreachable();
}
