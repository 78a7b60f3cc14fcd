/*
 * harness.S - the bare-metal frame of every differential-test program.
 *
 * gen.py writes one program per seed: it defines DIFF_PRIV (0 or 1),
 * includes this file, and supplies
 *   seq_start            the generated code, entered in M-mode with every
 *                        register loaded from the tables below; it ends by
 *                        jumping to seq_end
 *   init_x, init_f       31 + 32 dwords: x1..x31 and f0..f31 (raw bits)
 *   init_fcsr            fcsr
 *   hash_table           hash_count pairs (address, length in bytes, a
 *                        multiple of 8) of memory to checksum at the end
 *   csr_out, csr_count   dwords the program stored (CSR read-backs)
 *
 * At the end (seq_end, an unexpected trap in a user program, or too many
 * traps) the harness saves all registers and prints over the UART (16550
 * THR polled through LSR.THRE):
 *
 *   BEGIN / #x x1..x31 / #f f0..f31 / #fcsr / #mstatus / #hash ... /
 *   #csr ... / #log ... / END
 *
 * one 16-digit hex number a line, then powers off through the sifive,test
 * device (0x5555).  tests/diff/compare.py names and compares the lines.
 *
 * Privileged programs (DIFF_PRIV=1) run "episodes" (see gen.py): the trap
 * handlers below append records to the log:
 *   1 mcause mepc mtval mstatus&LOG_MSTATUS_MASK insn  trap taken in M
 *   2 scause sepc stval sstatus&LOG_SSTATUS_MASK insn  trap taken in S
 * (insn: the instruction bits at xepc, 0 for a fetch fault)
 *   3 n x1..x31 mstatus&LOG_MSTATUS_MASK fcsr         end of episode n
 *   4 n count pte...                                  PTEs after episode n
 *   9                                                 trap limit reached
 * An exception returns past the trapping instruction (2 or 4 bytes read at
 * xepc; code is identity-mapped), a fetch fault (cause 1 or 12) returns to
 * ra, and a trap at the episode's exit ecall (exit_pc) goes to exit_cont in
 * M-mode.  An exit taken in S calls M with its own ecall (s_exit_ecall):
 * medeleg[9] is never set, so that ecall always reaches M.
 */
#define UART_BASE      0x10000000
#define UART_LSR       5
#define UART_THRE      0x20
#define TEST_DEV       0x100000
#define MSTATUS_FS     (3 << 13)
#define MSTATUS_MPP    (3 << 11)
#define MSTATUS_MPRV   (1 << 17)
#define LOG_MSTATUS_MASK 0x7e79aa   /* SIE MIE SPIE MPIE SPP MPP FS MPRV SUM MXR TVM TW TSR */
#define LOG_SSTATUS_MASK 0x0c6122   /* SIE SPIE SPP FS SUM MXR */
#define TRAP_LIMIT     3000
#define LOG_BYTES      (256 * 1024)

/* Store x1..x31 at \base, which must be x31; x31's own value is taken
 * from mscratch (the caller put it there). */
.macro SAVE_X base
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
    sd x\r, (\r - 1) * 8(\base)
    .endr
    csrr x30, mscratch
    sd x30, 30 * 8(\base)
.endm

    .section .text.init, "ax", @progbits
    .option norvc
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, park
#if DIFF_PRIV
    la t0, mtrap_priv
    csrw mtvec, t0
    la t0, strap_priv
    csrw stvec, t0
#else
    la t0, mtrap_user
    csrw mtvec, t0
    csrw stvec, t0
#endif
    csrw mie, zero
    csrw mideleg, zero
    csrw medeleg, zero
    csrw satp, zero
    li t0, -1                   /* PMP entry 0: all memory, RWX, for S and U */
    csrw pmpaddr0, t0
    li t0, 0x1f                 /* NAPOT | X | W | R */
    csrw pmpcfg0, t0
    li t0, (1 << 13)            /* FS = Initial, everything else 0 */
    csrw mstatus, t0
    la t0, log_buf
    la t1, log_ptr
    sd t0, 0(t1)

    la x31, init_f
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld f\r, \r * 8(x31)
    .endr
    la x31, init_fcsr
    ld x30, 0(x31)
    fscsr x30
    la x31, init_x
    .irp r, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
    ld x\r, (\r - 1) * 8(x31)
    .endr
    ld x31, 30 * 8(x31)
    j seq_start

park:
    wfi
    j park

/* The generated code ends here, in M-mode. */
    .globl seq_end
seq_end:
    csrw mscratch, x31
    la x31, final_x
    SAVE_X x31
    j finish

#if !DIFF_PRIV
/* User programs must not trap: save the state where it happened, log the
 * trap and end. */
    .align 2
mtrap_user:
    csrw mscratch, x31
    la x31, final_x
    SAVE_X x31
    la t1, log_ptr
    ld t1, 0(t1)
    li t2, 1
    sd t2, 0(t1)
    csrr t2, mcause
    sd t2, 8(t1)
    csrr t2, mepc
    sd t2, 16(t1)
    csrr t2, mtval
    sd t2, 24(t1)
    csrr t2, mstatus
    li t3, LOG_MSTATUS_MASK
    and t2, t2, t3
    sd t2, 32(t1)
    csrr t2, mepc
    lwu t2, 0(t2)
    sd t2, 40(t1)
    addi t1, t1, 48
    la t2, log_ptr
    sd t1, 0(t2)
    j finish
#else
/* ---- privileged programs: trap handlers ---- */

/* t1 = the log's write pointer, checked against the end of the log: when
 * full, the record is written to the last slot again (the count of records
 * printed stays bounded; TRAP_LIMIT keeps it from filling in practice). */
.macro LOG_PTR_T1
    la t1, log_ptr
    ld t1, 0(t1)
    la t2, log_buf + LOG_BYTES - 64 * 8
    bltu t1, t2, 101f
    mv t1, t2
101:
.endm

    .align 2
    .globl mtrap_priv
mtrap_priv:
    csrw mscratch, t0
    la t0, hsave_m
    sd t1, 0(t0)
    sd t2, 8(t0)
    sd t3, 16(t0)
    la t1, trap_count
    ld t2, 0(t1)
    addi t2, t2, 1
    sd t2, 0(t1)
    li t3, TRAP_LIMIT
    bgeu t2, t3, too_many_traps
    LOG_PTR_T1
    li t2, 1
    sd t2, 0(t1)
    csrr t2, mcause
    sd t2, 8(t1)
    csrr t2, mepc
    sd t2, 16(t1)
    csrr t2, mtval
    sd t2, 24(t1)
    csrr t2, mstatus
    li t3, LOG_MSTATUS_MASK
    and t2, t2, t3
    sd t2, 32(t1)
    sd zero, 40(t1)
    addi t1, t1, 48
    la t2, log_ptr
    sd t1, 0(t2)
    csrr t2, mcause
    li t3, 1
    beq t2, t3, m_resume_ra     /* fetch faults: no instruction to read */
    li t3, 12
    beq t2, t3, m_resume_ra
    csrr t2, mepc               /* record the instruction bits (identity-mapped) */
    lhu t3, 0(t2)
    sd t3, -8(t1)
    andi t3, t3, 3
    addi t2, t2, 2
    xori t3, t3, 3
    bnez t3, 1f
    lhu t3, 0(t2)
    slli t3, t3, 16
    ld t0, -8(t1)
    or t3, t3, t0
    sd t3, -8(t1)
    addi t2, t2, 2
1:  csrr t1, mepc
    la t0, exit_pc
    ld t0, 0(t0)
    beq t1, t0, m_exit
    la t0, s_exit_ecall
    beq t1, t0, m_exit
    csrw mepc, t2               /* step over the instruction */
m_return:
    la t0, hsave_m
    ld t1, 0(t0)
    ld t2, 8(t0)
    ld t3, 16(t0)
    csrr t0, mscratch
    mret
m_resume_ra:
    csrr t1, mepc
    la t0, exit_pc
    ld t0, 0(t0)
    beq t1, t0, m_exit
    csrw mepc, ra
    j m_return
m_exit:                         /* the episode's exit: continue in M */
    la t1, exit_cont
    ld t1, 0(t1)
    csrw mepc, t1
    li t1, MSTATUS_MPP
    csrs mstatus, t1
    li t1, MSTATUS_MPRV         /* the epilogue's stores are physical */
    csrc mstatus, t1
    j m_return

too_many_traps:
    li t1, MSTATUS_MPRV
    csrc mstatus, t1
    LOG_PTR_T1
    li t2, 9
    sd t2, 0(t1)
    addi t1, t1, 8
    la t2, log_ptr
    sd t1, 0(t2)
    la t0, hsave_m
    ld t1, 0(t0)
    ld t2, 8(t0)
    ld t3, 16(t0)
    csrr t0, mscratch
    j seq_end

    .align 2
    .globl strap_priv
strap_priv:
    csrw sscratch, t0
    la t0, hsave_s
    sd t1, 0(t0)
    sd t2, 8(t0)
    sd t3, 16(t0)
    la t1, trap_count
    ld t2, 0(t1)
    addi t2, t2, 1
    sd t2, 0(t1)
    li t3, TRAP_LIMIT
    bgeu t2, t3, s_exit
    LOG_PTR_T1
    li t2, 2
    sd t2, 0(t1)
    csrr t2, scause
    sd t2, 8(t1)
    csrr t2, sepc
    sd t2, 16(t1)
    csrr t2, stval
    sd t2, 24(t1)
    csrr t2, sstatus
    li t3, LOG_SSTATUS_MASK
    and t2, t2, t3
    sd t2, 32(t1)
    sd zero, 40(t1)
    addi t1, t1, 48
    la t2, log_ptr
    sd t1, 0(t2)
    csrr t2, scause
    li t3, 1
    beq t2, t3, s_resume_ra
    li t3, 12
    beq t2, t3, s_resume_ra
    csrr t2, sepc
    lhu t3, 0(t2)
    sd t3, -8(t1)
    andi t3, t3, 3
    addi t2, t2, 2
    xori t3, t3, 3
    bnez t3, 1f
    lhu t3, 0(t2)
    slli t3, t3, 16
    ld t0, -8(t1)
    or t3, t3, t0
    sd t3, -8(t1)
    addi t2, t2, 2
1:  csrr t1, sepc
    la t0, exit_pc
    ld t0, 0(t0)
    beq t1, t0, s_exit
    csrw sepc, t2
s_return:
    la t0, hsave_s
    ld t1, 0(t0)
    ld t2, 8(t0)
    ld t3, 16(t0)
    csrr t0, sscratch
    sret
s_resume_ra:
    csrr t1, sepc
    la t0, exit_pc
    ld t0, 0(t0)
    beq t1, t0, s_exit
    csrw sepc, ra
    j s_return
s_exit:                         /* exit (or trap limit): ask M to end the episode */
    la t0, hsave_s
    ld t1, 0(t0)
    ld t2, 8(t0)
    ld t3, 16(t0)
    csrr t0, sscratch
    .globl s_exit_ecall
s_exit_ecall:
    ecall
    j s_exit_ecall

/* End of episode n (a0): called from M-mode after SAVE_X into ep_regs.
 * Appends record 3.  Clobbers t0-t3, a0; leaves FS on. */
    .globl log_episode
log_episode:
    LOG_PTR_T1
    li t2, 3
    sd t2, 0(t1)
    sd a0, 8(t1)
    la t0, ep_regs
    li t3, 0
1:  add t2, t0, t3
    ld t2, 0(t2)
    add a0, t1, t3
    sd t2, 16(a0)
    addi t3, t3, 8
    li t2, 31 * 8
    bltu t3, t2, 1b
    csrr t2, mstatus
    li t3, LOG_MSTATUS_MASK
    and t2, t2, t3
    sd t2, 33 * 8(t1)
    li t2, MSTATUS_FS
    csrs mstatus, t2
    frcsr t2
    sd t2, 34 * 8(t1)
    addi t1, t1, 35 * 8
    la t2, log_ptr
    sd t1, 0(t2)
    ret

/* Record 4 for episode a0: a2 PTEs from the table of addresses at a1.
 * Clobbers t0-t3, a0-a2. */
    .globl log_ptes
log_ptes:
    LOG_PTR_T1
    li t2, 4
    sd t2, 0(t1)
    sd a0, 8(t1)
    sd a2, 16(t1)
    addi t1, t1, 24
1:  beqz a2, 2f
    ld t2, 0(a1)
    ld t2, 0(t2)
    sd t2, 0(t1)
    addi t1, t1, 8
    addi a1, a1, 8
    addi a2, a2, -1
    j 1b
2:  la t2, log_ptr
    sd t1, 0(t2)
    ret
#endif

/* ---- the end: save FP state, checksum memory, print everything ---- */
finish:
    csrw satp, zero
    csrr t0, mstatus
    li t1, LOG_MSTATUS_MASK
    and t0, t0, t1
    la t1, final_mstatus
    sd t0, 0(t1)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    li t0, MSTATUS_FS
    csrs mstatus, t0
    la t0, final_f
    .irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd f\r, \r * 8(t0)
    .endr
    frcsr t1
    la t0, final_fcsr
    sd t1, 0(t0)

    la a0, str_begin
    call print_str
    la a0, str_x
    call print_str
    la a0, final_x
    li a1, 31
    call print_words
    la a0, str_f
    call print_str
    la a0, final_f
    li a1, 32
    call print_words
    la a0, str_fcsr
    call print_str
    la a0, final_fcsr
    li a1, 1
    call print_words
    la a0, str_mstatus
    call print_str
    la a0, final_mstatus
    li a1, 1
    call print_words

    la a0, str_hash
    call print_str
    la s0, hash_table
    la s1, hash_count
    ld s1, 0(s1)
1:  beqz s1, 2f
    ld a0, 0(s0)
    ld a1, 8(s0)
    call hash_mem
    call print_hex
    addi s0, s0, 16
    addi s1, s1, -1
    j 1b
2:
    la a0, str_csr
    call print_str
    la a0, csr_out
    la a1, csr_count
    ld a1, 0(a1)
    call print_words

    la a0, str_log
    call print_str
    la a0, log_buf
    la a1, log_ptr
    ld a1, 0(a1)
    sub a1, a1, a0
    srli a1, a1, 3
    call print_words
    la a0, str_end
    call print_str

    li t0, TEST_DEV
    li t1, 0x5555
    sw t1, 0(t0)
3:  j 3b

/* a0 = FNV-1a style hash of a1 bytes (a multiple of 8) at a0, by dwords. */
hash_mem:
    li t0, 0xcbf29ce484222325
    li t1, 0x100000001b3
1:  beqz a1, 2f
    ld t2, 0(a0)
    xor t0, t0, t2
    mul t0, t0, t1
    addi a0, a0, 8
    addi a1, a1, -8
    j 1b
2:  mv a0, t0
    ret

/* Print a1 dwords from a0, one hex number a line.  Clobbers t0-t3, a0-a3, s2-s4. */
print_words:
    mv s2, a0
    mv s3, a1
    mv s4, ra
1:  beqz s3, 2f
    ld a0, 0(s2)
    call print_hex
    addi s2, s2, 8
    addi s3, s3, -1
    j 1b
2:  mv ra, s4
    ret

/* Print a0 as 16 hex digits and a newline.  Clobbers t0-t3, a0. */
print_hex:
    mv t3, a0
    li t2, 60
1:  srl a0, t3, t2
    andi a0, a0, 15
    addi a0, a0, '0'
    li t0, '9'
    ble a0, t0, 2f
    addi a0, a0, 'a' - '0' - 10
2:  li t0, UART_BASE
3:  lbu t1, UART_LSR(t0)
    andi t1, t1, UART_THRE
    beqz t1, 3b
    sb a0, 0(t0)
    addi t2, t2, -4
    bgez t2, 1b
    li a0, '\n'
    j print_char

/* Print the NUL-terminated string at a0.  Clobbers t0, t1, a0, a1. */
print_str:
    mv a1, a0
1:  lbu a0, 0(a1)
    beqz a0, 3f
    li t0, UART_BASE
2:  lbu t1, UART_LSR(t0)
    andi t1, t1, UART_THRE
    beqz t1, 2b
    sb a0, 0(t0)
    addi a1, a1, 1
    j 1b
3:  ret

/* Print the character a0.  Clobbers t0, t1. */
print_char:
    li t0, UART_BASE
1:  lbu t1, UART_LSR(t0)
    andi t1, t1, UART_THRE
    beqz t1, 1b
    sb a0, 0(t0)
    ret
    .option rvc

    .section .rodata
str_begin:   .string "BEGIN\n"
str_x:       .string "#x\n"
str_f:       .string "#f\n"
str_fcsr:    .string "#fcsr\n"
str_mstatus: .string "#mstatus\n"
str_hash:    .string "#hash\n"
str_csr:     .string "#csr\n"
str_log:     .string "#log\n"
str_end:     .string "END\n"

    .data
    .align 3
    .globl exit_pc, exit_cont, ep_regs, log_ptr
final_x:       .space 31 * 8
final_f:       .space 32 * 8
final_fcsr:    .dword 0
final_mstatus: .dword 0
log_ptr:       .dword 0
trap_count:    .dword 0
exit_pc:       .dword 0
exit_cont:     .dword 0
hsave_m:       .space 4 * 8
hsave_s:       .space 4 * 8
ep_regs:       .space 31 * 8

    .bss
    .align 3
log_buf:       .space LOG_BYTES
