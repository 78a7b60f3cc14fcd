/* monitor.c - placeholder so the tree links while the monitor is
 * written; the monitor engineer replaces this whole file. */
#include "monitor.h"

#include <stdlib.h>

#include "machine.h"

struct monitor { struct machine *m; };

struct monitor *monitor_new(struct machine *m)
{
    struct monitor *mon = calloc(1, sizeof(*mon));
    if (mon)
        mon->m = m;
    return mon;
}
void monitor_free(struct monitor *mon) { free(mon); }
struct dbg_resume monitor_serve(struct monitor *mon, const struct dbg_stop *stop)
{
    (void)mon;
    fprintf(stderr, "rvemu: stopped: %s\n", stop->what);
    return (struct dbg_resume){ .kind = DBG_CONTINUE };
}
bool monitor_exec(struct monitor *mon, const char *line, FILE *out, struct dbg_resume *r)
{
    (void)mon;
    (void)r;
    fprintf(out, "%s: the monitor is not built yet\n", line);
    return false;
}
