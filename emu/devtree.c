/*
 * devtree.c - device tree generation with libfdt's sequential-write API.
 * Node names, compatibles, and interrupt wiring follow QEMU's virt machine
 * (compare: qemu-system-riscv64 -machine virt,dumpdtb=virt.dtb), because
 * OpenSBI, U-Boot and Linux find every device through it.
 */
#include "devtree.h"

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "board.h"
#include "timebase.h"

#define FDT_MAX_SIZE (64 * 1024)
#define PHANDLE_PLIC 1
#define PHANDLE_TEST 2
#define PHANDLE_CPU_INTC(h) (16 + (h))

/* reg = <base size> with #address-cells = #size-cells = 2. */
static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
    fdt64_t cells[2] = { cpu_to_fdt64(base), cpu_to_fdt64(size) };
    return fdt_property(fdt, "reg", cells, sizeof(cells));
}

static int add_cpus(void *fdt, const struct fdt_config *cfg)
{
    int err = fdt_begin_node(fdt, "cpus");
    err |= fdt_property_u32(fdt, "#address-cells", 1);
    err |= fdt_property_u32(fdt, "#size-cells", 0);
    err |= fdt_property_u32(fdt, "timebase-frequency", (uint32_t)TIMEBASE_HZ);
    for (unsigned h = 0; h < cfg->nharts; h++) {
        char name[32];
        snprintf(name, sizeof(name), "cpu@%u", h);
        err |= fdt_begin_node(fdt, name);
        err |= fdt_property_string(fdt, "device_type", "cpu");
        err |= fdt_property_u32(fdt, "reg", h);
        err |= fdt_property_string(fdt, "status", "okay");
        err |= fdt_property_string(fdt, "compatible", "riscv");
        err |= fdt_property_string(fdt, "riscv,isa", cfg->isa);
        err |= fdt_property_string(fdt, "mmu-type", cfg->mmu_type);
        err |= fdt_begin_node(fdt, "interrupt-controller");
        err |= fdt_property_u32(fdt, "#interrupt-cells", 1);
        err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
        err |= fdt_property_string(fdt, "compatible", "riscv,cpu-intc");
        err |= fdt_property_u32(fdt, "phandle", PHANDLE_CPU_INTC(h));
        err |= fdt_end_node(fdt);
        err |= fdt_end_node(fdt);
    }
    return err | fdt_end_node(fdt);
}

/* interrupts-extended = <intc irq intc irq ...>, two entries per hart. */
static int prop_ints_ext(void *fdt, unsigned nharts, uint32_t irq_a, uint32_t irq_b)
{
    fdt32_t cells[4 * BOARD_MAX_HARTS];
    for (unsigned h = 0; h < nharts; h++) {
        cells[4 * h + 0] = cpu_to_fdt32(PHANDLE_CPU_INTC(h));
        cells[4 * h + 1] = cpu_to_fdt32(irq_a);
        cells[4 * h + 2] = cpu_to_fdt32(PHANDLE_CPU_INTC(h));
        cells[4 * h + 3] = cpu_to_fdt32(irq_b);
    }
    return fdt_property(fdt, "interrupts-extended", cells, 16 * nharts);
}

static int add_device(void *fdt, const char *name, uint64_t base, uint64_t size,
                      const char *compat, size_t compat_len, int irq)
{
    char node[64];
    snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)base);
    int err = fdt_begin_node(fdt, node);
    err |= fdt_property(fdt, "compatible", compat, (int)compat_len);
    err |= prop_reg(fdt, base, size);
    if (irq >= 0) {
        err |= fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC);
        err |= fdt_property_u32(fdt, "interrupts", (uint32_t)irq);
    }
    return err;
}

static int add_soc(void *fdt, const struct fdt_config *cfg)
{
    static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
    static const char uart_compat[] = "ns16550a";
    static const char virtio_compat[] = "virtio,mmio";
    static const char trace_compat[] = "rvemu,trace";

    int err = fdt_begin_node(fdt, "soc");
    err |= fdt_property_u32(fdt, "#address-cells", 2);
    err |= fdt_property_u32(fdt, "#size-cells", 2);
    err |= fdt_property_string(fdt, "compatible", "simple-bus");
    err |= fdt_property(fdt, "ranges", NULL, 0);

    err |= add_device(fdt, "test", BOARD_TEST_BASE, BOARD_TEST_SIZE, test_compat,
                      sizeof(test_compat), -1);
    err |= fdt_property_u32(fdt, "phandle", PHANDLE_TEST);
    err |= fdt_end_node(fdt);

    err |= add_device(fdt, "serial", BOARD_UART0_BASE, BOARD_UART0_SIZE, uart_compat,
                      sizeof(uart_compat), BOARD_UART0_IRQ);
    err |= fdt_property_u32(fdt, "clock-frequency", BOARD_UART0_CLOCK);
    err |= fdt_end_node(fdt);

    for (unsigned n = cfg->virtio_slots; n-- > 0;) {
        err |= add_device(fdt, "virtio_mmio", BOARD_VIRTIO_BASE + n * BOARD_VIRTIO_SIZE,
                          BOARD_VIRTIO_SIZE, virtio_compat, sizeof(virtio_compat),
                          (int)(BOARD_VIRTIO_IRQ + n));
        err |= fdt_end_node(fdt);
    }
    if (cfg->trace_base) {
        err |= add_device(fdt, "trace", cfg->trace_base, BOARD_TRACE_SIZE, trace_compat,
                          sizeof(trace_compat), -1);
        err |= fdt_end_node(fdt);
    }

    err |= add_device(fdt, "plic", BOARD_PLIC_BASE, BOARD_PLIC_SIZE, plic_compat,
                      sizeof(plic_compat), -1);
    err |= fdt_property_u32(fdt, "phandle", PHANDLE_PLIC);
    err |= fdt_property_u32(fdt, "riscv,ndev", BOARD_PLIC_NDEV);
    err |= fdt_property(fdt, "interrupt-controller", NULL, 0);
    err |= fdt_property_u32(fdt, "#interrupt-cells", 1);
    err |= fdt_property_u32(fdt, "#address-cells", 0);
    err |= prop_ints_ext(fdt, cfg->nharts, 11, 9);      /* M external, S external */
    err |= fdt_end_node(fdt);

    err |= add_device(fdt, "clint", BOARD_CLINT_BASE, BOARD_CLINT_SIZE, clint_compat,
                      sizeof(clint_compat), -1);
    err |= prop_ints_ext(fdt, cfg->nharts, 3, 7);       /* M soft, M timer */
    err |= fdt_end_node(fdt);
    return err | fdt_end_node(fdt);
}

static int add_syscon_node(void *fdt, const char *name, const char *compat, uint32_t value)
{
    int err = fdt_begin_node(fdt, name);
    err |= fdt_property_string(fdt, "compatible", compat);
    err |= fdt_property_u32(fdt, "regmap", PHANDLE_TEST);
    err |= fdt_property_u32(fdt, "offset", 0);
    err |= fdt_property_u32(fdt, "value", value);
    return err | fdt_end_node(fdt);
}

void *fdt_build(const struct fdt_config *cfg, size_t *size)
{
    void *fdt = calloc(1, FDT_MAX_SIZE);
    if (!fdt || cfg->nharts == 0 || cfg->nharts > BOARD_MAX_HARTS)
        goto fail;
    int err = fdt_create(fdt, FDT_MAX_SIZE);
    err |= fdt_finish_reservemap(fdt);
    err |= fdt_begin_node(fdt, "");
    err |= fdt_property_u32(fdt, "#address-cells", 2);
    err |= fdt_property_u32(fdt, "#size-cells", 2);
    err |= fdt_property_string(fdt, "compatible", "riscv-virtio");
    err |= fdt_property_string(fdt, "model", "riscv-virtio,qemu");

    err |= fdt_begin_node(fdt, "chosen");
    err |= fdt_property_string(fdt, "stdout-path", "/soc/serial@10000000");
    if (cfg->bootargs)
        err |= fdt_property_string(fdt, "bootargs", cfg->bootargs);
    err |= fdt_end_node(fdt);

    char mem[32];
    snprintf(mem, sizeof(mem), "memory@%llx", (unsigned long long)cfg->ram_base);
    err |= fdt_begin_node(fdt, mem);
    err |= fdt_property_string(fdt, "device_type", "memory");
    err |= prop_reg(fdt, cfg->ram_base, cfg->ram_size);
    err |= fdt_end_node(fdt);

    err |= add_cpus(fdt, cfg);
    err |= add_syscon_node(fdt, "poweroff", "syscon-poweroff", 0x5555);
    err |= add_syscon_node(fdt, "reboot", "syscon-reboot", 0x7777);
    err |= add_soc(fdt, cfg);
    err |= fdt_end_node(fdt);
    err |= fdt_finish(fdt);
    if (err)
        goto fail;
    *size = fdt_totalsize(fdt);
    return fdt;
fail:
    free(fdt);
    return NULL;
}
