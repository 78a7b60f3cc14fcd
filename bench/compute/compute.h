/*
 * compute.h - the compute-bound workload, shared by the guest program
 * (main.c) and the host program that computes its expected checksums
 * (host.c).
 */
#ifndef COMPUTE_H
#define COMPUTE_H

#include <stdint.h>

/* The phases, in the order they run each round. */
#define COMPUTE_PHASES(X) \
    X(CRC, "crc32")       \
    X(SORT, "sort")       \
    X(SIEVE, "sieve")     \
    X(MATMUL, "matmul")   \
    X(MEMCOPY, "memcopy") \
    X(CHASE, "chase")     \
    X(STRIDE, "stride")   \
    X(COLLATZ, "collatz") \
    X(GCD, "gcd")         \
    X(MANDEL, "mandel")   \
    X(NBODY, "nbody")     \
    X(ATOMIC, "atomic")

#define X(id, name) PH_##id,
enum phase { COMPUTE_PHASES(X) PH_COUNT };
#undef X

extern const char *const compute_phase_name[PH_COUNT];

/* The size knobs, so that a report can say what ran. */
struct compute_config {
    unsigned rounds;
    unsigned crc_bytes, sort_n, sieve_n, mat_n, mem_words, chase_n, stride_steps;
    unsigned collatz_n, gcd_n, mandel_w, mandel_h, mandel_iter, nbody_steps, atomic_n;
};
extern const struct compute_config compute_config;

/*
 * Runs every phase compute_config.rounds times and stores one checksum per
 * phase in sums[]. before_phase, if not NULL, is called before each phase
 * with its number and after the last one with PH_COUNT (the guest reads
 * minstret there). Returns 0, or the number of the first self-check (by
 * construction, independent of the host's figures) that failed.
 */
int compute_run(uint64_t sums[PH_COUNT], void (*before_phase)(int phase));

/* Self-check numbers returned by compute_run. */
enum compute_check {
    CHECK_CRC_KNOWN = 1, /* crc32("123456789") != 0xcbf43926 */
    CHECK_CRC_BITWISE,   /* table-driven and bitwise CRC disagree */
    CHECK_SORT_ORDER,    /* output not ascending */
    CHECK_SORT_CONTENT,  /* output not a permutation of the input */
    CHECK_SIEVE_COUNT,   /* pi(100000) != 9592 */
    CHECK_MATMUL,        /* Freivalds: C*x != A*(B*x) */
    CHECK_MEMCOPY,       /* copy differs from source */
    CHECK_CHASE_CYCLE,   /* the single cycle did not close after n steps */
    CHECK_CHASE_SUM,     /* indices visited did not sum to n(n-1)/2 */
    CHECK_COLLATZ,       /* known record: 837799 takes 524 steps */
    CHECK_GCD,           /* gcd(a, b) does not divide a and b */
    CHECK_NBODY,         /* energy drifted more than 1e-4 */
    CHECK_ATOMIC,        /* atomics lost an update */
};

#endif /* COMPUTE_H */
