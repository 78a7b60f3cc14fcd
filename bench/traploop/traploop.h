/*
 * traploop.h - address-space layout and trapframe of the trap round-trip
 * benchmark, shared by its C kernel and its assembly. The layout is xv6's
 * (kernel/memlayout.h, kernel/proc.h).
 */
#ifndef TRAPLOOP_H
#define TRAPLOOP_H

#include "bench.h"

/* One below the top of Sv39 user space, so no sign extension is needed
 * (xv6 MAXVA). */
#define MAXVA      (UL(1) << (9 + 9 + 9 + 12 - 1))
#define TRAMPOLINE (MAXVA - PAGE_SIZE) /* uservec/userret, both tables */
#define TRAPFRAME  (TRAMPOLINE - PAGE_SIZE) /* user table only */
#define USER_TEXT  UL(0)                 /* user code */
#define USER_STACK PAGE_SIZE             /* one page, sp starts at its top */

/* System calls of the user loop: a7 = number, a0 = argument/result. */
#define SYS_INC  1 /* returns the kernel's trap counter after incrementing it */
#define SYS_EXIT 2 /* a0 = status: ends the benchmark */

/* Trapframe byte offsets, as xv6's struct trapframe. */
#define TF_KERNEL_SATP   0
#define TF_KERNEL_SP     8
#define TF_KERNEL_TRAP   16
#define TF_EPC           24
#define TF_KERNEL_HARTID 32
#define TF_RA  40
#define TF_SP  48
#define TF_GP  56
#define TF_TP  64
#define TF_T0  72
#define TF_T1  80
#define TF_T2  88
#define TF_S0  96
#define TF_S1  104
#define TF_A0  112
#define TF_A1  120
#define TF_A2  128
#define TF_A3  136
#define TF_A4  144
#define TF_A5  152
#define TF_A6  160
#define TF_A7  168
#define TF_S2  176
#define TF_S3  184
#define TF_S4  192
#define TF_S5  200
#define TF_S6  208
#define TF_S7  216
#define TF_S8  224
#define TF_S9  232
#define TF_S10 240
#define TF_S11 248
#define TF_T3  256
#define TF_T4  264
#define TF_T5  272
#define TF_T6  280

/* Values the user loop keeps in s2..s5 for the whole run and checks at the
 * end: a trap path that loses a register shows up as exit status 2. */
#define USER_CANARY_S2 0x5a5a5a5a
#define USER_CANARY_S3 (-0x12345679)
#define USER_CANARY_S4 0x7e57ab1e
#define USER_CANARY_S5 (-2)

#ifndef __ASSEMBLER__
struct trapframe {
    /*   0 */ uint64_t kernel_satp;   /* kernel page table */
    /*   8 */ uint64_t kernel_sp;     /* top of the kernel stack */
    /*  16 */ uint64_t kernel_trap;   /* usertrap() */
    /*  24 */ uint64_t epc;           /* saved user pc */
    /*  32 */ uint64_t kernel_hartid; /* saved kernel tp */
    /*  40 */ uint64_t ra, sp, gp, tp, t0, t1, t2, s0, s1;
    /* 112 */ uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
    /* 176 */ uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
    /* 256 */ uint64_t t3, t4, t5, t6;
};
_Static_assert(__builtin_offsetof(struct trapframe, a0) == TF_A0, "trapframe layout");
_Static_assert(__builtin_offsetof(struct trapframe, t6) == TF_T6, "trapframe layout");

/* trampoline.S, user.S */
extern char trampoline[], uservec[], userret[];
extern char user_main[];
#endif

#endif /* TRAPLOOP_H */
