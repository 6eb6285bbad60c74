/* exec.c - replaces the current process's program with an ELF executable from the file
 * system (ELF-64 Object File Format: file header, program headers, PT_LOAD segments).
 * The new image is built in a fresh address space and swapped in only when complete. */
#include "defs.h"
#include "memlayout.h"

struct elf_header {
    uint32 magic;             /* 0x7F 'E' 'L' 'F' */
    uint8  ident[12];
    uint16 type, machine;
    uint32 version;
    uint64 entry, phoff, shoff;
    uint32 flags;
    uint16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct prog_header {
    uint32 type, flags;
    uint64 off, vaddr, paddr, filesz, memsz, align;
};

#define ELF_MAGIC 0x464C457FU
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

static int load_segment(pagetable_t pt, struct inode *ip, struct prog_header *ph)
{
    /* The segment's own permissions: text R-X, read-only data R--, data and bss RW-. The
     * kernel fills the pages through their physical addresses, so they need no W for that.
     * Sv39 has no write-only pages: W implies R. */
    uint64 perm = (ph->flags & PF_R ? PTE_R : 0) | (ph->flags & PF_W ? PTE_W | PTE_R : 0) | (ph->flags & PF_X ? PTE_X : 0);
    if (!perm) return -1;
    for (uint64 va = PGROUNDDOWN(ph->vaddr); va < ph->vaddr + ph->memsz; va += PGSIZE) {
        if (uvm_map_page(pt, va, perm) < 0) return -1;
    }
    for (uint64 done = 0; done < ph->filesz;) {
        uint64 va = ph->vaddr + done;
        uint64 chunk = min(ph->filesz - done, PGSIZE - (va & (PGSIZE - 1)));
        if (inode_read(ip, 0, (uint64)uvm_lookup(pt, va), ph->off + done, chunk) != (int)chunk) return -1;
        done += chunk;
    }
    return 0;
}

/* Returns argc (which becomes a0) on success, -1 with the old program untouched otherwise. */
int exec(const char *path, char **argv)
{
    struct proc *p = myproc();
    struct inode *ip = namei(path);
    struct elf_header eh;
    if (!ip || ip->type != T_FILE) return -1;
    if (inode_read(ip, 0, (uint64)&eh, 0, sizeof eh) != sizeof eh || eh.magic != ELF_MAGIC) return -1;
    pagetable_t pt = uvm_create();
    if (!pt) return -1;
    uint64 image_end = USER_BASE;
    pagetable_t old = p->pagetable;
    for (int i = 0; i < eh.phnum; i++) {
        struct prog_header ph;
        if (inode_read(ip, 0, (uint64)&ph, eh.phoff + i * sizeof ph, sizeof ph) != sizeof ph) goto bad;
        if (ph.type != PT_LOAD || ph.memsz == 0) continue;
        if (ph.vaddr < USER_BASE || ph.vaddr + ph.memsz > USER_TOP - USER_STACK_PAGES * PGSIZE ||
            ph.filesz > ph.memsz || load_segment(pt, ip, &ph) < 0)
            goto bad;
        if (ph.vaddr + ph.memsz > image_end) image_end = ph.vaddr + ph.memsz;
    }
    /* The stack: argument strings, then argv[], at the top. */
    uint64 sp = USER_TOP, argp[MAXARG + 1];
    int argc = 0;
    if (uvm_map_page(pt, USER_TOP - PGSIZE, PTE_R | PTE_W) < 0) goto bad;
    for (; argv[argc]; argc++) {
        uint64 len = strlen(argv[argc]) + 1;
        sp -= len;
        if (sp < USER_TOP - PGSIZE + 256) goto bad;
        memcpy(uvm_lookup(pt, sp), argv[argc], len);
        argp[argc] = sp;
    }
    argp[argc] = 0;
    sp -= (argc + 1) * 8;
    sp &= ~15UL;
    memcpy(uvm_lookup(pt, sp), argp, (argc + 1) * 8);

    const char *last = path;
    for (const char *s = path; *s; s++) if (*s == '/') last = s + 1;
    strlcpy_(p->name, last, sizeof p->name);
    p->pagetable = pt;
    p->image_end = p->brk = PGROUNDUP(image_end);
    p->npages = uvm_pages(pt);
    p->tf->epc = eh.entry;
    p->tf->x[REG_SP] = sp;
    p->tf->x[REG_A0 + 1] = sp;
    p->asid_gen = ++asid_generation;      /* a new table under the same ASID: fence it */
    proc_switch_pagetable(mycpu(), p);
    uvm_free(old);
    return argc;
bad:
    uvm_free(pt);
    return -1;
}
