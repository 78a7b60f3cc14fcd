/*
 * hello.S - the bundled bare-metal demo: prints a greeting on the UART
 * (16550 at 0x10000000, as on QEMU virt), sums 1..100 as a self-check, and
 * powers off through HTIF tohost and the test device. Runs unmodified on
 * rvemu and on qemu-system-riscv64 -machine virt -bios none.
 */
#define UART0      0x10000000
#define UART_LSR   5
#define LSR_THRE   0x20
#define TEST_DEV   0x100000
#define TEST_PASS  0x5555
#define TEST_FAIL  0x3333

    .section .text.init
    .globl _start
_start:
    bnez    a0, park                /* only hart 0 speaks */
    la      sp, stack_top
    la      a0, greeting
    call    puts
    li      t0, 100                 /* 1 + 2 + ... + 100 = 5050 */
    li      t1, 0
1:  add     t1, t1, t0
    addi    t0, t0, -1
    bnez    t0, 1b
    li      t2, 5050
    bne     t1, t2, fail
    la      a0, passed
    call    puts
    li      a0, 0
    j       finish
fail:
    li      a0, 1
finish:
    slli    t0, a0, 1               /* HTIF: tohost = (code << 1) | 1 */
    ori     t0, t0, 1
    la      t1, tohost
    sd      t0, 0(t1)
    li      t1, TEST_DEV            /* QEMU ignores tohost: use the test device */
    li      t0, TEST_PASS
    beqz    a0, 2f
    slli    t0, a0, 16
    li      t2, TEST_FAIL
    or      t0, t0, t2
2:  sw      t0, 0(t1)
park:
    wfi
    j       park

/* puts(a0): write a NUL-terminated string to the UART, polling THRE. */
puts:
    li      t0, UART0
1:  lbu     t1, 0(a0)
    beqz    t1, 3f
2:  lbu     t2, UART_LSR(t0)
    andi    t2, t2, LSR_THRE
    beqz    t2, 2b
    sb      t1, 0(t0)
    addi    a0, a0, 1
    j       1b
3:  ret

    .section .rodata
greeting: .asciz "Hello from rvemu: an RV64GC hart in M-mode.\n"
passed:   .asciz "Self-check passed (1+...+100 = 5050). Powering off.\n"

    .section .bss
    .align 4
stack:    .space 4096
stack_top:

    .section .tohost, "aw", @progbits
    .align 3
    .globl tohost, fromhost
tohost:   .dword 0
fromhost: .dword 0
