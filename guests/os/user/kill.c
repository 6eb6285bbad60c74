/* kill - kills processes by pid. */
#include "user.h"

int main(int argc, char **argv)
{
    if (argc < 2) panic_exit("usage: kill PID...");
    int status = 0;
    for (int i = 1; i < argc; i++)
        if (kill(atoi(argv[i])) < 0) { fprintf(2, "kill: no process %s\n", argv[i]); status = 1; }
    return status;
}
