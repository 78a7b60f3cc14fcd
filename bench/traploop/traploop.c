/*
 * traploop.c - trap round-trip benchmark: a user loop makes N ecalls; each
 * one goes user -> trampoline -> kernel C -> trampoline -> user, exactly as
 * in xv6 (kernel/trap.c usertrap()/usertrapret(), kernel/trampoline.S).
 *
 * Two builds:
 *   traploop-switch (TRAPLOOP_SWITCH_SATP=1): user and kernel have their own
 *     Sv39 page tables; every trap writes satp twice with sfence.vma around
 *     each write, so the TLB starts cold on both sides of every round trip.
 *   traploop-plain (TRAPLOOP_SWITCH_SATP=0): one page table holds both, the
 *     trampoline makes no satp write: the bare cost of an ecall round trip.
 * The difference between the two is what an address-space switch costs.
 *
 * M-mode (bench_main) builds the tables, delegates user ecalls to S and
 * mret's into kmain(); everything else that traps reaches M and fails.
 *
 * Exit code: 0 pass; 1 the user saw a wrong count; 2 the user lost a
 * register; 3 the kernel's count is wrong; 4 unknown system call;
 * 5 unexpected trap into the S-mode kernel.
 */
#include "traploop.h"

#ifndef TRAPLOOP_N
#ifdef BENCH_SMALL
#define TRAPLOOP_N 10000
#else
#define TRAPLOOP_N 1000000
#endif
#endif
_Static_assert(TRAPLOOP_N >= 1, "the user loop makes at least one call");

#ifndef TRAPLOOP_SWITCH_SATP
#error "build with -DTRAPLOOP_SWITCH_SATP=0 or 1"
#endif

enum traploop_fail {
    FAIL_KERNEL_COUNT = 3,
    FAIL_SYSCALL = 4,
    FAIL_KERNEL_TRAP = 5,
};

#define KSTACK_SIZE (4 * PAGE_SIZE)

/* Pages that get mapped on their own: one object per page. */
static union {
    struct trapframe tf;
    uint8_t page[PAGE_SIZE];
} trapframe_page __attribute__((aligned(PAGE_SIZE)));
static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t kernel_stack[KSTACK_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* The one process. */
static struct {
    uint64_t user_satp;   /* its page table */
    uint64_t trap_count;  /* SYS_INC calls served */
} proc;

void kmain(void);
void usertrap(void);
static void usertrapret(void) __attribute__((noreturn));

static struct trapframe *const tf = &trapframe_page.tf;

/* stvec while in the kernel (xv6 kernelvec). No S-mode trap is expected:
 * only user ecalls are delegated. */
static void __attribute__((interrupt("supervisor"), aligned(4))) kernelvec(void)
{
    bench_puts("traploop: trap in the kernel\n");
    bench_exit(FAIL_KERNEL_TRAP);
}

static __attribute__((noreturn)) void sys_exit(uint64_t status)
{
    bench_puts(TRAPLOOP_SWITCH_SATP ? "traploop: satp switch, round trips="
                                    : "traploop: plain, round trips=");
    bench_putdec(proc.trap_count);
    bench_puts(status ? " FAIL user status " : " ");
    if (status) {
        bench_putdec(status);
        bench_putc('\n');
        bench_exit((int)status);
    }
    if (proc.trap_count != TRAPLOOP_N) {
        bench_puts("FAIL kernel count\n");
        bench_exit(FAIL_KERNEL_COUNT);
    }
    bench_puts("PASS\n");
    bench_exit(0);
}

static void syscall(void)
{
    switch (tf->a7) {
    case SYS_INC:
        tf->a0 = ++proc.trap_count;
        break;
    case SYS_EXIT:
        sys_exit(tf->a0);
    default:
        bench_puts("traploop: unknown system call\n");
        bench_exit(FAIL_SYSCALL);
    }
}

/* Entered from uservec on the kernel stack (and, with the switch, on the
 * kernel page table). Does not return: ends in usertrapret(). */
void usertrap(void)
{
    if (csr_read(sstatus) & MSTATUS_SPP) {
        bench_puts("traploop: usertrap: not from user mode\n");
        bench_exit(FAIL_KERNEL_TRAP);
    }
    csr_write(stvec, (uint64_t)kernelvec);
    tf->epc = csr_read(sepc);
    if (csr_read(scause) != CAUSE_USER_ECALL) {
        bench_puts("traploop: usertrap: unexpected scause\n");
        bench_exit(FAIL_KERNEL_TRAP);
    }
    tf->epc += 4; /* return past the ecall */
    syscall();
    usertrapret();
}

static void usertrapret(void)
{
    uint64_t hartid;

    /* Interrupts stay off until sret (none are enabled in this program). */
    csr_clear(sstatus, MSTATUS_SIE);
    csr_write(stvec, TRAMPOLINE + (uint64_t)(uservec - trampoline));

    /* What uservec needs next time. */
    __asm__ volatile("mv %0, tp" : "=r"(hartid));
    tf->kernel_satp = csr_read(satp);
    tf->kernel_sp = (uint64_t)kernel_stack + KSTACK_SIZE;
    tf->kernel_trap = (uint64_t)usertrap;
    tf->kernel_hartid = hartid;

    /* sret to user mode, interrupts on there. */
    uint64_t x = csr_read(sstatus);
    x &= ~MSTATUS_SPP;
    x |= MSTATUS_SPIE;
    csr_write(sstatus, x);
    csr_write(sepc, tf->epc);

    void (*ret)(uint64_t) = (void (*)(uint64_t))(TRAMPOLINE + (uint64_t)(userret - trampoline));
    ret(proc.user_satp);
    __builtin_unreachable();
}

/* S-mode entry: start the one process (xv6 userinit + forkret). */
void kmain(void)
{
    tf->epc = USER_TEXT;
    tf->sp = USER_STACK + PAGE_SIZE;
    tf->a0 = TRAPLOOP_N;
    __asm__ volatile("mv tp, zero");
    usertrapret();
}

/* Maps what the kernel itself needs: the image 1:1, the UART, and the
 * trampoline at the top (xv6 kvmmake). */
static void map_kernel(uint64_t *root)
{
    vm_map(root, DRAM_BASE, DRAM_BASE, (uint64_t)(__image_end - __image_start),
           PTE_R | PTE_W | PTE_X);
    vm_map(root, UART0_BASE, UART0_BASE, PAGE_SIZE, PTE_R | PTE_W);
    vm_map(root, TRAMPOLINE, (uint64_t)trampoline, PAGE_SIZE, PTE_R | PTE_X);
}

/* Maps the process: its text and stack, and its trapframe and the
 * trampoline at the top, both kernel-only (xv6 proc_pagetable). */
static void map_user(uint64_t *root)
{
    vm_map(root, USER_TEXT, (uint64_t)user_main, PAGE_SIZE, PTE_R | PTE_X | PTE_U);
    vm_map(root, USER_STACK, (uint64_t)user_stack, PAGE_SIZE, PTE_R | PTE_W | PTE_U);
    vm_map(root, TRAPFRAME, (uint64_t)tf, PAGE_SIZE, PTE_R | PTE_W);
}

int bench_main(void)
{
    uint64_t *kernel = vm_new_table(), *user;

    map_kernel(kernel);
    if (TRAPLOOP_SWITCH_SATP) {
        user = vm_new_table();
        vm_map(user, TRAMPOLINE, (uint64_t)trampoline, PAGE_SIZE, PTE_R | PTE_X);
    } else {
        user = kernel; /* one table for both */
    }
    map_user(user);
    proc.user_satp = vm_satp(user);
    vm_enter_smode(vm_satp(kernel), UL(1) << CAUSE_USER_ECALL, kmain);
}
