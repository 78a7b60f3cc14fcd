/*
 * fuzz_tracedev.c - the guest trace device's registers under arbitrary
 * writes and reads of every size at every offset: events reach the sink
 * with a valid bank, and every event, known or not and whatever its
 * arguments (process names are raw guest bytes), formats as exactly one
 * line of text and one line of JSON.
 */
#include "fuzz_common.h"

#include "trace.h"
#include "trace_format.h"
#include "tracedev.h"

static void one_line(const char *s, const char *what)
{
    FUZZ_ASSERT(s && *s && !strchr(s, '\n') && !strchr(s, '\r'), "%s is not one line: %s",
                what, s ? s : "(null)");
}

static void sink(void *ctx, unsigned bank, uint32_t code, const uint64_t args[4])
{
    (void)ctx;
    FUZZ_ASSERT(bank < TRACEDEV_NBANKS, "event from bank %u", bank);
    struct trace_rec r = { .kind = TR_KERNEL, .sub = (uint16_t)code, .hart = (uint8_t)bank };
    memcpy(r.a, args, 4 * sizeof(uint64_t));
    r.a[5] = bank;
    char buf[1024];
    one_line(trace_format_text(&r, NULL, buf, sizeof(buf)), "text");
    one_line(trace_format_json(&r, NULL, buf, sizeof(buf)), "JSON");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tracedev *t = tracedev_new(sink, NULL);
    if (!t)
        abort();
    const struct dev_ops *ops = tracedev_ops();
    static const unsigned sizes[4] = { 1, 2, 4, 8 };
    for (size_t k = 0; k + 11 <= size; k += 11) {
        uint16_t off;
        uint64_t val;
        memcpy(&off, data + k, 2);
        memcpy(&val, data + k + 3, 8);
        unsigned sz = sizes[data[k + 2] & 3];
        if (data[k + 2] & 4) {
            uint64_t got;
            ops->read(t, off & 0xfff, sz, &got);
        } else {
            ops->write(t, off & 0xfff, val, sz);
        }
        if (data[k + 2] == 0xff)
            tracedev_reset(t);
    }
    tracedev_free(t);
    return 0;
}
