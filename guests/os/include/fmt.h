/* fmt.h - lib/fmt.c: printf-style formatting into any sink (kernel console, user fd, buffer). */
#ifndef FMT_H
#define FMT_H
#include <stdarg.h>
#include "types.h"
typedef void (*fmt_sink)(void *arg, char c);
/* Formats %d %u %x %p %s %c %% with optional l/ll, width and 0-padding; returns characters written. */
int vformat(fmt_sink sink, void *arg, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);
#endif
