/*
 * bootrom.S - the reset vector at 0x1000, as on QEMU virt. Every hart
 * starts here in M-mode and jumps to the firmware or kernel entry with
 *   a0 = mhartid, a1 = device tree address, a2 = fw_dynamic info
 * (OpenSBI's fw_dynamic reads a2; everything else ignores it).
 * The emulator fills in the words after the code before the first fetch;
 * their offsets are fixed (BOOTROM_* in emu/bootrom.h).
 */
    .option norvc
    .section .text
    .globl _start
_start:
    auipc   t0, 0
    csrr    a0, mhartid
    ld      a1, 32(t0)          /* fdt address   */
    addi    a2, t0, 40          /* fw_dynamic_info */
    ld      t0, 24(t0)          /* entry         */
    jr      t0
entry:      .dword 0            /* offset 24 */
fdt:        .dword 0            /* offset 32 */
/* struct fw_dynamic_info (OpenSBI include/sbi/fw_dynamic.h layout) at 40 */
fw_magic:   .dword 0            /* 0x4942534f, "OSBI" */
fw_version: .dword 0
fw_next:    .dword 0            /* where OpenSBI jumps next */
fw_mode:    .dword 0            /* 1 = S-mode */
fw_options: .dword 0
fw_boothart:.dword 0
