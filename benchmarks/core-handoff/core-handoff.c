/* What one hand-off between the two cores costs on this machine (benchmarks/README.md, issue 13 fourteenth step):
   the price of each synchronisation window a two-partition kernel would pay. Two threads take turns on one
   atomic counter (a ping-pong): each waits, spinning, until the other has incremented it, then increments it.
   With "pinned" the threads run on CPU 0 and CPU 1.
   Build and run: gcc -O2 -pthread -o /tmp/core-handoff core-handoff.c && /tmp/core-handoff 2000000 pinned */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Atomic long turn;
static long rounds;
static int pinned;

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *partner(void *unused)
{
    (void)unused;
    if (pinned) pin(1);
    for (long i = 0; i < rounds; i++)
    {
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 1) { }
        atomic_store_explicit(&turn, 2 * i + 2, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    rounds = atol(argc > 1 ? argv[1] : "2000000");
    pinned = argc > 2 && strcmp(argv[2], "pinned") == 0;
    if (pinned) pin(0);
    pthread_t t;
    pthread_create(&t, NULL, partner, NULL);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (long i = 0; i < rounds; i++)
    {
        atomic_store_explicit(&turn, 2 * i + 1, memory_order_release);
        while (atomic_load_explicit(&turn, memory_order_acquire) != 2 * i + 2) { }
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    pthread_join(t, NULL);
    double ns = ((end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec)) / rounds;
    printf("%ld round trips%s: %.0f ns per round trip (two hand-offs)\n", rounds, pinned ? ", pinned" : "", ns);
    return 0;
}
