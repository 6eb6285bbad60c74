/* user.h - the user library (ulib/): system calls (generated stubs), strings, printf, malloc. */
#ifndef USER_H
#define USER_H
#include "types.h"
#include "abi.h"
#include "string.h"
#include "fmt.h"

/* system calls (usys.S, generated from tools/syscalls.tbl) */
int   fork(void);
void  exit(int status) __attribute__((noreturn));
int   wait(int *status);
int   pipe(int fds[2]);
int   read(int fd, void *buf, int n);
int   write(int fd, const void *buf, int n);
int   close(int fd);
int   kill(int pid);
int   exec(const char *path, char **argv);
int   open(const char *path, int mode);
int   fstat(int fd, struct stat *st);
int   chdir(const char *path);
int   dup(int fd);
int   getpid(void);
int   getppid(void);
char *sbrk(long n);
int   sleep(int ticks);
long  uptime(void);
int   mkdir(const char *path);
int   unlink(const char *path);
int   poweroff(int status);
int   gethostname(char *buf, long n);
int   sethostname(const char *name, long n);
int   setintr(int spared);
long  lseek(int fd, long off, int whence);

/* ulib */
int   printf(const char *fmt, ...);
int   fprintf(int fd, const char *fmt, ...);
void *malloc(size_t n);
void  free(void *p);
int   stat(const char *path, struct stat *st);
char *gets(char *buf, int max);
void  panic_exit(const char *msg) __attribute__((noreturn));

/* time: the rdtime counter, 10 MHz */
static inline uint64 rdtime(void) { uint64 t; asm volatile("rdtime %0" : "=r"(t)); return t; }
#define TIME_HZ 10000000UL
#endif
