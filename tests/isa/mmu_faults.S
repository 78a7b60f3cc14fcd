/*
 * mmu_faults.S - Sv39 page faults and permission rules (privileged spec
 * 4.3.1-4.3.2, 3.1.6.3), taken in S through medeleg (12, 13, 15, and 8 for
 * the U-mode part).
 *
 * Faults fixed by the S handler and retried: invalid PTE (load), read-only
 * page (store), page without X (fetch); each checks scause, stval = the
 * faulting VA and sepc = the faulting instruction (for a fetch: the target).
 * Faults that are not fixed: non-canonical VAs, W without R, a misaligned
 * 2 MiB superpage, a U page from S without SUM (with SUM it works), a U page
 * fetched by S (never allowed, even with SUM), loads from an execute-only
 * page (allowed with MXR, stores still not), a store after W was removed and
 * sfence.vma done, an access after V was cleared and sfence.vma done for
 * that VA, U-mode touching a non-U page.  Hardware sets A on access and D on
 * store.  M-mode with MPRV = 1 translates loads as MPP says.
 */
#include "common.h"
#include "mmu.h"

#define VA_F      0x40000000            /* page i at VA_F + i * 4 KiB */
#define VA_SUPER  0x40200000            /* 2 MiB leaf with a misaligned PPN */
#define PA_SUPER  0x80401000
#define PAGE(i)   (VA_F + (i) * PGSIZE)
#define NONCANON1 0x0000004000000000    /* bit 38 set, 63:39 clear */
#define NONCANON2 0xffffff8000000000    /* bit 38 clear, 63:39 set */
#define MAGIC(i)  (0x1000 + (i))        /* fpages[i] starts with MAGIC(i) */

/* fixup: the S handler ORs bits into *pte (one shot), then retries */
#define FX_PTE    0
#define FX_BITS   8
#define FX_CAUSE  16
#define FX_EPC    24
#define FX_TVAL   32
#define FX_COUNT  40
#define FX_SAVE1  48
#define FX_SAVE2  56

/* map page i of VA_F to fpages[i] (or to sym), flags; remember its PTE */
#define MAP_PAGE(i, flags) \
    mv a0, s0; li a1, PAGE(i); la a2, fpages + (i) * PGSIZE; li a3, flags; \
    li a4, LVL_4K; jal pt_map; la t0, ptes; sd a0, 8 * (i)(t0)
#define MAP_CODE(i, sym, flags) \
    mv a0, s0; li a1, PAGE(i); la a2, sym; li a3, flags; \
    li a4, LVL_4K; jal pt_map; la t0, ptes; sd a0, 8 * (i)(t0)
/* the PTE of page i into reg */
#define PTE_OF(reg, i) la reg, ptes; ld reg, 8 * (i)(reg); ld reg, 0(reg)
/* arm the fixup: OR bits into the PTE of page i at the next fault */
#define FIX(i, bits) \
    la t0, fixup; li t1, bits; sd t1, FX_BITS(t0); \
    la t1, ptes; ld t1, 8 * (i)(t1); sd t1, FX_PTE(t0)
/* exactly one fixed fault with cause c since the last check */
#define CHECK_FIX(n, c) \
    li gp, n; la t5, fixup; ld t6, FX_COUNT(t5); addi t6, t6, -1; bnez t6, fail; \
    sd zero, FX_COUNT(t5); ld t5, FX_CAUSE(t5); li t6, c; bne t5, t6, fail
#define CHECK_FX(n, field, expreg) \
    li gp, n; la t6, fixup; ld t6, field(t6); bne t6, expreg, fail

TEST_START
    la sp, mmu_stack
    la t0, fpages               /* fpages[i] starts with MAGIC(i) */
    li t1, MAGIC(0)
    li t2, MAGIC(10)
1:  sd t1, 0(t0)
    li t3, PGSIZE
    add t0, t0, t3
    addi t1, t1, 1
    bltu t1, t2, 1b

    li a5, SV39_TOP
    jal pt_alloc
    mv s0, a0
    jal pt_identity
    MAP_PAGE(0, PTE_R | PTE_W | PTE_A | PTE_D)             /* V = 0 */
    MAP_PAGE(1, PTE_V | PTE_R | PTE_A)                     /* read-only */
    MAP_CODE(2, code_page, PTE_V | PTE_R | PTE_A)          /* no X */
    MAP_PAGE(3, PTE_V | PTE_W | PTE_A | PTE_D)             /* W without R */
    MAP_PAGE(4, PTE_LEAF_RW | PTE_U)                       /* user data */
    MAP_CODE(5, u_code_page, PTE_V | PTE_X | PTE_U | PTE_A)  /* user code */
    MAP_PAGE(6, PTE_V | PTE_X | PTE_A)                     /* execute-only */
    MAP_PAGE(7, PTE_V | PTE_R | PTE_W)                     /* A = D = 0 */
    MAP_PAGE(8, PTE_LEAF_RW)
    mv a0, s0
    li a1, VA_SUPER
    li a2, PA_SUPER
    li a3, PTE_LEAF_RW
    li a4, LVL_2M
    jal pt_map

    li t0, (1 << CAUSE_FETCH_PAGE_FAULT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT) | (1 << CAUSE_USER_ECALL)
    csrw medeleg, t0
    SET_STVEC(s_fault)
    SET_MTVEC(mtrap_record)
    SATP_FOR(s1, s0, SATP_MODE_SV39)
    csrw satp, s1
    sfence.vma
    ENTER_S(s_main)

s_main:
    /* A: invalid PTE, load: fixed by setting V, retried */
    FIX(0, PTE_V)
    li s2, PAGE(0)
    li gp, 10
1:  ld a0, 0x18(s2)
    CHECK_FIX(11, CAUSE_LOAD_PAGE_FAULT)
    addi a1, s2, 0x18           /* stval is the exact address */
    CHECK_FX(12, FX_TVAL, a1)
    la a1, 1b
    CHECK_FX(13, FX_EPC, a1)
    TEST_CASE(14, a0, MAGIC(0), ld a0, 0(s2))
    CHECK_NO_TRAP(15, strap_info)

    /* B: read-only page, store: fixed by adding W and D */
    li s2, PAGE(1)
    TEST_CASE(20, a0, MAGIC(1), ld a0, 0(s2))
    FIX(1, PTE_W | PTE_D)
    li a1, 0x5555
    li gp, 21
1:  sd a1, 0x28(s2)
    CHECK_FIX(22, CAUSE_STORE_PAGE_FAULT)
    addi a2, s2, 0x28
    CHECK_FX(23, FX_TVAL, a2)
    la a2, 1b
    CHECK_FX(24, FX_EPC, a2)
    TEST_CASE(25, a0, 0x5555, la t0, fpages + PGSIZE; ld a0, 0x28(t0))

    /* C: page without X, fetch: fixed by adding X; sepc = stval = target */
    FIX(2, PTE_X)
    li s2, PAGE(2)
    li gp, 30
    jalr s2
    CHECK_EQ(31, a0, 0x4321)
    CHECK_FIX(32, CAUSE_FETCH_PAGE_FAULT)
    CHECK_FX(33, FX_TVAL, s2)
    CHECK_FX(34, FX_EPC, s2)

    /* D: non-canonical addresses */
    li s2, NONCANON1
    li gp, 40
    ld a0, 0(s2)
    CHECK_TRAP(41, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(42, strap_info, TI_TVAL, s2)
    li gp, 43
    sd a0, 8(s2)
    CHECK_TRAP(44, strap_info, CAUSE_STORE_PAGE_FAULT)
    addi a1, s2, 8
    CHECK_TI(45, strap_info, TI_TVAL, a1)
    li s2, NONCANON2
    li gp, 46
    lw a0, 4(s2)
    CHECK_TRAP(47, strap_info, CAUSE_LOAD_PAGE_FAULT)
    addi a1, s2, 4
    CHECK_TI(48, strap_info, TI_TVAL, a1)
    li s2, NONCANON1
    li gp, 49
    TRAP_RESUME_AT(strap_info, 1f)
    jalr s2
    j fail
1:  CHECK_TRAP(50, strap_info, CAUSE_FETCH_PAGE_FAULT)
    CHECK_TI(51, strap_info, TI_TVAL, s2)
    CHECK_TI(52, strap_info, TI_EPC, s2)

    /* E: W without R is reserved: faults for loads and stores */
    li s2, PAGE(3)
    li gp, 55
    ld a0, 0(s2)
    CHECK_TRAP(56, strap_info, CAUSE_LOAD_PAGE_FAULT)
    li gp, 57
    sd a0, 0(s2)
    CHECK_TRAP(58, strap_info, CAUSE_STORE_PAGE_FAULT)
    CHECK_TI(59, strap_info, TI_TVAL, s2)

    /* F: a 2 MiB leaf whose PPN is not 2 MiB aligned */
    li s2, VA_SUPER + 0x10
    li gp, 60
    ld a0, 0(s2)
    CHECK_TRAP(61, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(62, strap_info, TI_TVAL, s2)

    /* G: a U page from S: only with SUM */
    li s2, PAGE(4)
    li gp, 70
    ld a0, 0(s2)
    CHECK_TRAP(71, strap_info, CAUSE_LOAD_PAGE_FAULT)
    li gp, 72
    sd a0, 0(s2)
    CHECK_TRAP(73, strap_info, CAUSE_STORE_PAGE_FAULT)
    li t0, MSTATUS_SUM
    csrs sstatus, t0
    TEST_CASE(74, a0, MAGIC(4), ld a0, 0(s2))
    TEST_CASE(75, a0, 0x7777, li a1, 0x7777; sd a1, 8(s2); ld a0, 8(s2))

    /* H: S never executes a U page, even with SUM */
    li s2, PAGE(5)
    li gp, 80
    TRAP_RESUME_AT(strap_info, 1f)
    jalr s2
    j fail
1:  CHECK_TRAP(81, strap_info, CAUSE_FETCH_PAGE_FAULT)
    CHECK_TI(82, strap_info, TI_TVAL, s2)
    li t0, MSTATUS_SUM
    csrc sstatus, t0

    /* I: execute-only page: loads only with MXR, stores never */
    li s2, PAGE(6)
    li gp, 90
    ld a0, 0(s2)
    CHECK_TRAP(91, strap_info, CAUSE_LOAD_PAGE_FAULT)
    li t0, MSTATUS_MXR
    csrs sstatus, t0
    TEST_CASE(92, a0, MAGIC(6), ld a0, 0(s2))
    li gp, 93
    sd a0, 0(s2)
    CHECK_TRAP(94, strap_info, CAUSE_STORE_PAGE_FAULT)
    li t0, MSTATUS_MXR
    csrc sstatus, t0

    /* K: hardware sets A on a load, D on a store */
    li s2, PAGE(7)
    TEST_CASE(100, a0, 0, PTE_OF(a0, 7); andi a0, a0, PTE_A | PTE_D)
    TEST_CASE(101, a0, MAGIC(7), ld a0, 0(s2))
    TEST_CASE(102, a0, PTE_A, PTE_OF(a0, 7); andi a0, a0, PTE_A | PTE_D)
    TEST_CASE(103, a0, PTE_A | PTE_D, sd zero, 8(s2); PTE_OF(a0, 7); andi a0, a0, PTE_A | PTE_D)
    CHECK_NO_TRAP(104, strap_info)

    /* N: PTE changes take effect after sfence.vma */
    li s2, PAGE(8)
    sd zero, 0(s2)              /* W is there (and now maybe cached) */
    la t0, ptes
    ld t0, 8 * 8(t0)
    li t1, ~PTE_W
    amoand.d zero, t1, (t0)
    sfence.vma
    li gp, 110
    sd zero, 0(s2)
    CHECK_TRAP(111, strap_info, CAUSE_STORE_PAGE_FAULT)
    li t1, PTE_W
    amoor.d zero, t1, (t0)
    sfence.vma s2, zero         /* by address */
    li gp, 112
    sd zero, 0(s2)
    CHECK_NO_TRAP(113, strap_info)
    li t1, ~PTE_V
    amoand.d zero, t1, (t0)
    sfence.vma s2, zero
    li gp, 114
    ld a0, 0(s2)
    CHECK_TRAP(115, strap_info, CAUSE_LOAD_PAGE_FAULT)

    /* L: U-mode: a non-U page faults, a U page works */
    li a1, PAGE(4) + 8          /* U page: loads 0x7777, ecall (delegated) */
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    li t0, PAGE(5)
    csrw sepc, t0
    li gp, 120
    TRAP_RESUME_AT(strap_info, 1f)
    sret
1:  CHECK_TRAP(121, strap_info, CAUSE_USER_ECALL)
    CHECK_EQ(122, a0, 0x7777)
    la a1, fpages               /* identity RAM, not U: faults */
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    li t0, PAGE(5)
    csrw sepc, t0
    li gp, 123
    TRAP_RESUME_AT(strap_info, 1f)
    sret
1:  CHECK_TRAP(124, strap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(125, strap_info, TI_TVAL, a1)
    li a2, PAGE(5)
    CHECK_TI(126, strap_info, TI_EPC, a2)

    /* back to M (ecall from S is not delegated) for the MPRV part */
    li gp, 129
    TRAP_RESUME_AT(mtrap_info, m_mprv)
    ecall
    j fail

m_mprv:
    CHECK_TRAP(130, mtrap_info, CAUSE_SUPERVISOR_ECALL)
    /* J: M-mode with MPRV = 1 and MPP = S translates its loads and stores */
    li s2, PAGE(1)
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, MSTATUS_MPP_S | MSTATUS_MPRV
    csrs mstatus, t0
    ld a0, 0(s2)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_EQ(131, a0, MAGIC(1))
    li t0, MSTATUS_MPRV         /* a fault under MPRV is taken in M */
    csrs mstatus, t0
    li s2, NONCANON1
    li gp, 132
    ld a0, 0(s2)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_TRAP(133, mtrap_info, CAUSE_LOAD_PAGE_FAULT)
    CHECK_TI(134, mtrap_info, TI_TVAL, s2)
    CHECK_NO_TRAP(135, strap_info)
    li t0, MSTATUS_MPP          /* MPP = U: only U pages */
    csrc mstatus, t0
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    li s2, PAGE(4)
    ld a0, 8(s2)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_EQ(136, a0, 0x7777)
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    li s2, PAGE(1)
    li gp, 137
    ld a0, 0(s2)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    CHECK_TRAP(138, mtrap_info, CAUSE_LOAD_PAGE_FAULT)

    j pass

/*
 * S handler: with a fixup armed, OR its bits into its PTE, record the fault
 * in fixup, sfence.vma and retry the instruction; otherwise behave as
 * strap_record.
 */
    .align 2
s_fault:
    csrw sscratch, t0
    la t0, fixup
    sd t1, FX_SAVE1(t0)
    sd t2, FX_SAVE2(t0)
    ld t1, FX_PTE(t0)
    beqz t1, 1f
    sd zero, FX_PTE(t0)
    ld t2, FX_BITS(t0)
    amoor.d zero, t2, (t1)
    csrr t1, scause
    sd t1, FX_CAUSE(t0)
    csrr t1, sepc
    sd t1, FX_EPC(t0)
    csrr t1, stval
    sd t1, FX_TVAL(t0)
    ld t1, FX_COUNT(t0)
    addi t1, t1, 1
    sd t1, FX_COUNT(t0)
    sfence.vma
    ld t1, FX_SAVE1(t0)
    ld t2, FX_SAVE2(t0)
    csrr t0, sscratch
    sret
1:  ld t1, FX_SAVE1(t0)
    ld t2, FX_SAVE2(t0)
    csrr t0, sscratch
    j strap_record

    TRAP_RECORD_HANDLER strap_record, s, strap_info
    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
    MMU_HELPERS

    .align 12
code_page:                      /* at PAGE(2) */
    li a0, 0x4321
    ret
    .align 12
u_code_page:                    /* at PAGE(5), run in U: a0 = *a1, then ecall */
    ld a0, 0(a1)
    ecall
    j u_code_page
    .align 12
TEST_END

    .data
    .align 3
fixup: .space 64
ptes:  .space 8 * 16
    .bss
    .align 12
fpages: .space PGSIZE * 10
