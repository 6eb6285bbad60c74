/* cpubench - integer compute: a sieve of Eratosthenes and a multiply-accumulate loop. */
#include "bench.h"

int main(void)
{
    static char sieve[100000];
    uint64 t0 = now_us();
    int primes = 0;
    for (int i = 2; i < (int)sizeof sieve; i++) {
        if (sieve[i]) continue;
        primes++;
        for (int j = i * 2; j < (int)sizeof sieve; j += i) sieve[j] = 1;
    }
    uint64 acc = 1;
    for (uint64 i = 1; i <= 200000; i++) acc = acc * 6364136223846793005UL + i;
    uint64 us = now_us() - t0;
    printf("cpubench: %d primes below %d, checksum %lx\n", primes, (int)sizeof sieve, acc & 0xffff);
    report("cpubench", "iterations", 100000 + 200000, us);
    return primes == 9592 ? 0 : 1;
}
