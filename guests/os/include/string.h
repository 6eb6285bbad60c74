/* string.h - lib/string.c, shared by the kernel and user programs. */
#ifndef STRING_H
#define STRING_H
#include "types.h"
void  *memset(void *dst, int c, size_t n);
void  *memcpy(void *dst, const void *src, size_t n);
void  *memmove(void *dst, const void *src, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
char  *strlcpy_(char *dst, const char *src, size_t n);
char  *strcpy(char *dst, const char *src);
char  *strcat(char *dst, const char *src);
char  *strchr(const char *s, int c);
char  *strstr(const char *h, const char *n);
int    atoi(const char *s);
#endif
