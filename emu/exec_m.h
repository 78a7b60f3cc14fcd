/*
 * exec_m.h - the M extension's division rules (unprivileged spec ch. 7),
 * shared by exec_rv64m.c and the inline step loop (exec_fast.c): division
 * never traps; by zero gives all ones (quotient) and the dividend
 * (remainder), the signed overflow INT_MIN / -1 gives INT_MIN and 0.
 */
#ifndef RVEMU_EXEC_M_H
#define RVEMU_EXEC_M_H

#include <stdint.h>

static inline int64_t sdiv64(int64_t a, int64_t b)
{
    if (b == 0)
        return -1;
    if (a == INT64_MIN && b == -1)
        return INT64_MIN;
    return a / b;
}

static inline int64_t srem64(int64_t a, int64_t b)
{
    if (b == 0)
        return a;
    if (a == INT64_MIN && b == -1)
        return 0;
    return a % b;
}

static inline int32_t sdiv32(int32_t a, int32_t b)
{
    if (b == 0)
        return -1;
    if (a == INT32_MIN && b == -1)
        return INT32_MIN;
    return a / b;
}

static inline int32_t srem32(int32_t a, int32_t b)
{
    if (b == 0)
        return a;
    if (a == INT32_MIN && b == -1)
        return 0;
    return a % b;
}

static inline uint64_t udiv64(uint64_t a, uint64_t b) { return b ? a / b : ~(uint64_t)0; }
static inline uint64_t urem64(uint64_t a, uint64_t b) { return b ? a % b : a; }
static inline uint32_t udiv32(uint32_t a, uint32_t b) { return b ? a / b : ~(uint32_t)0; }
static inline uint32_t urem32(uint32_t a, uint32_t b) { return b ? a % b : a; }

#endif
