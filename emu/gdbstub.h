/*
 * gdbstub.h - the gdb remote serial protocol over TCP, as QEMU's -s/-gdb
 * offer it: one client at a time, listening on 127.0.0.1 only, one
 * thread per hart, all-stop. Built on debug.h; it never touches the run
 * loop itself.
 */
#ifndef RVEMU_GDBSTUB_H
#define RVEMU_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>

#include "debug.h"

/* Listen as spec says: "tcp::PORT", "tcp:HOST:PORT" (HOST must be a
 * loopback address), ":PORT" or "PORT". NULL with a one-line err. */
struct gdbstub *gdbstub_open(struct machine *m, const char *spec, char *err, size_t errlen);
void gdbstub_free(struct gdbstub *g);

bool gdbstub_connected(const struct gdbstub *g);

/* While the machine runs: accept a waiting client, and turn a Ctrl-C
 * (0x03) from the client into debug_request_stop(DBG_INTERRUPT). Never
 * blocks. A client that went away is dropped and the listener stays. */
void gdbstub_poll(struct gdbstub *g);

/* While the machine is stopped: send the stop reply for stop (if a
 * client is connected; with none, wait for one), then serve packets
 * until the client resumes, detaches or kills. A client that
 * disconnects resumes the machine as a detach does. */
struct dbg_resume gdbstub_serve(struct gdbstub *g, const struct dbg_stop *stop);

/* The guest ended with status: tell the client (W packet) if any. */
void gdbstub_exited(struct gdbstub *g, int status);

/* The port the stub listens on (the chosen one after "tcp::0"). */
int gdbstub_port(const struct gdbstub *g);

/* Exposed for the unit tests and the fuzz harness: feed raw bytes as if
 * they came from the client; replies are appended to the stub's output
 * buffer (gdbstub_take_output). Packets are served until one resumes the
 * machine: then *r is filled and 1 returned, and later bytes stay queued
 * (feed again, with len 0, after gdbstub_stopped). Else 0. While the
 * machine runs only acks and Ctrl-C are taken; a packet waits. */
int gdbstub_feed(struct gdbstub *g, const void *bytes, size_t len, struct dbg_resume *r);
/* Move up to size - 1 bytes of output into buf, NUL-terminated; returns
 * the count. */
size_t gdbstub_take_output(struct gdbstub *g, char *buf, size_t size);

/* The machine stopped: remember stop (the current thread becomes its
 * hart) and send the stop reply if gdb is waiting for one. gdbstub_serve
 * starts with this; the unit tests call it directly. */
void gdbstub_stopped(struct gdbstub *g, const struct dbg_stop *stop);

/* A stub with no socket, for the unit tests and the fuzz harness. */
struct gdbstub *gdbstub_new_detached(struct machine *m);

#endif
