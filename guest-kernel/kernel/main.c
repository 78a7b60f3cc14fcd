/* main.c - the kernel proper starts here, in S-mode, on every hart
 * (start.c's mret). Hart 0 sets everything up; the others wait for it,
 * then turn on paging and interrupts for themselves. */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

static volatile int started;

void main(void)
{
    if (cpuid() == 0) {
        consoleinit();
        printfinit();
        printf("\nrvemu-xv6 kernel is booting\n");
        printf("%d hart%s, %d MiB RAM, timer: %s\n", board.ncpu, board.ncpu == 1 ? "" : "s",
               (int)((board.ram_end - board.ram_base) >> 20),
               timer_uses_sstc ? "sstc" : "clint");
        tracedev_init();    /* rvemu's trace device, if any  */
        printf("fork: copy-on-write; trace device: %s\n",
               tracedev_present() ? "rvemu,trace" : "none");
        kinit();            /* physical pages                */
        kvminit();          /* the kernel page table         */
        kvminithart();      /* paging on                     */
        procinit();         /* process table, kernel stacks  */
        trapinit();
        trapinithart();     /* kernel trap vector            */
        plicinit();         /* interrupt controller          */
        plicinithart();
        binit();            /* buffer cache                  */
        iinit();            /* inode table                   */
        fileinit();         /* file table                    */
        virtio_disk_init();
        userinit();         /* the first process             */
        __sync_synchronize();
        started = 1;
    } else {
        while (!started)
            ;
        __sync_synchronize();
        printf("hart %d starting\n", cpuid());
        kvminithart();
        trapinithart();
        plicinithart();
    }
    scheduler();
}
