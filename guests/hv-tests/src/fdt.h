/* fdt.h - just enough of the flattened device tree (Devicetree Specification v0.4, chapter 5
 * "Flattened Devicetree (DTB) Format") to find where RAM ends: the first `reg` of the first
 * top-level node named "memory" or "memory@...". Assumes #address-cells = #size-cells = 2, as
 * on the virt board. All header and structure fields are big-endian 32-bit words. */
#ifndef FDT_H
#define FDT_H

#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9
#define FDT_MAX_WORDS  (1U << 20)      /* bound the walk: a broken tree must not hang us */

static inline unsigned int fdt_be32(const void *p) {
    const unsigned char *b = p;
    return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 | b[3];
}

static inline unsigned long fdt_be64(const void *p) {
    return (unsigned long)fdt_be32(p) << 32 | fdt_be32((const unsigned char *)p + 4);
}

static inline int fdt_name_is(const char *s, const char *want) {
    while (*want && *s == *want) { s++; want++; }
    return *want == 0 && *s == 0;
}

static inline int fdt_is_memory_node(const char *name) {
    const char *m = "memory";
    while (*m && *name == *m) { name++; m++; }
    return *m == 0 && (*name == 0 || *name == '@');
}

/* The end of the first memory range (base + size), or 0 if there is none. */
static inline unsigned long fdt_memory_end(const void *fdt) {
    const unsigned char *blob = fdt;
    if (!fdt || fdt_be32(blob) != FDT_MAGIC) return 0;
    const unsigned char *p = blob + fdt_be32(blob + 8);
    const char *strings = (const char *)blob + fdt_be32(blob + 12);
    int depth = 0, in_memory = 0;
    for (unsigned steps = 0; steps < FDT_MAX_WORDS; steps++) {
        unsigned token = fdt_be32(p);
        p += 4;
        if (token == FDT_BEGIN_NODE) {
            const char *name = (const char *)p;
            unsigned len = 0;
            while (name[len]) len++;
            p += (len + 4) & ~3U;
            depth++;
            in_memory = depth == 2 && fdt_is_memory_node(name);
        } else if (token == FDT_END_NODE) {
            depth--;
            in_memory = 0;
        } else if (token == FDT_PROP) {
            unsigned len = fdt_be32(p);
            const char *name = strings + fdt_be32(p + 4);
            const unsigned char *value = p + 8;
            p += 8 + ((len + 3) & ~3U);
            if (in_memory && len >= 16 && fdt_name_is(name, "reg")) return fdt_be64(value) + fdt_be64(value + 8);
        } else if (token != FDT_NOP) {
            return 0;                                   /* FDT_END or garbage */
        }
    }
    return 0;
}

#endif
