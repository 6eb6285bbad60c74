/* abi.h - what the kernel and user programs agree on besides syscall numbers
 * (those are generated from tools/syscalls.tbl): open flags, stat, directory records. */
#ifndef ABI_H
#define ABI_H
#include "types.h"

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR   0x002
#define O_CREATE 0x200
#define O_TRUNC  0x400
#define O_APPEND 0x800

#define T_DIR    1
#define T_FILE   2
#define T_DEV    3      /* the console */
#define T_PROC   4      /* a generated /proc file */
#define T_BLK    5      /* a block device: /dev/disk0 */

/* lseek whence */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

struct stat {
    int    type;
    int    ino;
    uint64 size;
};

#define DIRNAME 28
/* read() on a directory returns whole records of this shape. */
struct dirent {
    int  ino;
    char name[DIRNAME];
};

#define MAXARG   16
#define MAXPATH  128
#endif
