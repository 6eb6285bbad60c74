/* spin - loops forever (or for N seconds of wall time): something for Ctrl-C and kill. */
#include "user.h"

int main(int argc, char **argv)
{
    uint64 until = argc > 1 ? rdtime() + (uint64)atoi(argv[1]) * TIME_HZ : ~0UL;
    volatile uint64 n = 0;
    while (rdtime() < until) n++;
    return 0;
}
