/*
 * walk.c - Sv39/Sv48 address translation, written as the algorithm of the
 * privileged spec section 4.3.2 ("Virtual Address Translation Process"),
 * one commented step per check.
 *
 *   Sv39 va:  | 63..39 sign | VPN[2] 38..30 | VPN[1] 29..21 | VPN[0] 20..12 | offset 11..0 |
 *   Sv48 va:  | 63..48 sign | VPN[3] 47..39 | VPN[2] ... VPN[0]              | offset       |
 *   PTE:      | N 63 | PBMT 62..61 | rsvd 60..54 | PPN 53..10 | RSW 9..8 | D A G U X W R V |
 *
 * A and D are managed in hardware: the walk sets A (and D for stores) in the
 * leaf PTE itself, as QEMU does, rather than raising a page fault for
 * software to set them (both are allowed by the spec; hardware update is
 * what xv6 and Linux expect on QEMU). The update is atomic with the walk
 * because harts run one at a time.
 */
#include "mmu.h"

static enum exc page_fault(enum access acc)
{
    switch (acc) {
    case ACCESS_FETCH: return EXC_FETCH_PAGE_FAULT;
    case ACCESS_LOAD:  return EXC_LOAD_PAGE_FAULT;
    default:           return EXC_STORE_PAGE_FAULT;
    }
}

static enum exc access_fault(enum access acc)
{
    switch (acc) {
    case ACCESS_FETCH: return EXC_FETCH_ACCESS;
    case ACCESS_LOAD:  return EXC_LOAD_ACCESS;
    default:           return EXC_STORE_ACCESS;
    }
}

const char *walk_stop_name(enum walk_stop s)
{
    static const char *const names[] = {
        [WALK_OK] = "ok", [WALK_BARE] = "bare (no translation)",
        [WALK_NONCANONICAL] = "non-canonical address", [WALK_INVALID] = "invalid (V=0)",
        [WALK_RESERVED] = "reserved encoding", [WALK_NONLEAF_BITS] = "non-leaf with A/D/U set",
        [WALK_TOO_DEEP] = "no leaf at level 0", [WALK_MISALIGNED] = "misaligned superpage",
        [WALK_PERM] = "permission denied", [WALK_PTE_ACCESS] = "PTE address not in memory",
    };
    return s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

static enum exc stop(struct walk_record *rec, enum walk_stop why, enum exc e)
{
    rec->stop = why;
    return e;
}

/* Step 5 of the algorithm: may an access of this kind by this privilege
 * use a leaf with these permission bits? */
static bool leaf_permits(uint64_t pte, enum access acc, enum priv priv, bool sum, bool mxr)
{
    if (pte & PTE_U) {
        if (priv == PRV_S && (acc == ACCESS_FETCH || !sum))
            return false;   /* S never executes U pages; loads/stores need SUM */
    } else if (priv == PRV_U) {
        return false;
    }
    switch (acc) {
    case ACCESS_FETCH: return (pte & PTE_X) != 0;
    case ACCESS_LOAD:  return (pte & PTE_R) || (mxr && (pte & PTE_X));
    default:           return (pte & PTE_W) != 0;
    }
}

enum exc mmu_walk(struct bus *b, uint64_t satp, uint64_t va, enum access acc,
                  enum priv priv, bool sum, bool mxr, bool update_ad,
                  uint64_t *pa, struct walk_record *rec)
{
    struct walk_record local;
    if (!rec)
        rec = &local;
    rec->va = va;
    rec->satp = satp;
    rec->levels = 0;
    rec->pte_written = 0;
    rec->leaf_shift = PAGE_SHIFT;

    unsigned mode = (unsigned)(satp >> SATP_MODE_SHIFT);
    if (priv == PRV_M || mode == SATP_MODE_BARE) {
        *pa = rec->pa = va;
        return stop(rec, WALK_BARE, EXC_NONE);
    }
    int levels = mode == SATP_MODE_SV48 ? 4 : 3;
    unsigned va_bits = PAGE_SHIFT + 9 * (unsigned)levels;

    /* Bits 63..va_bits-1 must all equal bit va_bits-1. */
    int64_t sext = (int64_t)(va << (64 - va_bits)) >> (64 - va_bits);
    if ((uint64_t)sext != va)
        return stop(rec, WALK_NONCANONICAL, page_fault(acc));

    /* Step 1: a = satp.ppn * PAGESIZE, i = LEVELS - 1. */
    uint64_t a = (satp & SATP_PPN) << PAGE_SHIFT;
    uint64_t pte = 0, pte_addr = 0;
    int i;
    for (i = levels - 1;; i--) {
        /* Step 2: pte = the PTE at a + va.vpn[i] * PTESIZE. */
        uint64_t vpn = (va >> (PAGE_SHIFT + 9 * (unsigned)i)) & 0x1ff;
        pte_addr = a + vpn * 8;
        /* The level is recorded even when its read fails (pte = 0), so a
         * trace or debugger shows which PTE address was bad. */
        bool readable = bus_read(b, pte_addr, 8, &pte);
        rec->level[rec->levels].level = i;
        rec->level[rec->levels].pte_addr = pte_addr;
        rec->level[rec->levels].pte = readable ? pte : 0;
        rec->levels++;
        if (!readable)
            return stop(rec, WALK_PTE_ACCESS, access_fault(acc));

        /* Step 3: invalid, W without R, or reserved bits (no Svnapot or
         * Svpbmt here, so N and PBMT are reserved too). */
        if (!(pte & PTE_V))
            return stop(rec, WALK_INVALID, page_fault(acc));
        if ((!(pte & PTE_R) && (pte & PTE_W)) || (pte & (PTE_RESERVED | PTE_PBMT | PTE_N)))
            return stop(rec, WALK_RESERVED, page_fault(acc));

        /* Step 4: a leaf has R or X; otherwise descend. */
        if (pte & (PTE_R | PTE_X))
            break;
        if (pte & (PTE_A | PTE_D | PTE_U))
            return stop(rec, WALK_NONLEAF_BITS, page_fault(acc));
        if (i == 0)
            return stop(rec, WALK_TOO_DEEP, page_fault(acc));
        a = ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << PAGE_SHIFT;
    }

    /* Step 5: permissions, with U/SUM/MXR. */
    if (!leaf_permits(pte, acc, priv, sum, mxr))
        return stop(rec, WALK_PERM, page_fault(acc));

    /* Step 6: a superpage's low PPN fields must be zero. */
    uint64_t ppn = (pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT;
    unsigned shift = PAGE_SHIFT + 9 * (unsigned)i;
    uint64_t low_ppn_mask = (1ULL << (9 * (unsigned)i)) - 1;
    if (ppn & low_ppn_mask)
        return stop(rec, WALK_MISALIGNED, page_fault(acc));

    /* Step 7: hardware A/D update (see file comment). */
    uint64_t want = PTE_A | (acc == ACCESS_STORE ? PTE_D : 0);
    if (update_ad && (pte & want) != want) {
        uint64_t npte = pte | want;
        if (!bus_write_pte_ad(b, pte_addr, npte))
            return stop(rec, WALK_PTE_ACCESS, access_fault(acc));
        rec->pte_written = npte;
    }

    /* Step 8: pa = ppn with the superpage's low bits taken from va. */
    uint64_t page_mask = (1ULL << shift) - 1;
    *pa = rec->pa = ((ppn << PAGE_SHIFT) & ~page_mask) | (va & page_mask);
    rec->leaf_shift = shift;
    return stop(rec, WALK_OK, EXC_NONE);
}

static void print_flags(uint64_t pte, FILE *f)
{
    static const char letters[] = "VRWXUGAD";
    for (unsigned k = 0; k < 8; k++)
        fputc((pte >> k) & 1 ? letters[k] : '-', f);
}

void walk_record_print(const struct walk_record *rec, FILE *f)
{
    unsigned mode = (unsigned)(rec->satp >> SATP_MODE_SHIFT);
    fprintf(f, "walk va=0x%016llx satp=0x%016llx (%s, root 0x%llx)\n",
            (unsigned long long)rec->va, (unsigned long long)rec->satp,
            mode == SATP_MODE_SV48 ? "Sv48" : mode == SATP_MODE_SV39 ? "Sv39" : "Bare",
            (unsigned long long)((rec->satp & SATP_PPN) << PAGE_SHIFT));
    for (unsigned k = 0; k < rec->levels; k++) {
        uint64_t pte = rec->level[k].pte;
        fprintf(f, "  L%d pte@0x%llx = 0x%016llx ppn=0x%llx ", rec->level[k].level,
                (unsigned long long)rec->level[k].pte_addr, (unsigned long long)pte,
                (unsigned long long)((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT));
        print_flags(pte, f);
        fprintf(f, " rsw=%llu\n", (unsigned long long)((pte >> PTE_RSW_SHIFT) & 3));
    }
    if (rec->stop == WALK_OK)
        fprintf(f, "  -> pa=0x%llx (%s page)\n", (unsigned long long)rec->pa,
                rec->leaf_shift == 12 ? "4K" : rec->leaf_shift == 21 ? "2M" :
                rec->leaf_shift == 30 ? "1G" : "512G");
    else
        fprintf(f, "  -> stop: %s\n", walk_stop_name(rec->stop));
}
