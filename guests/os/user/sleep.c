/* sleep - waits N seconds (or N.NN). */
#include "user.h"

int main(int argc, char **argv)
{
    if (argc != 2) panic_exit("usage: sleep SECONDS");
    int ticks = atoi(argv[1]) * 100;
    char *dot = strchr(argv[1], '.');
    if (dot && dot[1]) ticks += (dot[1] - '0') * 10 + (dot[2] ? dot[2] - '0' : 0);
    return sleep(ticks) < 0;
}
