/*
 * rv64c.S - every RV64C compressed instruction (unprivileged spec ch. 16),
 * written with explicit c.* mnemonics so that each is the 16-bit encoding.
 *
 * Checks results and sign-extension of immediates (c.li, c.lui, c.addi,
 * c.andi, c.addi16sp), the maximum scaled offsets of the loads and stores,
 * c.addiw/c.addw/c.subw sign-extension, shifts by 1/32/63, branches and jumps
 * in both directions, c.jalr linking pc + 2, c.ebreak (cause 3, mepc at the
 * 2-byte instruction) and the all-zero halfword being illegal.
 */
#include "common.h"

TEST_START
    .option rvc
    la sp, stack_mid
    la s1, cdata

    /* constants */
    TEST_CASE(1, a0, -32, c.li a0, -32)
    TEST_CASE(2, a0, 31, c.li a0, 31)
    TEST_CASE(3, a0, 0x1f000, c.lui a0, 31)
    TEST_CASE(4, a0, 0xfffffffffffe0000, c.lui a0, 0xfffe0)
    TEST_CASE(5, a0, 0xfffffffffffff000, c.lui a0, 0xfffff)

    /* c.addi, c.nop, c.addiw */
    TEST_CASE(10, a0, 9, li a0, 10; c.addi a0, -1)
    TEST_CASE(11, a0, 41, li a0, 10; c.addi a0, 31)
    TEST_CASE(12, a0, -22, li a0, 10; c.addi a0, -32)
    TEST_CASE(13, a0, 10, li a0, 10; c.nop)
    TEST_CASE(14, a0, 0xffffffff80000000, li a0, 0x7fffffff; c.addiw a0, 1)
    TEST_CASE(15, a0, 0xffffffff80000000, li a0, 0x1234567880000000; c.addiw a0, 0)
    TEST_CASE(16, a0, 0x7fffffff, li a0, 0x80000000; c.addiw a0, -1)

    /* stack-pointer arithmetic */
    TEST_CASE(20, a0, -64, mv a1, sp; c.addi16sp sp, -64; sub a0, sp, a1; mv sp, a1)
    TEST_CASE(21, a0, 496, mv a1, sp; c.addi16sp sp, 496; sub a0, sp, a1; mv sp, a1)
    TEST_CASE(22, a0, -512, mv a1, sp; c.addi16sp sp, -512; sub a0, sp, a1; mv sp, a1)
    TEST_CASE(23, a0, 8, c.addi4spn a0, sp, 8; sub a0, a0, sp)
    TEST_CASE(24, a0, 1020, c.addi4spn a0, sp, 1020; sub a0, a0, sp)

    /* shifts and c.andi */
    TEST_CASE(30, a0, 0x8000000000000000, li a0, 1; c.slli a0, 63)
    TEST_CASE(31, a0, 0x2468acf000000000, li a0, 0x12345678; c.slli a0, 33)
    TEST_CASE(32, a0, 1, li a0, 0x8000000000000000; c.srli a0, 63)
    TEST_CASE(33, a0, 0x80000000, li a0, 0x8000000000000000; c.srli a0, 32)
    TEST_CASE(34, a0, -1, li a0, 0x8000000000000000; c.srai a0, 63)
    TEST_CASE(35, a0, -16, li a0, -256; c.srai a0, 4)
    TEST_CASE(36, a0, 0xfffffffffffffff0, li a0, -1; c.andi a0, -16)
    TEST_CASE(37, a0, 0xf, li a0, -1; c.andi a0, 15)
    TEST_CASE(38, a0, 0x123456789abcdef0, li a0, 0x123456789abcdef0; c.andi a0, -1)

    /* register-register */
    TEST_CASE(40, a0, 0x5555, li a1, 0x5555; li a0, 0; c.mv a0, a1)
    TEST_CASE(41, a0, 0, li a1, -1; li a0, 1; c.add a0, a1)
    TEST_CASE(42, a0, 2, li a1, -1; li a0, 1; c.sub a0, a1)
    TEST_CASE(43, a0, 0x0ff0, li a1, 0x0f0f; li a0, 0x00ff; c.xor a0, a1)
    TEST_CASE(44, a0, 0x0fff, li a1, 0x0f0f; li a0, 0x00ff; c.or a0, a1)
    TEST_CASE(45, a0, 0x000f, li a1, 0x0f0f; li a0, 0x00ff; c.and a0, a1)
    TEST_CASE(46, a0, 0x7fffffff, li a1, 1; li a0, 0x80000000; c.subw a0, a1)
    TEST_CASE(47, a0, 0xffffffff80000000, li a1, 0x80000000; li a0, 0; c.subw a0, a1)
    TEST_CASE(48, a0, 0xffffffff80000000, li a1, 0x100000001; li a0, 0x7fffffff; c.addw a0, a1)
    TEST_CASE(49, a0, 0xfffffffffffffffe, li a0, 0x7fffffff; mv a1, a0; c.addw a0, a1)

    /* loads and stores through s1 (cdata), offsets up to the maximum */
    TEST_CASE(50, a0, 0xffffffff89abcdef, c.lw a0, 0(s1))
    TEST_CASE(51, a0, 0x01234567, c.lw a0, 4(s1))
    TEST_CASE(52, a0, 0x0123456789abcdef, c.ld a0, 0(s1))
    TEST_CASE(53, a0, 0xfedcba9876543210, c.ld a0, 248(s1))
    TEST_CASE(54, a0, 0xffffffff87654321, c.lw a0, 124(s1))
    TEST_CASE(55, a0, 0xffffffff8badf00d, li a1, 0x123456788badf00d; c.sw a1, 16(s1); c.lw a0, 16(s1))
    TEST_CASE(56, a0, 0x123456788badf00d, li a1, 0x123456788badf00d; c.sd a1, 24(s1); c.ld a0, 24(s1))
    TEST_CASE(57, a0, 0xaaaaaaaa8badf00d, li a1, 0xaaaaaaaaaaaaaaaa; sd a1, 32(s1); li a1, 0x8badf00d; c.sw a1, 32(s1); ld a0, 32(s1))

    /* loads and stores through sp */
    TEST_CASE(60, a0, 0x1122334455667788, li a1, 0x1122334455667788; c.sdsp a1, 504(sp); c.ldsp a0, 504(sp))
    TEST_CASE(61, a0, 0xffffffff99aabbcc, li a1, 0x99aabbcc; c.swsp a1, 252(sp); c.lwsp a0, 252(sp))
    TEST_CASE(62, a0, 0x55667788, li a1, 0x1122334455667788; c.sdsp a1, 0(sp); c.lwsp a0, 0(sp))
    TEST_CASE(63, a0, 0x11223344, c.lwsp a0, 4(sp))

    /* floating-point loads and stores */
    TEST_CASE(70, a0, 0x0123456789abcdef, c.fld fa0, 0(s1); fmv.x.d a0, fa0)
    TEST_CASE(71, a0, 0xfedcba9876543210, c.fld fa1, 248(s1); c.fsd fa1, 40(s1); ld a0, 40(s1))
    TEST_CASE(72, a0, 0x3ff0000000000000, li a1, 0x3ff0000000000000; fmv.d.x fa2, a1; c.fsdsp fa2, 504(sp); ld a0, 504(sp))
    TEST_CASE(73, a0, 0x4000000000000000, li a1, 0x4000000000000000; sd a1, 8(sp); c.fldsp fa3, 8(sp); fmv.x.d a0, fa3)

    /* c.beqz / c.bnez: taken and not taken, both directions */
    li gp, 80
    li a0, 0
    c.beqz a0, 1f
    j fail
1:  li gp, 81
    li a0, -1
    c.beqz a0, 2f
    j 3f
2:  j fail
3:  li gp, 82
    c.bnez a0, 1f
    j fail
1:  li gp, 83
    li a0, 0
    c.bnez a0, 2f
    j 3f
2:  j fail
3:  li gp, 84                   /* backward */
    li a0, 0
    c.j 2f
1:  c.j 3f
2:  c.beqz a0, 1b
    j fail
3:  li gp, 85
    li a0, 0x100000000          /* the whole register is compared */
    c.bnez a0, 1f
    j fail
1:

    /* c.j, c.jr, c.jalr */
    li gp, 90
    c.j 1f
    j fail
1:  li gp, 91
    la a0, 1f
    c.jr a0
    j fail
1:  li gp, 92
    la a0, 1f
    c.jalr a0
2:  j fail
1:  la a1, 2b
    bne ra, a1, fail
    li gp, 93                   /* link is pc + 2: return lands on the next insn */
    li a0, 0
    la a1, add_one
    c.jalr a1
    c.jalr a1
    li t0, 2
    bne a0, t0, fail
    li gp, 94                   /* c.jalr with rs1 = ra: target read before the link write */
    la ra, 1f
    c.jalr ra
2:  j fail
1:  la a1, 2b
    bne ra, a1, fail

    /* 32-bit instructions at 2 mod 4 addresses, between compressed ones */
    li gp, 95
    .align 2
    li a0, 0
    c.addi a0, 1
    addi a0, a0, 2
    c.addi a0, 4
    .option push
    .option norvc
    addi a0, a0, 8
    .option pop
    li t0, 15
    bne a0, t0, fail

    /* c.ebreak: breakpoint, mepc at the c.ebreak; the all-zero halfword is illegal */
    SET_MTVEC(mtrap_record)
    li gp, 100
1:  c.ebreak
    CHECK_TRAP(101, mtrap_info, CAUSE_BREAKPOINT)
    la a1, 1b
    CHECK_TI(102, mtrap_info, TI_EPC, a1)
    li gp, 103
1:  .half 0
    CHECK_TRAP(104, mtrap_info, CAUSE_ILLEGAL_INSTRUCTION)
    la a1, 1b
    CHECK_TI(105, mtrap_info, TI_EPC, a1)
    CHECK_TI(106, mtrap_info, TI_TVAL, zero)

    j pass

add_one:
    c.addi a0, 1
    c.jr ra

    TRAP_RECORD_HANDLER mtrap_record, m, mtrap_info
TEST_END

    .data
    .align 4
cdata:
    .dword 0x0123456789abcdef   /* offset 0 */
    .skip 124 - 8
    .word 0x87654321            /* offset 124: largest c.lw offset */
    .skip 248 - 128
    .dword 0xfedcba9876543210   /* offset 248: largest c.ld offset */
    .align 4
stack:
    .space 1024
stack_mid:
    .dword 0x1122334455667788
    .space 1024
