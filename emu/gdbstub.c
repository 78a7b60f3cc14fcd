/* gdbstub.c - placeholder so the tree links while the stub is written;
 * the gdb-stub engineer replaces this whole file. */
#include "gdbstub.h"

#include <stdio.h>

struct gdbstub *gdbstub_open(struct machine *m, const char *spec, char *err, size_t errlen)
{
    (void)m;
    snprintf(err, errlen, "-gdb %s: the gdb stub is not built yet", spec);
    return NULL;
}
void gdbstub_free(struct gdbstub *g) { (void)g; }
bool gdbstub_connected(const struct gdbstub *g) { (void)g; return false; }
void gdbstub_poll(struct gdbstub *g) { (void)g; }
struct dbg_resume gdbstub_serve(struct gdbstub *g, const struct dbg_stop *stop)
{
    (void)g;
    (void)stop;
    return (struct dbg_resume){ .kind = DBG_DETACH };
}
void gdbstub_exited(struct gdbstub *g, int status) { (void)g; (void)status; }
