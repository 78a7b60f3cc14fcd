/*
 * compute.c - the compute-bound bench workload, in portable C.
 *
 * One file, two builds: the guest's (main.c + the bare-metal runtime) and
 * the host's (host.c prints the checksums the guest must reproduce). So:
 * no undefined behaviour, fixed-width unsigned arithmetic, no libm, and both
 * builds use -ffp-contract=off so that every double operation is a single
 * IEEE-754 correctly rounded one and the two agree bit for bit.
 *
 * Each phase also checks itself by construction (a sort is ordered, a copy
 * equals its source, a Sattolo cycle closes), so a broken emulator is caught
 * even where the host's figure would not say which instruction is wrong.
 *
 * Sizes: BENCH_SMALL selects a tiny variant (the ctest smoke test, the
 * callgrind run, ~6 million instructions); COMPUTE_ROUNDS scales the
 * default one, about 105 million RV64 instructions per round.
 */
#include "compute.h"

#ifdef BENCH_SMALL
#define ROUNDS_DEFAULT 1
#define CRC_BYTES      (16u << 10)
#define SORT_N         (4u << 10)
#define SIEVE_N        (128u << 10) /* numbers, >= 100001 for the pi check */
#define MAT_N          24u
#define MEM_WORDS      (32u << 10)
#define CHASE_N        (32u << 10)
#define STRIDE_STEPS   (16u << 10)
#define COLLATZ_N      512u
#define GCD_N          32u
#define MANDEL_W       24u
#define MANDEL_H       16u
#define NBODY_STEPS    1000u
#define ATOMIC_N       (4u << 10)
#else
#define ROUNDS_DEFAULT 4
#define CRC_BYTES      (384u << 10)
#define SORT_N         (80u << 10)
#define SIEVE_N        (2u << 20) /* 1 MiB of flags */
#define MAT_N          112u
#define MEM_WORDS      (512u << 10) /* 4 MiB per buffer */
#define CHASE_N        (512u << 10) /* 2 MiB of links */
#define STRIDE_STEPS   (256u << 10)
#define COLLATZ_N      (10u << 10)
#define GCD_N          256u
#define MANDEL_W       96u
#define MANDEL_H       64u
#define NBODY_STEPS    (12u << 10)
#define ATOMIC_N       (64u << 10)
#endif
#define MANDEL_ITER 256u

#ifndef COMPUTE_ROUNDS
#define COMPUTE_ROUNDS ROUNDS_DEFAULT
#endif

#define X(id, name) name,
const char *const compute_phase_name[PH_COUNT] = {COMPUTE_PHASES(X)};
#undef X

const struct compute_config compute_config = {
    .rounds = COMPUTE_ROUNDS,
    .crc_bytes = CRC_BYTES,
    .sort_n = SORT_N,
    .sieve_n = SIEVE_N,
    .mat_n = MAT_N,
    .mem_words = MEM_WORDS,
    .chase_n = CHASE_N,
    .stride_steps = STRIDE_STEPS,
    .collatz_n = COLLATZ_N,
    .gcd_n = GCD_N,
    .mandel_w = MANDEL_W,
    .mandel_h = MANDEL_H,
    .mandel_iter = MANDEL_ITER,
    .nbody_steps = NBODY_STEPS,
    .atomic_n = ATOMIC_N,
};

/* All large state lives here, in .bss, so the guest's footprint (~12 MiB)
 * is visible in the ELF and the walks below cover far more than a TLB. */
static uint8_t crc_buf[CRC_BYTES];
static uint32_t crc_table[256];
static uint32_t sort_a[SORT_N];
static uint8_t sieve[SIEVE_N / 2]; /* sieve[i] stands for 2i+1 */
static uint32_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N], mat_c[MAT_N][MAT_N];
static uint64_t mem_a[MEM_WORDS], mem_b[MEM_WORDS];
static uint32_t chase_next[CHASE_N];
static volatile uint64_t atomic_word[2];

/* splitmix64: the one pseudo-random source. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) by multiply-high (Lemire); exercises mulhu. */
static uint32_t rng_below(uint64_t *s, uint32_t n)
{
    return (uint32_t)(((unsigned __int128)rng_next(s) * n) >> 64);
}

/* Order-sensitive fold of a phase's results into its checksum. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
    return h * 0x100000001b3u;
}

/* ---- integer: CRC-32 (IEEE, reflected) ---- */

#define CRC32_POLY 0xedb88320u

static uint32_t crc32_bitwise(const uint8_t *p, uint32_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (CRC32_POLY & (0u - (crc & 1)));
    }
    return ~crc;
}

static uint32_t crc32_table(const uint8_t *p, uint32_t n)
{
    uint32_t crc = 0xffffffffu;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static int phase_crc(unsigned round, uint64_t *sum)
{
    static const uint8_t known[] = "123456789";
    uint64_t s = round;

    if (round == 0) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = (c & 1) ? (c >> 1) ^ CRC32_POLY : c >> 1;
            crc_table[i] = c;
        }
        if (crc32_table(known, 9) != 0xcbf43926u) /* the standard's check value */
            return CHECK_CRC_KNOWN;
    }
    for (uint32_t i = 0; i < CRC_BYTES; i += 8) {
        uint64_t r = rng_next(&s);
        for (int k = 0; k < 8; k++)
            crc_buf[i + k] = (uint8_t)(r >> (8 * k));
    }
    uint32_t crc = crc32_table(crc_buf, CRC_BYTES);
    if (crc32_table(crc_buf, 1024) != crc32_bitwise(crc_buf, 1024))
        return CHECK_CRC_BITWISE;
    *sum = mix(*sum, crc);
    return 0;
}

/* ---- integer and branches: quicksort ---- */

static void insertion_sort(uint32_t *a, int32_t lo, int32_t hi)
{
    for (int32_t i = lo + 1; i <= hi; i++) {
        uint32_t v = a[i];
        int32_t j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap_u32(uint32_t *x, uint32_t *y)
{
    uint32_t t = *x;
    *x = *y;
    *y = t;
}

static void quicksort(uint32_t *a, int32_t lo, int32_t hi)
{
    while (hi - lo > 16) {
        int32_t mid = lo + (hi - lo) / 2;
        /* median of three into a[mid] */
        if (a[mid] < a[lo])
            swap_u32(&a[mid], &a[lo]);
        if (a[hi] < a[lo])
            swap_u32(&a[hi], &a[lo]);
        if (a[hi] < a[mid])
            swap_u32(&a[hi], &a[mid]);
        uint32_t pivot = a[mid];
        int32_t i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j)
                swap_u32(&a[i++], &a[j--]);
        }
        /* recurse into the smaller side, loop on the larger: O(log n) stack */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

static int phase_sort(unsigned round, uint64_t *sum)
{
    uint64_t s = 0x5eed0000u + round, add = 0, xr = 0;

    for (uint32_t i = 0; i < SORT_N; i++) {
        sort_a[i] = (uint32_t)rng_next(&s);
        add += sort_a[i];
        xr ^= sort_a[i];
    }
    quicksort(sort_a, 0, (int32_t)SORT_N - 1);
    uint64_t add2 = sort_a[0], xr2 = sort_a[0], h = 0;
    for (uint32_t i = 1; i < SORT_N; i++) {
        if (sort_a[i - 1] > sort_a[i])
            return CHECK_SORT_ORDER;
        add2 += sort_a[i];
        xr2 ^= sort_a[i];
        h += (uint64_t)sort_a[i] * i;
    }
    if (add != add2 || xr != xr2)
        return CHECK_SORT_CONTENT;
    *sum = mix(*sum, h);
    return 0;
}

/* ---- memory and branches: sieve of Eratosthenes over odd numbers ---- */

static int phase_sieve(unsigned round, uint64_t *sum)
{
    uint32_t limit = SIEVE_N - round * 2; /* numbers < limit */
    uint32_t cells = limit / 2, count = 1; /* 2 is prime */

    for (uint32_t i = 0; i < cells; i++)
        sieve[i] = 1;
    sieve[0] = 0; /* 1 */
    for (uint32_t p = 3; (uint64_t)p * p < limit; p += 2)
        if (sieve[p / 2])
            for (uint32_t m = p * p; m < limit; m += 2 * p)
                sieve[m / 2] = 0;
    uint32_t below_1e5 = 0;
    for (uint32_t i = 1; i < cells; i++) {
        count += sieve[i];
        if (i == 49999)
            below_1e5 = count; /* primes <= 99999, i.e. <= 100000 */
    }
    if (below_1e5 != 9592)
        return CHECK_SIEVE_COUNT;
    *sum = mix(*sum, count);
    return 0;
}

/* ---- integer multiply: matrix product mod 2^32, checked by Freivalds ---- */

static int phase_matmul(unsigned round, uint64_t *sum)
{
    uint64_t s = 0xa11ce000u + round;
    uint32_t x[MAT_N], y[MAT_N], z[MAT_N], w[MAT_N];

    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++) {
            uint64_t r = rng_next(&s);
            mat_a[i][j] = (uint32_t)r;
            mat_b[i][j] = (uint32_t)(r >> 32);
            mat_c[i][j] = 0;
        }
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t k = 0; k < MAT_N; k++) {
            uint32_t aik = mat_a[i][k];
            for (uint32_t j = 0; j < MAT_N; j++)
                mat_c[i][j] += aik * mat_b[k][j];
        }
    for (uint32_t i = 0; i < MAT_N; i++)
        x[i] = (uint32_t)rng_next(&s);
    for (uint32_t i = 0; i < MAT_N; i++) {
        y[i] = 0;
        w[i] = 0;
        for (uint32_t j = 0; j < MAT_N; j++) {
            y[i] += mat_b[i][j] * x[j];
            w[i] += mat_c[i][j] * x[j];
        }
    }
    uint64_t h = 0;
    for (uint32_t i = 0; i < MAT_N; i++) {
        z[i] = 0;
        for (uint32_t j = 0; j < MAT_N; j++)
            z[i] += mat_a[i][j] * y[j];
        if (z[i] != w[i])
            return CHECK_MATMUL;
        h = mix(h, w[i]);
    }
    *sum = mix(*sum, h);
    return 0;
}

/* ---- memory: fill, memcpy-like copy, compare ---- */

static int phase_memcopy(unsigned round, uint64_t *sum)
{
    uint64_t pattern = 0x0123456789abcdefu * (round + 1), h = 0;

    for (uint32_t i = 0; i < MEM_WORDS; i++)
        mem_a[i] = pattern ^ ((uint64_t)i << 3);
    /* 8 words per iteration, loads then stores, as a memcpy inner loop */
    for (uint32_t i = 0; i < MEM_WORDS; i += 8) {
        const uint64_t *src = &mem_a[i];
        uint64_t *dst = &mem_b[i];
        uint64_t w0 = src[0], w1 = src[1], w2 = src[2], w3 = src[3];
        uint64_t w4 = src[4], w5 = src[5], w6 = src[6], w7 = src[7];
        dst[0] = w0;
        dst[1] = w1;
        dst[2] = w2;
        dst[3] = w3;
        dst[4] = w4;
        dst[5] = w5;
        dst[6] = w6;
        dst[7] = w7;
    }
    for (uint32_t i = 0; i < MEM_WORDS; i++) {
        if (mem_b[i] != (pattern ^ ((uint64_t)i << 3)))
            return CHECK_MEMCOPY;
        h += mem_b[i] >> (i & 31);
    }
    *sum = mix(*sum, h);
    return 0;
}

/* ---- memory latency: pointer chase around one random cycle ---- */

static int phase_chase(unsigned round, uint64_t *sum)
{
    if (round == 0) {
        /* Sattolo's algorithm: a uniformly random single n-cycle. */
        uint64_t s = 0xc4a5e000u;
        for (uint32_t i = 0; i < CHASE_N; i++)
            chase_next[i] = i;
        for (uint32_t i = CHASE_N - 1; i > 0; i--)
            swap_u32(&chase_next[i], &chase_next[rng_below(&s, i)]);
    }
    uint32_t start = (round * 7919u) % CHASE_N, p = start;
    uint64_t visited = 0, h = 0;
    for (uint32_t step = 0; step < CHASE_N; step++) {
        visited += p;
        h = h * 31 + p;
        p = chase_next[p];
    }
    if (p != start)
        return CHECK_CHASE_CYCLE;
    if (visited != (uint64_t)CHASE_N * (CHASE_N - 1) / 2)
        return CHECK_CHASE_SUM;
    *sum = mix(*sum, h);
    return 0;
}

/* ---- memory: one access per page, read-modify-write ---- */

static int phase_stride(unsigned round, uint64_t *sum)
{
    /* A page plus a cache line, in words: every access a new page and a new
     * line, wrapping around mem_a (8 MiB, far past any TLB's reach). */
    const uint32_t stride = (4096 + 64) / 8;
    uint32_t i = round;
    uint64_t h = 0;

    for (uint32_t step = 0; step < STRIDE_STEPS; step++) {
        uint64_t v = mem_a[i];
        h += v;
        mem_a[i] = v + step;
        i += stride;
        if (i >= MEM_WORDS)
            i -= MEM_WORDS;
    }
    *sum = mix(*sum, h);
    return 0;
}

/* ---- branches: Collatz trajectories ---- */

static uint32_t collatz_steps(uint64_t n)
{
    uint32_t steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n >> 1;
        steps++;
    }
    return steps;
}

static int phase_collatz(unsigned round, uint64_t *sum)
{
    uint64_t base = 1 + (uint64_t)round * COLLATZ_N, total = 0, best = 0;

    if (round == 0 && collatz_steps(837799) != 524)
        return CHECK_COLLATZ;
    for (uint64_t n = base; n < base + COLLATZ_N; n++) {
        uint32_t st = collatz_steps(n);
        total += st;
        if (st > best)
            best = st;
    }
    *sum = mix(mix(*sum, total), best);
    return 0;
}

/* ---- integer divide: Euclid's gcd ---- */

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static int phase_gcd(unsigned round, uint64_t *sum)
{
    uint64_t h = 0;

    for (uint64_t i = 1; i <= GCD_N; i++)
        for (uint64_t j = 1; j <= GCD_N; j++) {
            uint64_t a = i * 7919 + round, b = j * 104729 + 3 * round;
            uint64_t g = gcd(a, b);
            if (a % g || b / g * g != b)
                return CHECK_GCD;
            h += g ^ (a / g);
        }
    *sum = mix(*sum, h);
    return 0;
}

/* ---- floating point: Mandelbrot set, counted iterations ---- */

static int phase_mandel(unsigned round, uint64_t *sum)
{
    double x0 = -2.0 + round * 0.001, y0 = -1.0;
    double dx = 2.6 / MANDEL_W, dy = 2.0 / MANDEL_H;
    uint64_t total = 0;

    for (uint32_t py = 0; py < MANDEL_H; py++) {
        double ci = y0 + (int32_t)py * dy;
        for (uint32_t px = 0; px < MANDEL_W; px++) {
            double cr = x0 + (int32_t)px * dx, zr = 0, zi = 0;
            uint32_t it = 0;
            while (it < MANDEL_ITER && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                it++;
            }
            total += it;
        }
    }
    *sum = mix(*sum, total);
    return 0;
}

/* ---- floating point: n-body (the Benchmarks Game's five planets) ---- */

#define NBODIES 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static double nbody_energy(const struct body *b)
{
    double e = 0.0;
    for (int i = 0; i < NBODIES; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < NBODIES; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

static void nbody_advance(struct body *b, double dt)
{
    for (int i = 0; i < NBODIES; i++)
        for (int j = i + 1; j < NBODIES; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * __builtin_sqrt(d2));
            b[i].vx -= dx * b[j].mass * mag;
            b[i].vy -= dy * b[j].mass * mag;
            b[i].vz -= dz * b[j].mass * mag;
            b[j].vx += dx * b[i].mass * mag;
            b[j].vy += dy * b[i].mass * mag;
            b[j].vz += dz * b[i].mass * mag;
        }
    for (int i = 0; i < NBODIES; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

static int phase_nbody(unsigned round, uint64_t *sum)
{
    struct body b[NBODIES] = {
        {0, 0, 0, 0, 0, 0, SOLAR_MASS},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
    };
    double px = 0, py = 0, pz = 0;

    for (int i = 0; i < NBODIES; i++) {
        px += b[i].vx * b[i].mass;
        py += b[i].vy * b[i].mass;
        pz += b[i].vz * b[i].mass;
    }
    b[0].vx = -px / SOLAR_MASS;
    b[0].vy = -py / SOLAR_MASS;
    b[0].vz = -pz / SOLAR_MASS;

    double e0 = nbody_energy(b);
    double dt = 0.01 * (1 + (round & 3)) / 4; /* vary the run a little */
    for (uint32_t step = 0; step < NBODY_STEPS; step++)
        nbody_advance(b, dt);
    double e1 = nbody_energy(b), drift = e1 > e0 ? e1 - e0 : e0 - e1;
    if (!(drift < 1e-4)) /* also catches NaN */
        return CHECK_NBODY;

    union {
        double d;
        uint64_t u;
    } bits = {e1};
    *sum = mix(*sum, bits.u);
    /* and one conversion each way, so fcvt is in the checksum */
    *sum = mix(*sum, (uint64_t)(int64_t)(e1 * -1e15));
    return 0;
}

/* ---- atomics: AMOs and LR/SC on one hart ---- */

static int phase_atomic(unsigned round, uint64_t *sum)
{
    uint64_t expect_add = 0, old_swap = 0;

    atomic_word[0] = round;
    atomic_word[1] = 0;
    for (uint32_t i = 0; i < ATOMIC_N; i++) {
        __atomic_fetch_add(&atomic_word[0], i, __ATOMIC_RELAXED);        /* amoadd.d */
        old_swap ^= __atomic_exchange_n(&atomic_word[1], i, __ATOMIC_ACQ_REL); /* amoswap.d */
        uint64_t cur = atomic_word[1];
        /* lr.d/sc.d loop */
        while (!__atomic_compare_exchange_n(&atomic_word[1], &cur, cur * 3 + 1, 0,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        expect_add += i;
    }
    if (atomic_word[0] != round + expect_add)
        return CHECK_ATOMIC;
    *sum = mix(mix(*sum, atomic_word[1]), old_swap);
    return 0;
}

typedef int (*phase_fn)(unsigned round, uint64_t *sum);

static const phase_fn phases[PH_COUNT] = {
    phase_crc,     phase_sort,   phase_sieve, phase_matmul, phase_memcopy, phase_chase,
    phase_stride,  phase_collatz, phase_gcd, phase_mandel, phase_nbody,   phase_atomic,
};

int compute_run(uint64_t sums[PH_COUNT], void (*before_phase)(int phase))
{
    for (int ph = 0; ph < PH_COUNT; ph++)
        sums[ph] = 0;
    for (unsigned round = 0; round < COMPUTE_ROUNDS; round++)
        for (int ph = 0; ph < PH_COUNT; ph++) {
            if (before_phase)
                before_phase(ph);
            int bad = phases[ph](round, &sums[ph]);
            if (bad)
                return bad;
        }
    if (before_phase)
        before_phase(PH_COUNT);
    return 0;
}
