/*
 * machine.c - building the machine and running it.
 *
 * Harts run in a fixed order in one host thread, each for a slice of
 * SLICE_INSNS instructions, so a run is deterministic: the same program and
 * input give the same instruction stream. Time (mtime) advances with the
 * slices; when every hart waits in wfi it jumps to the next timer deadline.
 */
#include "machine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "bootrom.h"
#include "clint.h"
#include "console.h"
#include "cow_check.h"
#include "cow_infer.h"
#include "dcache.h"
#include "devtree.h"
#include "errmsg.h"
#include "gdbstub.h"
#include "insn_trace.h"
#include "loader.h"
#include "pagestate.h"
#include "plic.h"
#include "rom.h"
#include "testdev.h"
#include "tracedev.h"
#include "trace_sinks.h"
#include "trace_sources.h"
#include "uart16550.h"
#include "virtio_blk.h"
#include "virtio_none.h"
#include "window.h"

/* Short enough that spinning harts hand over quickly (COMPAT-NOTES: a few
 * thousand at most), long enough to keep the loop's overhead small. */
#define SLICE_INSNS 1024

#ifndef RVEMU_NO_BOOTROM
#include "bootrom_image.h"
#endif

#define RVEMU_ISA "rv64imafdc_zicsr_zifencei_zicntr_sstc"
#define FDT_ALIGN (2ULL << 20)   /* QEMU puts the DTB 2 MiB-aligned at the top */
#define CONSOLE_POLL_ROUNDS 15   /* poll stdin every 16 rounds (~16K instructions) */
#define KERNEL_PAYLOAD_OFFSET 0x200000ULL  /* OpenSBI fw_jump's next stage */

void machine_request_exit(struct machine *m, int code)
{
    if (m->exit_reason == EXIT_NONE) {
        m->exit_reason = EXIT_GUEST;
        m->exit_code = code;
    }
    for (unsigned k = 0; k < m->nharts; k++)
        m->harts[k].end_slice = true;
}

/* --- bus callbacks ------------------------------------------------------ */

static void ram_written(void *ctx, uint64_t pa, uint64_t len)
{
    struct machine *m = ctx;
    uint8_t flags = bus_page_flags(m->bus, pa);
    if (flags & PGF_CODE)
        dcache_invalidate(m->dcache, pa);
    if (flags & PGF_RESV) {
        /* Break every reservation whose granule the store touches. */
        bool still = false;
        for (unsigned k = 0; k < m->nharts; k++) {
            struct hart *h = &m->harts[k];
            if (h->resv_pa == RESV_NONE)
                continue;
            if (h->resv_pa < pa + len && pa < h->resv_pa + h->resv_size)
                h->resv_pa = RESV_NONE;
            else if ((h->resv_pa ^ pa) < PAGE_SIZE)
                still = true;
        }
        if (!still)
            bus_clear_page_flag(m->bus, pa, PGF_RESV);
    }
    if ((flags & PGF_PTE_WATCH) && m->cow_infer)
        cow_infer_written(m->cow_infer, pa, len);
    if ((flags & PGF_CHECK) && m->cow_check)
        cow_check_store(m->cow_check, pa, len);
    if (flags & PGF_WATCH)
        htif_written(m, pa, len);
}

static void flags_changed(void *ctx, uint64_t pa_page)
{
    struct machine *m = ctx;
    bool loads = (bus_page_flags(m->bus, pa_page) & PGF_READ_WATCH) != 0;
    for (unsigned k = 0; k < m->nharts; k++)
        tlb_flush_pa_data(&m->harts[k].tlb, pa_page, loads);
}

static void dcache_dropped(void *ctx)
{
    struct machine *m = ctx;
    for (unsigned k = 0; k < m->nharts; k++)
        tlb_flush_fetch(&m->harts[k].tlb);
}

static void hart_took_reservation(struct hart *h, uint64_t pa)
{
    bus_set_page_flag(h->bus, pa, PGF_RESV);
}

/* --- device wiring ------------------------------------------------------ */

static void set_hart_line(void *ctx, unsigned n, bool level)
{
    struct hart *h = ctx;
    hart_set_irq(h, 1ULL << n, level);
}

static void testdev_event(void *ctx, enum testdev_event ev, unsigned code)
{
    struct machine *m = ctx;
    switch (ev) {
    case TESTDEV_PASS:  machine_request_exit(m, 0); break;
    case TESTDEV_FAIL:  machine_request_exit(m, code ? (int)code : 1); break;
    case TESTDEV_RESET:
        m->reset_requested = true;
        for (unsigned k = 0; k < m->nharts; k++)
            m->harts[k].end_slice = true;
        break;
    }
}

/* Move waiting input into the UART receiver, as far as it has room: the
 * script's when there is one (it owns the input; stdin is not read),
 * else whatever stdin has. */
static void feed_uart(struct machine *m)
{
    uint8_t buf[64];
    unsigned room = uart_rx_space(m->uart);
    size_t max = room < sizeof(buf) ? room : sizeof(buf);
    size_t n;
    if (script_active(&m->cfg.script)) {
        n = script_input(&m->cfg.script, buf, max);
    } else if (m->conlog.replay) {
        n = conlog_replay(&m->conlog, machine_now(m), buf, max);
    } else {
        n = console_read(&m->console, buf, max);
        /* Keys typed into the window take the same path as stdin's. */
        if (m->window)
            n += window_read_input(m->window, buf + n, max - n);
        conlog_record(&m->conlog, machine_now(m), buf, n);
    }
    for (size_t k = 0; k < n; k++)
        uart_receive(m->uart, buf[k]);
}

/* UART output goes to stdout, flushed once per round. */
static void console_tx(void *ctx, uint8_t c)
{
    struct machine *m = ctx;
    putchar(c);
    m->console_dirty = true;
    if (m->window)
        window_console_byte(m->window, c);
    if (script_active(&m->cfg.script)) {
        script_output(&m->cfg.script, c);
        feed_uart(m);
        if (script_done(&m->cfg.script))
            machine_request_exit(m, 0);
    }
}

static int build_devices(struct machine *m, char *err, size_t errlen)
{
    struct irq_line soft[MACHINE_MAX_HARTS], timer[MACHINE_MAX_HARTS];
    for (unsigned k = 0; k < m->nharts; k++) {
        soft[k] = (struct irq_line){ set_hart_line, &m->harts[k], IRQ_M_SOFT };
        timer[k] = (struct irq_line){ set_hart_line, &m->harts[k], IRQ_M_TIMER };
    }
    /* PLIC context 2N is hart N's M mode, 2N+1 its S mode (QEMU). */
    struct irq_line ctx[2 * MACHINE_MAX_HARTS];
    for (unsigned k = 0; k < m->nharts; k++) {
        ctx[2 * k] = (struct irq_line){ set_hart_line, &m->harts[k], IRQ_M_EXT };
        ctx[2 * k + 1] = (struct irq_line){ set_hart_line, &m->harts[k], IRQ_S_EXT };
    }
    m->clint = clint_new(m->nharts, &m->tb, soft, timer);
    m->testdev = testdev_new(testdev_event, m);
    m->tracedev = tracedev_new(trace_kernel_event, m);
    m->plic = plic_new(m->nharts, ctx);
    if (!m->clint || !m->testdev || !m->tracedev || !m->plic)
        return fail(err, errlen, "out of memory");
    m->uart = uart_new(console_tx, m, plic_irq_line(m->plic, BOARD_UART0_IRQ));
    if (!m->uart)
        return fail(err, errlen, "out of memory");
    if (bus_map(m->bus, BOARD_CLINT_BASE, BOARD_CLINT_SIZE, clint_ops(), m->clint) ||
        bus_map(m->bus, BOARD_TEST_BASE, BOARD_TEST_SIZE, testdev_ops(), m->testdev) ||
        bus_map(m->bus, BOARD_TRACE_BASE, TRACEDEV_SIZE, tracedev_ops(), m->tracedev) ||
        plic_map(m->plic, m->bus, BOARD_PLIC_BASE, BOARD_PLIC_SIZE) ||
        uart_map(m->uart, m->bus, BOARD_UART0_BASE, BOARD_UART0_SIZE))
        return fail(err, errlen, "device map overlaps");
    return 0;
}

/* One virtio-blk per -device; a read-only image is served read-only. */
static int build_disks(struct machine *m, char *err, size_t errlen)
{
    for (unsigned slot = 0; slot < MACHINE_MAX_DRIVES; slot++) {
        int d = m->cfg.slot_drive[slot];
        uint64_t base = BOARD_VIRTIO_BASE + slot * BOARD_VIRTIO_SIZE;
        if (d < 0) {
            if (bus_map(m->bus, base, BOARD_VIRTIO_SIZE, virtio_none_ops(),
                        &m->cfg.virtio_legacy))
                return fail(err, errlen, "virtio slot %u is already mapped", slot);
            continue;
        }
        const struct drive_config *dc = &m->cfg.drives[d];
        struct irq_line irq = plic_irq_line(m->plic, BOARD_VIRTIO_IRQ + slot);
        bool ro = dc->readonly;
        int e = 0;
        /* A file marked read-only stays unwritten even when we are root,
         * who could open it for writing anyway. */
        struct stat st;
        if (!ro && !m->cfg.snapshot && dc->file && stat(dc->file, &st) == 0 &&
            S_ISREG(st.st_mode) && !(st.st_mode & 0222)) {
            fprintf(stderr, "rvemu: %s is read-only: serving it read-only, guest writes will "
                    "fail\n", dc->file);
            ro = true;
        }
        m->vblk[slot] = vblk_new(m->bus, dc->file, dc->offset, dc->length, m->cfg.virtio_legacy,
                                 m->cfg.snapshot, ro, irq, &e);
        if (!m->vblk[slot] && !ro && (e == -EACCES || e == -EROFS || e == -EPERM)) {
            fprintf(stderr, "rvemu: %s is read-only: serving it read-only, guest writes will "
                    "fail\n", dc->file);
            m->vblk[slot] = vblk_new(m->bus, dc->file, dc->offset, dc->length, m->cfg.virtio_legacy,
                                     m->cfg.snapshot, true, irq, &e);
        }
        if (!m->vblk[slot] && e == -EBUSY)
            return fail(err, errlen, "%s: the image is in use by another emulator (it holds a "
                        "lock on it); stop that one first", dc->file);
        if (!m->vblk[slot])
            return fail(err, errlen, "%s: %s", dc->file, strerror(-e));
        if (vblk_map(m->vblk[slot], m->bus, base, BOARD_VIRTIO_SIZE))
            return fail(err, errlen, "virtio slot %u is already mapped", slot);
    }
    return 0;
}

static void setup_htif(struct machine *m)
{
    uint64_t to, from;
    if (!symtab_lookup(&m->syms, "tohost", &to) || !bus_in_ram(m->bus, to, 8))
        return;
    m->has_tohost = true;
    m->tohost = to;
    m->fromhost = symtab_lookup(&m->syms, "fromhost", &from) && bus_in_ram(m->bus, from, 8)
                      ? from : 0;
    bus_set_page_flag(m->bus, to, PGF_WATCH);
}

/* What the boot ROM jumps to, and what is loaded where. */
struct boot_plan {
    uint64_t entry;            /* firmware entry, or the kernel's           */
    uint64_t next;             /* the payload after firmware (fw_dynamic)   */
    uint64_t lowest, highest;  /* RAM the images occupy                    */
};

/* Load path as ELF, or as a raw binary at raw_addr. */
static int load_image(struct machine *m, const char *path, uint64_t raw_addr,
                      struct symtab *syms, struct elf_info *info, char *err, size_t errlen)
{
    int elf = loader_is_elf(path, err, errlen);
    if (elf < 0)
        return -1;
    if (elf)
        return loader_load_elf(path, 0, 0, m->bus, syms, info, err, errlen);
    return loader_load_raw(path, raw_addr, m->bus, info, err, errlen);
}

/* -bios FILE [-kernel FILE] puts firmware at the start of RAM and the
 * payload at 2 MiB above it (where OpenSBI's fw_jump expects it); without
 * firmware the kernel runs directly. */
static int load_images(struct machine *m, struct boot_plan *plan, char *err, size_t errlen)
{
    struct elf_info fw, k;
    uint64_t base = m->bus->ram_base;
    if (!m->cfg.bios) {
        /* A plain "rvemu FILE" must be an ELF; raw payloads are only for
         * the QEMU-style -kernel. */
        int rc = m->cfg.kernel_from_qemu_option
                     ? load_image(m, m->cfg.kernel, base, &m->syms, &k, err, errlen)
                     : loader_load_elf(m->cfg.kernel, m->cfg.kernel_offset, m->cfg.kernel_length,
                                       m->bus, &m->syms, &k, err, errlen);
        if (rc)
            return -1;
        *plan = (struct boot_plan){ k.entry, k.entry, k.lowest, k.highest };
        return 0;
    }
    struct symtab fw_syms;
    symtab_init(&fw_syms);
    int rc = load_image(m, m->cfg.bios, base, &fw_syms, &fw, err, errlen);
    symtab_free(&fw_syms);
    if (rc)
        return -1;
    *plan = (struct boot_plan){ fw.entry, 0, fw.lowest, fw.highest };
    if (m->cfg.kernel) {
        if (load_image(m, m->cfg.kernel, base + KERNEL_PAYLOAD_OFFSET, &m->syms, &k, err, errlen))
            return -1;
        if (k.lowest < fw.highest && fw.lowest < k.highest)
            return fail(err, errlen, "%s overlaps the firmware %s in RAM", m->cfg.kernel,
                        m->cfg.bios);
        plan->next = k.entry;
        if (k.lowest < plan->lowest)
            plan->lowest = k.lowest;
        if (k.highest > plan->highest)
            plan->highest = k.highest;
    }
    return 0;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (unsigned k = 0; k < 8; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

/* Place the device tree at the top of RAM and build the boot ROM that
 * jumps to entry with a0/a1/a2 set, as QEMU's virt does. */
static int setup_boot(struct machine *m, const struct boot_plan *info, char *err, size_t errlen)
{
    struct fdt_config fc = {
        .nharts = m->nharts, .ram_base = m->bus->ram_base, .ram_size = m->bus->ram_size,
        .isa = RVEMU_ISA, .mmu_type = "riscv,sv48", .bootargs = m->cfg.append,
        .virtio_slots = BOARD_VIRTIO_SLOTS, .trace_base = BOARD_TRACE_BASE,
    };
    size_t fdt_size;
    void *fdt = fdt_build(&fc, &fdt_size);
    if (!fdt)
        return fail(err, errlen, "cannot build the device tree");
    uint64_t top = m->bus->ram_base + m->bus->ram_size;
    uint64_t at = (top - fdt_size) & ~(FDT_ALIGN - 1);
    if (at < m->bus->ram_base)
        at = (top - fdt_size) & ~7ULL;
    uint8_t *dst = bus_ram_ptr(m->bus, at, fdt_size);
    /* Never overwrite what the ELF loaded: without room, a1 = 0. */
    if (dst && (at + fdt_size <= info->lowest || at >= info->highest)) {
        memcpy(dst, fdt, fdt_size);
        m->fdt_addr = at;
        m->fdt_blob = fdt;           /* kept to restore it on reboot */
        m->fdt_size = fdt_size;
    } else {
        free(fdt);
    }
    uint64_t entry = info->entry;
#ifndef RVEMU_NO_BOOTROM
    uint8_t image[sizeof(bootrom_image)];
    memcpy(image, bootrom_image, sizeof(image));
    put64(image + BOOTROM_ENTRY, entry);
    put64(image + BOOTROM_FDT, m->fdt_addr);
    put64(image + BOOTROM_FW_INFO, FW_DYNAMIC_MAGIC);
    put64(image + BOOTROM_FW_INFO + 8, FW_DYNAMIC_VERSION);
    put64(image + BOOTROM_FW_INFO + 16, info->next);
    put64(image + BOOTROM_FW_INFO + 24, FW_DYNAMIC_NEXT_MODE_S);
    m->rom = rom_new(image, sizeof(image), BOARD_ROM_SIZE);
    if (!m->rom || bus_map(m->bus, BOARD_ROM_BASE, BOARD_ROM_SIZE, rom_ops(), m->rom))
        return fail(err, errlen, "cannot map the boot ROM");
#else
    (void)put64;
    (void)entry;
#endif
    return 0;
}

/* Every hart at its reset state, about to run the boot ROM. */
static void reset_harts(struct machine *m)
{
    for (unsigned k = 0; k < m->nharts; k++) {
        struct hart *h = &m->harts[k];
        hart_init(h, k, m->bus, m->dcache, &m->tb, m->reset_pc);
        h->x[10] = k;                        /* a0 = hartid, as the boot ROM does */
        h->x[11] = m->fdt_addr;              /* a1 = device tree                   */
        h->resv_hook = hart_took_reservation;
        if (m->cfg.trace.insn)
            insn_trace_enable(h, &m->syms);
    }
    trace_sources_attach(m);
    debug_harts_reset(m);
}

/* The test device's 0x7777: reload the images and device tree, reset the
 * devices and the harts, as QEMU's system reset does. RAM is otherwise
 * kept; disk contents (and a snapshot's writes) survive. */
static int machine_reset(struct machine *m, char *err, size_t errlen)
{
    struct boot_plan plan;
    symtab_free(&m->syms);
    symtab_init(&m->syms);
    if (load_images(m, &plan, err, errlen) != 0)
        return -1;
    uint8_t *dst = m->fdt_blob ? bus_ram_ptr(m->bus, m->fdt_addr, m->fdt_size) : NULL;
    if (dst) {
        memcpy(dst, m->fdt_blob, m->fdt_size);
        bus_ram_written(m->bus, m->fdt_addr, m->fdt_size);
    }
    uart_reset(m->uart);
    plic_reset(m->plic);
    clint_reset(m->clint);
    tracedev_reset(m->tracedev);
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        if (m->vblk[k])
            vblk_reset(m->vblk[k]);
    reset_harts(m);
    setup_htif(m);
    m->reset_requested = false;
    return 0;
}

/* The sinks the command line asked for: a writer (text on stderr, or
 * the file's format) and the summary at exit. */
static int setup_trace(struct machine *m, char *err, size_t errlen)
{
    trace_init(&m->trace);
    /* Page states first, so that every later sink sees them updated:
     * the monitor's page, the window and --pagemap-png read them. */
    if ((m->cfg.debugger || m->cfg.display_sdl || m->cfg.pagemap_png) &&
        !(m->pages = pagestate_new(m)))
        return fail(err, errlen, "out of memory for page states");
    /* The checker is a sink of its own, with or without --trace. */
    if (m->cfg.check_cow && cow_check_attach(m, err, errlen) != 0)
        return -1;
    /* So is the debugger, which needs symbols: the images are loaded. */
    if (m->cfg.debugger && debug_attach(m, &m->cfg.dbg, err, errlen) != 0)
        return -1;
    const struct trace_filter *f = &m->cfg.trace;
    if (!f->kinds && !m->cfg.trace_file)
        return 0;
    struct trace_filter wf = *f;
    if (!wf.kinds)
        wf.kinds = TRACE_MASK(TR_PAGE_FAULT) | TRACE_MASK(TR_KERNEL) | TRACE_MASK(TR_COW_INFER) |
                   TRACE_MASK(TR_CHECK);
    if (!wf.kernel_events)
        wf.kernel_events = ~0u;
    FILE *out = stderr;
    enum trace_format fmt = TRACE_TEXT;
    if (m->cfg.trace_file) {
        fmt = trace_format_for_path(m->cfg.trace_file);
        out = fopen(m->cfg.trace_file, "w");
        if (!out)
            return fail(err, errlen, "--trace-file %s: %s", m->cfg.trace_file, strerror(errno));
    }
    /* --symbols: user programs' symbols, for the writer to name user
     * addresses with (it owns them). */
    struct symset *usyms = NULL;
    if (m->cfg.nsymbols &&
        !(usyms = trace_load_symbols(m->cfg.symbols, m->cfg.nsymbols, err, errlen))) {
        if (out != stderr)
            fclose(out);
        return -1;
    }
    if (trace_add_writer(&m->trace, &wf, fmt, out, &m->syms, usyms, err, errlen) != 0)
        return -1;
    /* Inference only when COW records are shown: it costs a sink and
     * page-fault/trap records. */
    if ((wf.kinds & TRACE_MASK(TR_COW_INFER)) && cow_infer_attach(m) != 0)
        return fail(err, errlen, "too many trace sinks");
    if (trace_add_summary(&m->trace, stderr) != 0)
        return fail(err, errlen, "too many trace sinks");
    return 0;
}

struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen)
{
    struct machine *m = calloc(1, sizeof(*m));
    if (!m) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->nharts = cfg->nharts;
    symtab_init(&m->syms);
    m->tb.realtime = cfg->realtime;
    m->tb.realtime_origin_ns = timebase_host_ns();
    m->bus = bus_new(MACHINE_RAM_BASE, cfg->ram_size);
    m->harts = calloc(m->nharts, sizeof(*m->harts));
    if (!m->bus || !m->harts || !(m->dcache = dcache_new(m->bus))) {
        fail(err, errlen, "cannot allocate %llu MiB of guest RAM",
             (unsigned long long)(cfg->ram_size >> 20));
        machine_free(m);
        return NULL;
    }
    m->bus->ram_written = ram_written;
    m->bus->ram_written_ctx = m;
    m->bus->flags_changed = flags_changed;
    m->bus->flags_changed_ctx = m;
    m->dcache->dropped_all = dcache_dropped;
    m->dcache->dropped_all_ctx = m;

    struct boot_plan info;
    if (load_images(m, &info, err, errlen) != 0) {
        machine_free(m);
        return NULL;
    }
    if (setup_boot(m, &info, err, errlen) != 0) {
        machine_free(m);
        return NULL;
    }
    m->reset_pc = m->rom ? BOARD_ROM_BASE : info.entry;
    const char *log = cfg->replay_file ? cfg->replay_file : cfg->record_file;
    if (log && conlog_open(&m->conlog, log, cfg->replay_file != NULL, err, errlen) != 0) {
        machine_free(m);
        return NULL;
    }
    if (setup_trace(m, err, errlen) != 0) {
        machine_free(m);
        return NULL;
    }
    reset_harts(m);
    if (build_devices(m, err, errlen) != 0 || build_disks(m, err, errlen) != 0) {
        machine_free(m);
        return NULL;
    }
    setup_htif(m);
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    trace_finish(&m->trace);
    debug_detach_all(m);
    pagestate_free(m->pages);
    free(m->cfg.script.pending);   /* the machine's copy of the script owns it */
    conlog_close(&m->conlog);
    clint_free(m->clint);
    rom_free(m->rom);
    for (unsigned k = 0; k < MACHINE_MAX_DRIVES; k++)
        vblk_free(m->vblk[k]);
    plic_free(m->plic);
    uart_free(m->uart);
    testdev_free(m->testdev);
    tracedev_free(m->tracedev);
    dcache_free(m->dcache);
    bus_free(m->bus);
    free(m->harts);
    symtab_free(&m->syms);
    free(m->fdt_blob);
    free(m);
}

/* Every hart waits: wake the earliest timer, or report that none can. */
static bool all_idle_advance(struct machine *m)
{
    uint64_t deadline = clint_next_deadline(m->clint);
    for (unsigned k = 0; k < m->nharts; k++) {
        struct hart *h = &m->harts[k];
        if ((h->menvcfg & MENVCFG_STCE) && (h->mie & MIP_STIP) && h->stimecmp < deadline)
            deadline = h->stimecmp;
    }
    if (deadline == UINT64_MAX)
        return false;
    if (m->tb.realtime)
        return true;   /* host time moves on by itself */
    timebase_advance_to(&m->tb, deadline);
    return true;
}

static bool out_of_insns(struct machine *m)
{
    if (m->cfg.max_insns && m->total_insns >= m->cfg.max_insns) {
        m->exit_reason = EXIT_MAX_INSNS;
        return true;
    }
    return false;
}

static bool out_of_time(struct machine *m)
{
    if (m->cfg.timeout > 0 &&
        (double)timebase_host_ns() / 1e9 - m->start_time >= m->cfg.timeout) {
        m->exit_reason = EXIT_TIMEOUT;
        return true;
    }
    return false;
}

/* One round: every runnable hart gets a slice. Returns false if no hart
 * could run. A debugger stop cuts the round where it happened (round.cut)
 * and the next call goes on from there, with the same budgets, so that
 * stopping never changes the schedule. */
static bool run_round(struct machine *m)
{
    struct round *r = &m->round;
    if (!r->cut)
        *r = (struct round){ .active = true };
    for (; r->next < m->nharts && m->exit_reason == EXIT_NONE; r->next++) {
        struct hart *h = &m->harts[r->next];
        if (!r->cut) {
            if (h->state == HART_WFI && hart_wakeup_pending(h))
                h->state = HART_RUNNING;
            r->used = 0;
            r->slice_start = h->instret;
        }
        r->cut = false;
        uint64_t budget = SLICE_INSNS;
        if (m->cfg.max_insns && m->cfg.max_insns - m->total_insns < budget)
            budget = m->cfg.max_insns - m->total_insns;
        m->tb.cur_instret = &h->instret;
        m->tb.cur_slice_start = r->slice_start;
        while (r->used < budget && h->state == HART_RUNNING && m->exit_reason == EXIT_NONE &&
               !debug_holds(m->debug, r->next)) {
            uint64_t lim = budget - r->used;
            if (m->debug)
                lim = debug_step_limit(m, r->next, lim);
            uint64_t n = hart_run(h, lim);
            r->used += n;
            if (m->debug) {
                debug_ran(m, r->next, n);
                if (m->debug->stop_pending) {
                    r->cut = true;
                    return true;
                }
            }
        }
        /* Time in this round counts the hart's progress, which instret
         * (the base of cur_instret) has tracked; bring the clock forward
         * by the longest slice once everyone has run. */
        uint64_t progress = h->instret - r->slice_start;
        if (progress > r->longest)
            r->longest = progress;
        m->tb.cur_instret = NULL;
        m->total_insns += r->used;
        r->ran |= r->used > 0;
    }
    r->active = false;
    m->tb.clock += r->longest;
    return r->ran;
}

static int exit_status(struct machine *m);

int machine_run(struct machine *m)
{
    m->start_time = (double)timebase_host_ns() / 1e9;
    /* A replay ignores stdin: the log is the input. */
    if (!script_active(&m->cfg.script) && !m->conlog.replay && console_open(&m->console) != 0)
        fprintf(stderr, "rvemu: cannot put the terminal in raw mode; input is line-buffered\n");
    unsigned rounds = 0;
    while (m->exit_reason == EXIT_NONE) {
        if (m->debug && m->debug->stop_pending && !debug_serve(m))
            break;
        bool ran = run_round(m);
        if (m->round.cut)
            continue;      /* the debugger takes over at the top */
        if (m->reset_requested && m->exit_reason == EXIT_NONE) {
            char err[512];
            if (machine_reset(m, err, sizeof(err)) != 0) {
                fprintf(stderr, "rvemu: reboot failed: %s\n", err);
                m->exit_reason = EXIT_GUEST;
                m->exit_code = 1;
                break;
            }
            continue;
        }
        clint_update(m->clint);
        if (m->console_dirty) {
            fflush(stdout);
            m->console_dirty = false;
        }
        if ((rounds & CONSOLE_POLL_ROUNDS) == 0 || !ran) {
            /* The window first: its keys are input for feed_uart. It
             * draws only when a frame is due (a cheap clock check). */
            if (m->window)
                window_poll(m->window);
            feed_uart(m);
            if (m->debug)
                debug_poll(m);
        }
        if (m->console.quit) {
            m->exit_reason = EXIT_QUIT;
            break;
        }
        if (!ran && m->exit_reason == EXIT_NONE && !all_idle_advance(m)) {
            m->exit_reason = EXIT_DEADLOCK;
            break;
        }
        if (m->exit_reason == EXIT_NONE && out_of_insns(m))
            break;
        if (((++rounds & 63) == 0 || !ran) && out_of_time(m))
            break;
    }
    fflush(stdout);
    console_close(&m->console);
    int status = exit_status(m);
    if (m->debug && m->debug->gdb)
        gdbstub_exited(m->debug->gdb, status);
    return status;
}

/* Say why the run ended; the process exit status. */
static int exit_status(struct machine *m)
{
    switch (m->exit_reason) {
    case EXIT_GUEST:
        if (!script_done(&m->cfg.script)) {
            fprintf(stderr, "rvemu: the guest stopped while waiting for \"%s\"\n",
                    script_waiting_for(&m->cfg.script));
            return m->exit_code ? m->exit_code : 1;
        }
        if (m->exit_code)
            fprintf(stderr, "rvemu: guest exited with code %d\n", m->exit_code);
        return m->exit_code > 255 ? 255 : m->exit_code < 0 ? 1 : m->exit_code;
    case EXIT_MAX_INSNS:
        fprintf(stderr, "rvemu: stopped after %llu instructions (--max-insns)%s%s%s\n",
                (unsigned long long)m->total_insns,
                script_done(&m->cfg.script) ? "" : " waiting for \"",
                script_done(&m->cfg.script) ? "" : script_waiting_for(&m->cfg.script),
                script_done(&m->cfg.script) ? "" : "\"");
        return 3;
    case EXIT_TIMEOUT:
        if (!script_done(&m->cfg.script))
            fprintf(stderr, "rvemu: timed out after %.1f s waiting for \"%s\"\n",
                    m->cfg.timeout, script_waiting_for(&m->cfg.script));
        else
            fprintf(stderr, "rvemu: stopped after %.1f s (--timeout)\n", m->cfg.timeout);
        return 124;
    case EXIT_QUIT:
        fprintf(stderr, "rvemu: terminated by Ctrl-A X\n");
        return 0;
    case EXIT_WINDOW_CLOSED:
        fprintf(stderr, "rvemu: the window was closed\n");
        return 0;
    case EXIT_DEBUGGER:
        fprintf(stderr, "rvemu: ended by the debugger (kill or quit)\n");
        return 0;
    case EXIT_CHECK:
        fprintf(stderr,
                "rvemu: stopped at the first copy-on-write violation (--check-cow=fatal)\n");
        return COW_CHECK_EXIT_STATUS;
    case EXIT_DEADLOCK:
        fprintf(stderr, "rvemu: every hart waits for an interrupt that can never come\n");
        return 4;
    default:
        return 1;
    }
}

void machine_print_stats(const struct machine *m)
{
    uint64_t instret = 0, flushes = 0;
    for (unsigned k = 0; k < m->nharts; k++) {
        instret += m->harts[k].instret;
        flushes += m->harts[k].tlb.flushes;
    }
    double secs = (double)timebase_host_ns() / 1e9 - m->start_time;
    fprintf(stderr, "rvemu: instret=%llu insns=%llu time=%.3fs mips=%.1f tlb_flushes=%llu "
            "dcache_flushes=%llu\n", (unsigned long long)instret,
            (unsigned long long)m->total_insns, secs, secs > 0 ? (double)instret / secs / 1e6 : 0.0,
            (unsigned long long)flushes, (unsigned long long)m->dcache->flushes);
}
