/* hostname - prints or sets the machine's name. */
#include "user.h"

int main(int argc, char **argv)
{
    char name[64];
    if (argc > 1) return sethostname(argv[1], strlen(argv[1])) < 0;
    if (gethostname(name, sizeof name) < 0) return 1;
    printf("%s\n", name);
    return 0;
}
