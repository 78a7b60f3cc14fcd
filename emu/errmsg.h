/*
 * errmsg.h - the one-line error reports of loaders and builders: format
 * the reason into the caller's buffer and return -1, so a failure path
 * is one statement: `return fail(err, errlen, "...", ...);`.
 */
#ifndef RVEMU_ERRMSG_H
#define RVEMU_ERRMSG_H

#include <stddef.h>

int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
