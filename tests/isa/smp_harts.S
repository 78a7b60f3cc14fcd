/*
 * smp_harts.S - four harts at once (run with -smp 4): AMO and LR/SC
 * contention on shared counters, a barrier, IPIs through the CLINT's msip,
 * and a machine timer interrupt on every hart. Lost LR/SC increments mean
 * a reservation survived another hart's store.
 *
 * Exit: tohost = (code << 1) | 1 and the test device, as in common.h.
 * Codes: 1 AMO count, 2 LR/SC count, 3 IPI missing, 4 timer missing,
 *        5 unexpected trap, 6 wrong hart count.
 */
#define NHARTS      4
#define ITERS       2000
#define CLINT       0x02000000
#define MSIP(h)     (CLINT + 4 * (h))
#define MTIMECMP    0x02004000
#define MTIME       0x0200bff8
#define TEST_DEV    0x100000
#define MIE_MSIE    (1 << 3)
#define MIE_MTIE    (1 << 7)
#define MSTATUS_MIE (1 << 3)
#define CAUSE_MSI   ((1 << 63) | 3)
#define CAUSE_MTI   ((1 << 63) | 7)

    .section .text.init
    .globl _start
_start:
    csrr    s0, mhartid
    li      t0, NHARTS
    bgeu    s0, t0, park                /* extra harts stay out of the way */
    la      sp, stacks
    addi    t0, s0, 1
    slli    t0, t0, 12
    add     sp, sp, t0                  /* 4 KiB stack per hart */
    la      t0, handler
    csrw    mtvec, t0
    li      t0, -1                      /* no timer until asked */
    li      t1, MTIMECMP
    slli    t2, s0, 3
    add     t1, t1, t2
    sd      t0, 0(t1)

    /* 1. AMO contention. */
    la      s1, amo_count
    li      t0, ITERS
1:  li      t1, 1
    amoadd.d zero, t1, (s1)
    addi    t0, t0, -1
    bnez    t0, 1b

    /* 2. LR/SC contention: a plain increment in a retry loop. */
    la      s1, lrsc_count
    li      t0, ITERS
2:  lr.d    t1, (s1)
    addi    t1, t1, 1
    sc.d    t2, t1, (s1)
    bnez    t2, 2b
    addi    t0, t0, -1
    bnez    t0, 2b

    /* 3. Barrier: everyone has finished counting. */
    la      s1, arrived
    li      t1, 1
    amoadd.d zero, t1, (s1)
3:  ld      t1, 0(s1)
    li      t2, NHARTS
    bne     t1, t2, 3b

    /* 4. IPIs: hart 0 raises msip on every other hart; they wait in wfi
     *    with only MSIE enabled and take the interrupt in the handler. */
    li      t0, MIE_MSIE
    csrw    mie, t0
    csrsi   mstatus, MSTATUS_MIE
    bnez    s0, 5f
    li      t0, 1
4:  addi    t0, t0, 1                   /* harts 1..NHARTS-1 */
    li      t1, NHARTS
    bgeu    t0, t1, 6f
    li      t1, CLINT
    slli    t2, t0, 2
    add     t1, t1, t2
    li      t2, 1
    sw      t2, 0(t1)
    j       4b
6:  li      t1, MSIP(1)
    li      t2, 1
    sw      t2, 0(t1)
    j       7f
5:  la      t0, ipi_seen
    slli    t1, s0, 3
    add     t0, t0, t1
8:  ld      t1, 0(t0)
    bnez    t1, 7f
    wfi
    j       8b

    /* 5. Timer on every hart: mtimecmp = mtime + 1000 * (hart + 1). */
7:  li      t0, MIE_MTIE
    csrw    mie, t0
    li      t0, MTIME
    ld      t1, 0(t0)
    addi    t2, s0, 1
    li      t3, 1000
    mul     t2, t2, t3
    add     t1, t1, t2
    li      t0, MTIMECMP
    slli    t2, s0, 3
    add     t0, t0, t2
    sd      t1, 0(t0)
    la      t0, tick_seen
    slli    t1, s0, 3
    add     t0, t0, t1
9:  ld      t1, 0(t0)
    bnez    t1, 10f
    wfi
    j       9b
10: csrci   mstatus, MSTATUS_MIE
    la      s1, done
    li      t1, 1
    amoadd.d zero, t1, (s1)
    bnez    s0, park

    /* Hart 0 checks everything once all harts are done. */
11: ld      t1, 0(s1)
    li      t2, NHARTS
    bne     t1, t2, 11b
    li      t3, NHARTS * ITERS
    la      t0, amo_count
    ld      t1, 0(t0)
    li      a0, 1
    bne     t1, t3, finish
    la      t0, lrsc_count
    ld      t1, 0(t0)
    li      a0, 2
    bne     t1, t3, finish
    li      a0, 0
finish:
    slli    t0, a0, 1
    ori     t0, t0, 1
    la      t1, tohost
    sd      t0, 0(t1)
    li      t1, TEST_DEV
    li      t0, 0x5555
    beqz    a0, 12f
    slli    t0, a0, 16
    li      t2, 0x3333
    or      t0, t0, t2
12: sw      t0, 0(t1)
park:
    csrw    mie, zero
    wfi
    j       park

/* Machine trap handler: software interrupt -> clear msip and note it;
 * timer -> disarm and note it; anything else fails with code 5. */
    .align 2
handler:
    csrr    t4, mcause
    csrr    t5, mhartid
    slli    t5, t5, 3
    li      t6, CAUSE_MSI
    beq     t4, t6, on_ipi
    li      t6, CAUSE_MTI
    beq     t4, t6, on_tick
    li      a0, 5
    j       finish
on_ipi:
    li      t6, CLINT
    srli    t4, t5, 1                   /* hart * 4 */
    add     t6, t6, t4
    sw      zero, 0(t6)
    la      t6, ipi_seen
    add     t6, t6, t5
    li      t4, 1
    sd      t4, 0(t6)
    /* hart 1 passes the IPI on to hart 0 (so hart 0 gets one too) */
    csrr    t4, mhartid
    li      t6, 1
    bne     t4, t6, 13f
    li      t6, MSIP(0)
    li      t4, 1
    sw      t4, 0(t6)
13: mret
on_tick:
    li      t6, MTIMECMP
    add     t6, t6, t5
    li      t4, -1
    sd      t4, 0(t6)
    la      t6, tick_seen
    add     t6, t6, t5
    li      t4, 1
    sd      t4, 0(t6)
    mret

    .section .data
    .align 6
amo_count:  .dword 0
    .align 6
lrsc_count: .dword 0
    .align 6
arrived:    .dword 0
done:       .dword 0
ipi_seen:   .dword 0, 0, 0, 0
tick_seen:  .dword 0, 0, 0, 0

    .section .bss
    .align 12
stacks:     .space 4096 * NHARTS

    .section .tohost, "aw", @progbits
    .align 3
    .globl tohost, fromhost
tohost:     .dword 0
fromhost:   .dword 0
