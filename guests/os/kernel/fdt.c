/* fdt.c - reads what the kernel needs from the flattened device tree the firmware passes
 * in a1 (Devicetree Specification v0.4, chapter 5): RAM, the initramfs, the harts, Sstc. */
#include "defs.h"
#include "memlayout.h"

struct bootinfo boot;

static uint32 be32(const uint8 *p) { return (uint32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static uint64 becells(const uint8 *p, uint32 len)
{
    return len >= 8 ? (uint64)be32(p) << 32 | be32(p + 4) : be32(p);
}

static int contains(const uint8 *v, uint32 len, const char *word)
{
    uint32 n = strlen(word);
    for (uint32 i = 0; i + n <= len; i++)
        if (memcmp(v + i, word, n) == 0) return 1;
    return 0;
}

void fdt_parse(uint64 addr)
{
    boot.fdt_addr = addr;
    boot.ram_base = DRAM_BASE;
    boot.ram_size = 128UL << 20;
    boot.harts = 1;
    const uint8 *h = (const uint8 *)addr;
    if (!addr || be32(h) != 0xd00dfeed) return;
    const uint8 *p = h + be32(h + 8);
    const char *strings = (const char *)h + be32(h + 12);
    char node[4][32];
    int depth = 0, cpus = 0;
    for (;;) {
        uint32 tok = be32(p);
        p += 4;
        if (tok == 1) {                                  /* FDT_BEGIN_NODE */
            const char *name = (const char *)p;
            uint32 n = strlen(name);
            if (depth < 4) strlcpy_(node[depth], name, sizeof node[0]);
            depth++;
            if (depth == 3 && strcmp(node[1], "cpus") == 0 && strncmp(name, "cpu@", 4) == 0) cpus++;
            p += (n + 4) & ~3u;
        } else if (tok == 2) {                           /* FDT_END_NODE */
            depth--;
        } else if (tok == 3) {                           /* FDT_PROP */
            uint32 len = be32(p), nameoff = be32(p + 4);
            const uint8 *v = p + 8;
            const char *prop = strings + nameoff;
            if (depth == 2 && strcmp(node[1], "chosen") == 0) {
                if (strcmp(prop, "linux,initrd-start") == 0) boot.initrd_start = becells(v, len);
                if (strcmp(prop, "linux,initrd-end") == 0) boot.initrd_end = becells(v, len);
            }
            if (depth == 2 && strncmp(node[1], "memory", 6) == 0 && strcmp(prop, "reg") == 0 && len >= 16) {
                boot.ram_base = becells(v, 8);
                boot.ram_size = becells(v + 8, 8);
            }
            if (depth == 3 && strcmp(node[1], "cpus") == 0 &&
                (strcmp(prop, "riscv,isa") == 0 || strcmp(prop, "riscv,isa-extensions") == 0) &&
                contains(v, len, "sstc"))
                boot.sstc = 1;
            p += 8 + ((len + 3) & ~3u);
        } else if (tok == 4) {                           /* FDT_NOP */
        } else {
            break;                                       /* FDT_END or garbage */
        }
    }
    if (cpus > 0) boot.harts = cpus > NCPU ? NCPU : cpus;
}
