/* string.c - memory and string functions, compiled into both the kernel and the user libc. */
#include "types.h"
#include "string.h"

void *memset(void *dst, int c, size_t n)
{
    uint8 *d = dst;
    if ((((uint64)d | n) & 7) == 0) {
        uint64 v = (uint8)c;
        v |= v << 8; v |= v << 16; v |= v << 32;
        for (uint64 *w = dst; n; n -= 8) *w++ = v;
        return dst;
    }
    while (n--) *d++ = (uint8)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    if ((((uint64)dst | (uint64)src | n) & 7) == 0) {
        uint64 *d = dst;
        const uint64 *s = src;
        for (; n; n -= 8) *d++ = *s++;
        return dst;
    }
    uint8 *d = dst;
    const uint8 *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    uint8 *d = dst;
    const uint8 *s = src;
    if (d < s || d >= s + n) return memcpy(dst, src, n);
    while (n--) d[n] = s[n];
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8 *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y) return *x - *y;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n]) n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return (uint8)*a - (uint8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b) return (uint8)*a - (uint8)*b;
        if (!*a) return 0;
    }
    return 0;
}

/* Copies at most n-1 characters and always terminates (when n > 0). */
char *strlcpy_(char *dst, const char *src, size_t n)
{
    size_t i = 0;
    if (n == 0) return dst;
    for (; i + 1 < n && src[i]; i++) dst[i] = src[i];
    dst[i] = 0;
    return dst;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++)) ;
    return dst;
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

char *strchr(const char *s, int c)
{
    for (; *s; s++)
        if (*s == (char)c) return (char *)s;
    return c == 0 ? (char *)s : 0;
}

char *strstr(const char *h, const char *n)
{
    size_t len = strlen(n);
    for (; *h; h++)
        if (strncmp(h, n, len) == 0) return (char *)h;
    return len == 0 ? (char *)h : 0;
}

int atoi(const char *s)
{
    int neg = 0, v = 0;
    while (*s == ' ') s++;
    if (*s == '-') neg = 1, s++;
    while (*s >= '0' && *s <= '9') v = v * 10 + (*s++ - '0');
    return neg ? -v : v;
}
