/*
 * workload.c -- the CPU benchmark workload of VirtLab: an integer mix that runs the same in
 * M-mode (start-m.S, paging off) and in S-mode under Sv39 (start-s.S).
 *
 * Each iteration of the main loop does three kernels on fresh pseudo-random data and checks
 * every result a second, independent way:
 *   1. CRC-32 (IEEE, reflected) of a buffer, bit by bit and table-driven: both must agree.
 *   2. Two sorts of the same 64-bit values, a recursive quicksort and a heapsort: both outputs
 *      must be equal, non-decreasing and a permutation of the input (sum and xor kept).
 *   3. An integer matrix product C = A * B, checked with Freivalds' test C*x == A*(B*x).
 * The results fold into a 64-bit digest; for the iteration counts the Makefile builds, the
 * expected digest (from a native build of this file, see `make digests`, and identical on
 * QEMU) is compiled in and compared at the end.
 *
 * bench_main() returns 0 on success or the number of the failed check; the start file turns
 * that into the HTIF exit (tohost = (code << 1) | 1). Besides the exit, the program leaves
 * its measurements in the `bench_result` words (see below) for whoever wants to read them.
 *
 * Freestanding: no libc, no libgcc calls needed on rv64imac (compiled with -ffreestanding
 * -fno-builtin and its own memset/memcpy, which GCC may still emit calls to).
 *
 * With -DHOST_DIGEST the file builds as an ordinary hosted program that prints the digest
 * (used once to obtain the expected values; not part of the guest images).
 */
#include <stdint.h>
#include <stddef.h>

#ifndef ITERATIONS
#define ITERATIONS 2700
#endif

#define BUF_BYTES   2048u   /* CRC buffer */
#define SORT_N      512u    /* values per sort */
#define MAT_N       16u     /* matrix dimension */

/* Check numbers reported as the exit code on failure. */
enum {
    FAIL_CRC_KNOWN_BITWISE = 1,
    FAIL_CRC_KNOWN_TABLE   = 2,
    FAIL_CRC_MISMATCH      = 3,
    FAIL_SORT_MISMATCH     = 4,
    FAIL_SORT_ORDER        = 5,
    FAIL_SORT_SUM          = 6,
    FAIL_SORT_XOR          = 7,
    FAIL_MAT_FREIVALDS     = 8,
    FAIL_MAT_FREIVALDS2    = 9,
    FAIL_DIGEST            = 10,
    FAIL_LCG_KNOWN         = 11,
};

/* ---------------------------------------------------------------- freestanding helpers */

#ifndef HOST_DIGEST
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

void *memset(void *dst, int c, size_t n)
{
    volatile unsigned char *d = dst;   /* volatile: GCC must not turn this back into memset */
    while (n--) *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}
#endif

/* ---------------------------------------------------------------- pseudo-random numbers */

/* 64-bit LCG (Knuth's MMIX constants); the high half is the usable output. */
static uint64_t lcg_state;

static inline uint64_t lcg_next(void)
{
    lcg_state = lcg_state * 6364136223846793005ull + 1442695040888963407ull;
    return lcg_state;
}

static inline uint32_t lcg_next32(void)
{
    return (uint32_t)(lcg_next() >> 32);
}

/* ---------------------------------------------------------------- CRC-32 */

static uint32_t crc_table[256];

/* Reflected CRC-32, polynomial 0xEDB88320, one bit at a time with a branch-free mask. */
static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++) {
            uint32_t mask = -(crc & 1u);
            crc = (crc >> 1) ^ (0xEDB88320u & mask);
        }
    }
    return ~crc;
}

/* The table is built with a differently written shift loop (branching on the low bit). */
static void crc32_init_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t r = i;
        for (int b = 0; b < 8; b++) {
            if (r & 1u) r = (r >> 1) ^ 0xEDB88320u;
            else r >>= 1;
        }
        crc_table[i] = r;
    }
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
    return ~crc;
}

/* ---------------------------------------------------------------- sorting */

static void swap64(uint64_t *a, uint64_t *b)
{
    uint64_t t = *a;
    *a = *b;
    *b = t;
}

/* Quicksort, Hoare partition around the median of three, recursing into the smaller part
   (so the depth stays logarithmic) and finishing short ranges with insertion sort. */
static void quicksort(uint64_t *v, long lo, long hi)
{
    while (hi - lo > 12) {
        long mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap64(&v[mid], &v[lo]);
        if (v[hi] < v[lo]) swap64(&v[hi], &v[lo]);
        if (v[hi] < v[mid]) swap64(&v[hi], &v[mid]);
        uint64_t pivot = v[mid];
        long i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (v[i] < pivot);
            do j--; while (v[j] > pivot);
            if (i >= j) break;
            swap64(&v[i], &v[j]);
        }
        if (j - lo < hi - j) {
            quicksort(v, lo, j);
            lo = j + 1;
        } else {
            quicksort(v, j + 1, hi);
            hi = j;
        }
    }
    for (long i = lo + 1; i <= hi; i++) {
        uint64_t x = v[i];
        long k = i - 1;
        while (k >= lo && v[k] > x) {
            v[k + 1] = v[k];
            k--;
        }
        v[k + 1] = x;
    }
}

static void sift_down(uint64_t *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n) return;
        if (child + 1 < n && v[child + 1] > v[child]) child++;
        if (v[root] >= v[child]) return;
        swap64(&v[root], &v[child]);
        root = child;
    }
}

static void heapsort(uint64_t *v, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (size_t end = n; end-- > 1;) {
        swap64(&v[0], &v[end]);
        sift_down(v, 0, end);
    }
}

/* ---------------------------------------------------------------- matrices */

static void mat_mul(const int32_t a[MAT_N][MAT_N], const int32_t b[MAT_N][MAT_N],
                    int64_t c[MAT_N][MAT_N])
{
    for (unsigned i = 0; i < MAT_N; i++) {
        for (unsigned j = 0; j < MAT_N; j++) {
            int64_t s = 0;
            for (unsigned k = 0; k < MAT_N; k++)
                s += (int64_t)a[i][k] * b[k][j];
            c[i][j] = s;
        }
    }
}

/* Freivalds: C*x must equal A*(B*x), exactly (the arithmetic is modulo 2^64 throughout). */
static int freivalds(const int32_t a[MAT_N][MAT_N], const int32_t b[MAT_N][MAT_N],
                     const int64_t c[MAT_N][MAT_N], const int64_t x[MAT_N])
{
    int64_t bx[MAT_N];
    for (unsigned k = 0; k < MAT_N; k++) {
        int64_t s = 0;
        for (unsigned j = 0; j < MAT_N; j++) s += b[k][j] * x[j];
        bx[k] = s;
    }
    for (unsigned i = 0; i < MAT_N; i++) {
        int64_t lhs = 0, rhs = 0;
        for (unsigned j = 0; j < MAT_N; j++) lhs += c[i][j] * x[j];
        for (unsigned k = 0; k < MAT_N; k++) rhs += a[i][k] * bx[k];
        if (lhs != rhs) return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- state and results */

static uint8_t  buf[BUF_BYTES];
static uint64_t orig[SORT_N], qs[SORT_N], hs[SORT_N];
static int32_t  ma[MAT_N][MAT_N], mb[MAT_N][MAT_N];
static int64_t  mc[MAT_N][MAT_N];

/* Left in memory for external readers (emulator tests, debuggers): the iteration count, the
   digest, the instret CSR before and after the workload, and the failed check (0 = pass). */
struct bench_result {
    uint64_t iterations;
    uint64_t digest;
    uint64_t instret_start;
    uint64_t instret_end;
    uint64_t failed_check;
};
volatile struct bench_result bench_result;

/* Expected digests for the iteration counts the Makefile builds (see `make digests`). */
#if ITERATIONS == 2700
#define EXPECTED_DIGEST 0x5ca163649357a30dull
#elif ITERATIONS == 54
#define EXPECTED_DIGEST 0x19ae6f2ef2f26895ull
#endif

static inline uint64_t mix(uint64_t d, uint64_t v)
{
    d ^= v;
    d *= 0x100000001B3ull;          /* FNV-1a-style step, 64-bit */
    return d ^ (d >> 29);
}

#ifdef HOST_DIGEST
static inline uint64_t read_instret(void) { return 0; }
#else
static inline uint64_t read_instret(void)
{
    uint64_t v;
    __asm__ volatile("csrr %0, instret" : "=r"(v));
    return v;
}
#endif

static int one_iteration(uint64_t iter, uint64_t *digest)
{
    /* 1. CRC over fresh bytes. */
    for (unsigned i = 0; i < BUF_BYTES; i += 4) {
        uint32_t w = lcg_next32();
        buf[i] = (uint8_t)w;
        buf[i + 1] = (uint8_t)(w >> 8);
        buf[i + 2] = (uint8_t)(w >> 16);
        buf[i + 3] = (uint8_t)(w >> 24);
    }
    /* Vary the length a little so the tail handling is exercised too. */
    size_t len = BUF_BYTES - (size_t)(iter % 61u);
    uint32_t c1 = crc32_bitwise(buf, len);
    uint32_t c2 = crc32_table(buf, len);
    if (c1 != c2) return FAIL_CRC_MISMATCH;

    /* 2. Two sorts of the same values. */
    uint64_t sum = 0, xr = 0;
    for (unsigned i = 0; i < SORT_N; i++) {
        uint64_t v = lcg_next();
        v ^= v >> 31;
        if ((i & 7u) == 3u) v = orig[i / 2];       /* some duplicates */
        orig[i] = v;
        qs[i] = v;
        hs[i] = v;
        sum += v;
        xr ^= v;
    }
    quicksort(qs, 0, (long)SORT_N - 1);
    heapsort(hs, SORT_N);
    uint64_t sum2 = 0, xr2 = 0;
    for (unsigned i = 0; i < SORT_N; i++) {
        if (qs[i] != hs[i]) return FAIL_SORT_MISMATCH;
        if (i > 0 && qs[i - 1] > qs[i]) return FAIL_SORT_ORDER;
        sum2 += qs[i];
        xr2 ^= qs[i];
    }
    if (sum2 != sum) return FAIL_SORT_SUM;
    if (xr2 != xr) return FAIL_SORT_XOR;

    /* 3. Matrix product with small signed entries (division by a constant and a variable). */
    uint32_t modulus = 2003u + (uint32_t)(iter & 15u);
    for (unsigned i = 0; i < MAT_N; i++) {
        for (unsigned j = 0; j < MAT_N; j++) {
            ma[i][j] = (int32_t)(lcg_next32() % modulus) - 1001;
            mb[i][j] = (int32_t)(lcg_next32() / 1000003u) - 2000;
        }
    }
    mat_mul(ma, mb, mc);
    int64_t x[MAT_N];
    for (unsigned j = 0; j < MAT_N; j++) x[j] = (int64_t)(lcg_next() >> 40) - (1 << 23);
    if (!freivalds(ma, mb, mc, x)) return FAIL_MAT_FREIVALDS;
    for (unsigned j = 0; j < MAT_N; j++) x[j] = (int64_t)j * 7 - 50;
    if (!freivalds(ma, mb, mc, x)) return FAIL_MAT_FREIVALDS2;

    int64_t trace = 0;
    for (unsigned i = 0; i < MAT_N; i++) trace += mc[i][i] - mc[i][MAT_N - 1 - i];

    uint64_t d = *digest;
    d = mix(d, c1);
    d = mix(d, qs[SORT_N / 2] ^ hs[SORT_N / 3]);
    d = mix(d, (uint64_t)trace);
    *digest = d;
    return 0;
}

static volatile uint64_t known_seed = 1;

static int run_workload(void)
{
    static const uint8_t check_text[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };

    /* Known answers first: the standard CRC-32 check value and the LCG's first output. */
    crc32_init_table();
    if (crc32_bitwise(check_text, 9) != 0xCBF43926u) return FAIL_CRC_KNOWN_BITWISE;
    if (crc32_table(check_text, 9) != 0xCBF43926u) return FAIL_CRC_KNOWN_TABLE;
    lcg_state = known_seed;                 /* volatile: computed at run time, not folded */
    lcg_next();
    lcg_next();
    if (lcg_next() != 0xA5FAE1992097AA0Eull) return FAIL_LCG_KNOWN;

    lcg_state = 0x0123456789ABCDEFull;
    uint64_t digest = 0xCBF29CE484222325ull;
    for (uint64_t it = 0; it < ITERATIONS; it++) {
        int rc = one_iteration(it, &digest);
        if (rc != 0) return rc;
    }
    bench_result.digest = digest;
#ifdef EXPECTED_DIGEST
    if (digest != EXPECTED_DIGEST) return FAIL_DIGEST;
#endif
    return 0;
}

int bench_main(void);

int bench_main(void)
{
    bench_result.iterations = ITERATIONS;
    bench_result.instret_start = read_instret();
    int rc = run_workload();
    bench_result.instret_end = read_instret();
    bench_result.failed_check = (uint64_t)rc;
    return rc;
}

#ifdef HOST_DIGEST
#include <stdio.h>
int main(void)
{
    int rc = bench_main();
    printf("ITERATIONS=%d rc=%d digest=0x%016llxull\n", ITERATIONS, rc,
           (unsigned long long)bench_result.digest);
    return rc;
}
#endif
