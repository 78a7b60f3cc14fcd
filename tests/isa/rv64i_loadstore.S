/*
 * rv64i_loadstore.S - every RV64I load and store (unprivileged spec 2.6):
 * each width at aligned offsets, sign- and zero-extension, negative offsets,
 * stores touching exactly their own bytes, x0 as source and destination, and
 * misaligned loads and stores (inside a doubleword, across doublewords and
 * across a page boundary).
 *
 * NOTE: misaligned scalar accesses to RAM are done in hardware by QEMU and by
 * rvemu (the spec allows this or a trap), so here they must simply work.
 */
#include "common.h"

#define FILL 0xa5a5a5a5a5a5a5a5

/* Fill stbuf, store v with insn at addr, check both doublewords of stbuf. */
#define TEST_ST(n, insn, v, addr, exp0, exp1) \
    li gp, n; li t0, FILL; sd t0, 0(s2); sd t0, 8(s2); \
    li a1, v; insn a1, addr; \
    ld a0, 0(s2); li t6, exp0; bne a0, t6, fail; \
    ld a0, 8(s2); li t6, exp1; bne a0, t6, fail

TEST_START
    .option norvc               /* test the 32-bit encodings */
    la s0, lsdata
    addi s1, s0, 16
    la s2, stbuf
    addi s3, s2, 8

    /* aligned loads of every width: sign- and zero-extension */
    TEST_CASE(1, a0, 0xffffffffffffff80, lb a0, 0(s0))
    TEST_CASE(2, a0, 0x8, lb a0, 8(s0))
    TEST_CASE(3, a0, 0x7f, lb a0, 16(s0))
    TEST_CASE(4, a0, 0xffffffffffffff80, lb a0, 19(s0))
    TEST_CASE(5, a0, 0x11, lb a0, 24(s0))
    TEST_CASE(6, a0, 0x80, lbu a0, 0(s0))
    TEST_CASE(7, a0, 0x8, lbu a0, 8(s0))
    TEST_CASE(8, a0, 0x7f, lbu a0, 16(s0))
    TEST_CASE(9, a0, 0x80, lbu a0, 19(s0))
    TEST_CASE(10, a0, 0x11, lbu a0, 24(s0))
    TEST_CASE(11, a0, 0xffffffffffff9080, lh a0, 0(s0))
    TEST_CASE(12, a0, 0x908, lh a0, 8(s0))
    TEST_CASE(13, a0, 0xffffffffffffff7f, lh a0, 16(s0))
    TEST_CASE(14, a0, 0xffffffffffff8001, lh a0, 18(s0))
    TEST_CASE(15, a0, 0x2211, lh a0, 24(s0))
    TEST_CASE(16, a0, 0x9080, lhu a0, 0(s0))
    TEST_CASE(17, a0, 0x908, lhu a0, 8(s0))
    TEST_CASE(18, a0, 0xff7f, lhu a0, 16(s0))
    TEST_CASE(19, a0, 0x8001, lhu a0, 18(s0))
    TEST_CASE(20, a0, 0x2211, lhu a0, 24(s0))
    TEST_CASE(21, a0, 0xffffffffb0a09080, lw a0, 0(s0))
    TEST_CASE(22, a0, 0xb0a0908, lw a0, 8(s0))
    TEST_CASE(23, a0, 0xffffffff8001ff7f, lw a0, 16(s0))
    TEST_CASE(24, a0, 0x44332211, lw a0, 24(s0))
    TEST_CASE(25, a0, 0xb0a09080, lwu a0, 0(s0))
    TEST_CASE(26, a0, 0xb0a0908, lwu a0, 8(s0))
    TEST_CASE(27, a0, 0x8001ff7f, lwu a0, 16(s0))
    TEST_CASE(28, a0, 0x44332211, lwu a0, 24(s0))
    TEST_CASE(29, a0, 0xf0e0d0c0b0a09080, ld a0, 0(s0))
    TEST_CASE(30, a0, 0xf0e0d0c0b0a0908, ld a0, 8(s0))
    TEST_CASE(31, a0, 0x8100aa558001ff7f, ld a0, 16(s0))
    TEST_CASE(32, a0, 0x8877665544332211, ld a0, 24(s0))

    /* negative offsets (s1 = lsdata + 16) */
    TEST_CASE(33, a0, 0xffffffffffffff80, lb a0, -16(s1))
    TEST_CASE(34, a0, 0xf0, lbu a0, -9(s1))
    TEST_CASE(35, a0, 0xffffffffffffb0a0, lh a0, -14(s1))
    TEST_CASE(36, a0, 0xf0e0, lhu a0, -10(s1))
    TEST_CASE(37, a0, 0xfffffffff0e0d0c0, lw a0, -12(s1))
    TEST_CASE(38, a0, 0xb0a09080, lwu a0, -16(s1))
    TEST_CASE(39, a0, 0xf0e0d0c0b0a09080, ld a0, -16(s1))
    TEST_CASE(40, a0, 0xf0e0d0c0b0a0908, ld a0, -8(s1))

    /* misaligned loads, inside and across 8-byte boundaries */
    TEST_CASE(41, a0, 0xffffffffffffa090, lh a0, 1(s0))
    TEST_CASE(42, a0, 0x8f0, lhu a0, 7(s0))
    TEST_CASE(43, a0, 0xffffffffc0b0a090, lw a0, 1(s0))
    TEST_CASE(44, a0, 0x908f0e0, lw a0, 6(s0))
    TEST_CASE(45, a0, 0xe0d0c0b0, lwu a0, 3(s0))
    TEST_CASE(46, a0, 0xff7f0f0e, lwu a0, 14(s0))
    TEST_CASE(47, a0, 0x8f0e0d0c0b0a090, ld a0, 1(s0))
    TEST_CASE(48, a0, 0xb0a0908f0e0d0c0, ld a0, 4(s0))
    TEST_CASE(49, a0, 0xe0d0c0b0a0908f0, ld a0, 7(s0))
    TEST_CASE(50, a0, 0x3322118100aa5580, ld a0, 19(s0))

    /* aligned stores write exactly their width; rs2 high bits ignored */
    TEST_ST(101, sb, 0x1122334455667788, 0(s2), 0xa5a5a5a5a5a5a588, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(102, sb, 0x1122334455667788, 7(s2), 0x88a5a5a5a5a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(103, sb, 0x1122334455667788, 8(s2), 0xa5a5a5a5a5a5a5a5, 0xa5a5a5a5a5a5a588)
    TEST_ST(104, sh, 0x1122334455667788, 0(s2), 0xa5a5a5a5a5a57788, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(105, sh, 0x1122334455667788, 6(s2), 0x7788a5a5a5a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(106, sh, 0x1122334455667788, 8(s2), 0xa5a5a5a5a5a5a5a5, 0xa5a5a5a5a5a57788)
    TEST_ST(107, sw, 0x1122334455667788, 0(s2), 0xa5a5a5a555667788, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(108, sw, 0x1122334455667788, 4(s2), 0x55667788a5a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(109, sw, 0x1122334455667788, 8(s2), 0xa5a5a5a5a5a5a5a5, 0xa5a5a5a555667788)
    TEST_ST(110, sd, 0x1122334455667788, 0(s2), 0x1122334455667788, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(111, sd, 0x1122334455667788, 8(s2), 0xa5a5a5a5a5a5a5a5, 0x1122334455667788)

    /* negative offsets (s3 = stbuf + 8) */
    TEST_ST(112, sb, 0xfedcba9876543210, -1(s3), 0x10a5a5a5a5a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(113, sh, 0xfedcba9876543210, -6(s3), 0xa5a5a5a53210a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(114, sw, 0xfedcba9876543210, -4(s3), 0x76543210a5a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(115, sd, 0xfedcba9876543210, -8(s3), 0xfedcba9876543210, 0xa5a5a5a5a5a5a5a5)

    /* misaligned stores, inside and across 8-byte boundaries */
    TEST_ST(116, sh, 0x1122334455667788, 1(s2), 0xa5a5a5a5a57788a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(117, sh, 0x1122334455667788, 7(s2), 0x88a5a5a5a5a5a5a5, 0xa5a5a5a5a5a5a577)
    TEST_ST(118, sw, 0x1122334455667788, 3(s2), 0xa555667788a5a5a5, 0xa5a5a5a5a5a5a5a5)
    TEST_ST(119, sw, 0x1122334455667788, 6(s2), 0x7788a5a5a5a5a5a5, 0xa5a5a5a5a5a55566)
    TEST_ST(120, sd, 0x1122334455667788, 1(s2), 0x22334455667788a5, 0xa5a5a5a5a5a5a511)
    TEST_ST(121, sd, 0x1122334455667788, 5(s2), 0x667788a5a5a5a5a5, 0xa5a5a51122334455)
    TEST_ST(122, sd, 0x1122334455667788, 7(s2), 0x88a5a5a5a5a5a5a5, 0xa511223344556677)

    /* x0: a load into x0 is discarded, a store of x0 stores zero */
    TEST_CASE(130, a0, 0, ld x0, 0(s0); mv a0, x0)
    TEST_ST(131, sd, 0, 0(s2), 0, FILL)
    TEST_CASE(132, a0, 0xa5a5a5a5a5a5a500, li t0, FILL; sd t0, 0(s2); sb x0, 0(s2); ld a0, 0(s2))

    /* load right after a store to the same and to an overlapping address */
    TEST_CASE(133, a0, 0x0123456789abcdef, li a1, 0x0123456789abcdef; sd a1, 0(s2); ld a0, 0(s2))
    TEST_CASE(134, a0, 0xffffffff89abcdef, li a1, 0x0123456789abcdef; sd a1, 0(s2); lw a0, 0(s2))
    TEST_CASE(135, a0, 0x0123456789abcd55, li a1, 0x55; sb a1, 0(s2); ld a0, 0(s2))

    /* the base register is read before a load overwrites it */
    TEST_CASE(136, a0, 0xf0e0d0c0b0a09080, mv a0, s0; ld a0, 0(a0))

    /* misaligned across a 4 KiB page boundary (both pages are RAM) */
    la s4, pagecross
    TEST_CASE(140, a0, 0x0807060504030201, ld a0, -4(s4))
    TEST_CASE(141, a0, 0x05040302, lwu a0, -3(s4))
    TEST_CASE(142, a0, 0x0504, lhu a0, -1(s4))
    TEST_CASE(143, a0, 0x1122334455667788, li a1, 0x1122334455667788; sd a1, -2(s4); ld a0, -2(s4))
    TEST_CASE(144, a0, 0x3344556677880201, ld a0, -4(s4))
    TEST_CASE(145, a0, 0x0000112233445566, ld a0, 0(s4))

    j pass
TEST_END

    .data
    .align 4
lsdata:
    .byte 0x80, 0x90, 0xa0, 0xb0, 0xc0, 0xd0, 0xe0, 0xf0
    .byte 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
    .byte 0x7f, 0xff, 0x01, 0x80, 0x55, 0xaa, 0x00, 0x81
    .byte 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88
stbuf:
    .space 16

    .align 12
    .space PGSIZE - 4
    .byte 0x01, 0x02, 0x03, 0x04
pagecross:                      /* first byte of a page */
    .byte 0x05, 0x06, 0x07, 0x08, 0, 0, 0, 0
