/* Can the second core fetch memory for the first on this machine? (benchmarks/README.md, issue 13 fourteenth step)
   The main thread reads 20 M random 8-byte words of a 1 GiB array, with ~20 multiplies of work per read, the shape
   of a dial completion's cache misses. Modes:
     none    - the main thread alone;
     self    - the main thread prefetches the word AHEAD reads ahead (__builtin_prefetch), the ceiling;
     helper  - a second thread reads the words between AHEAD/4 and AHEAD ahead of the main thread's published
               position, so they sit in a cache both cores share, if there is one;
     pinned  - helper, with the main thread on CPU 0 and the helper on CPU 1.
   Build and run: gcc -O2 -pthread -o /tmp/helper-prefetch helper-prefetch.c && /tmp/helper-prefetch helper 64 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WORDS (1L << 27) /* 1 GiB of uint64_t */
#define READS 20000000L

static uint64_t *words;
static uint32_t *order;
static _Atomic long position;
static _Atomic int stop;
static long ahead;

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *helper(void *pinned)
{
    if (pinned) pin(1);
    long i = 0;
    uint64_t sum = 0;
    while (!atomic_load_explicit(&stop, memory_order_relaxed))
    {
        long p = atomic_load_explicit(&position, memory_order_relaxed);
        if (i < p + ahead / 4) i = p + ahead / 4; /* fell behind: skip to just ahead */
        if (i < p + ahead && i < READS) sum += words[order[i++]];
    }
    return (void *)(uintptr_t)sum;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "none";
    ahead = atol(argc > 2 ? argv[2] : "64");
    int self = strcmp(mode, "self") == 0, pinned = strcmp(mode, "pinned") == 0;
    int threaded = pinned || strcmp(mode, "helper") == 0;
    words = malloc(WORDS * sizeof *words);
    order = malloc(READS * sizeof *order);
    for (long i = 0; i < WORDS; i++) words[i] = (uint64_t)i;
    uint64_t r = 88172645463325252ull; /* xorshift64: the same order every run */
    for (long i = 0; i < READS; i++) { r ^= r << 13; r ^= r >> 7; r ^= r << 17; order[i] = (uint32_t)(r & (WORDS - 1)); }
    pthread_t t;
    if (pinned) pin(0);
    if (threaded) pthread_create(&t, NULL, helper, pinned ? (void *)1 : NULL);
    double start = seconds();
    uint64_t sum = 0;
    for (long i = 0; i < READS; i++)
    {
        if (self && i + ahead < READS) __builtin_prefetch(&words[order[i + ahead]]);
        sum += words[order[i]];
        for (int k = 0; k < 20; k++) sum = sum * 6364136223846793005ull + 1;
        if ((i & 15) == 0) atomic_store_explicit(&position, i, memory_order_relaxed);
    }
    double elapsed = seconds() - start;
    atomic_store(&stop, 1);
    if (threaded) pthread_join(t, NULL);
    printf("%-6s ahead %4ld: %6.1f ns per read (checksum %llu)\n", mode, ahead, elapsed * 1e9 / READS, (unsigned long long)sum);
    return 0;
}
