/* init - the first process: opens the console as fds 0, 1, 2 and keeps a shell running. */
#include "user.h"

int main(void)
{
    if (open("/dev/console", O_RDWR) < 0) exit(1);
    dup(0);
    dup(0);
    setintr(1);
    for (;;) {
        int pid = fork();
        if (pid == 0) {
            char *argv[] = { "sh", 0 };
            exec("/bin/sh", argv);
            panic_exit("init: cannot run /bin/sh");
        }
        for (;;) {
            int status, w = wait(&status);
            if (w == pid) break;
            if (w < 0) break;
        }
    }
}
