/* fmt.c - printf-style formatting, shared by the kernel's printf and the user libc. */
#include "fmt.h"

static int emit_number(fmt_sink sink, void *arg, uint64 v, int base, int neg, int width, char pad)
{
    char buf[24];
    int n = 0, out = 0;
    do {
        buf[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg) {
        if (pad == '0') { sink(arg, '-'); out++; width--; }
        else buf[n++] = '-';
    }
    for (; width > n; width--, out++) sink(arg, pad);
    while (n) { sink(arg, buf[--n]); out++; }
    return out;
}

int vformat(fmt_sink sink, void *arg, const char *fmt, va_list ap)
{
    int out = 0;
    for (; *fmt; fmt++) {
        if (*fmt != '%') { sink(arg, *fmt); out++; continue; }
        fmt++;
        char pad = ' ';
        int width = 0, lng = 0, left = 0;
        if (*fmt == '-') { left = 1; fmt++; }
        if (*fmt == '0') { pad = '0'; fmt++; }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l') { lng = 1; fmt++; }
        switch (*fmt) {
        case 'd': {
            int64 v = lng ? va_arg(ap, int64) : va_arg(ap, int);
            out += emit_number(sink, arg, v < 0 ? -(uint64)v : (uint64)v, 10, v < 0, width, pad);
            break;
        }
        case 'u':
            out += emit_number(sink, arg, lng ? va_arg(ap, uint64) : va_arg(ap, unsigned), 10, 0, width, pad);
            break;
        case 'x':
            out += emit_number(sink, arg, lng ? va_arg(ap, uint64) : va_arg(ap, unsigned), 16, 0, width, pad);
            break;
        case 'p':
            sink(arg, '0'); sink(arg, 'x');
            out += 2 + emit_number(sink, arg, va_arg(ap, uint64), 16, 0, 16, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int len = 0;
            while (s[len]) len++;
            if (!left) for (; width > len; width--, out++) sink(arg, ' ');
            for (; *s; s++, out++) sink(arg, *s);
            if (left) for (; width > len; width--, out++) sink(arg, ' ');
            break;
        }
        case 'c': sink(arg, (char)va_arg(ap, int)); out++; break;
        case '%': sink(arg, '%'); out++; break;
        case 0: return out;
        default: sink(arg, '%'); sink(arg, *fmt); out += 2; break;
        }
    }
    return out;
}

struct bufsink { char *buf; size_t size, len; };

static void buf_put(void *arg, char c)
{
    struct bufsink *b = arg;
    if (b->len + 1 < b->size) b->buf[b->len] = c;
    b->len++;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    struct bufsink b = { buf, size, 0 };
    va_list ap;
    va_start(ap, fmt);
    vformat(buf_put, &b, fmt, ap);
    va_end(ap);
    if (size) buf[b.len < size ? b.len : size - 1] = 0;
    return (int)b.len;
}
