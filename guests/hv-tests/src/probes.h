/* probes.h - probes.S: memory accesses a trap handler can skip (every one is 4 bytes). */
#ifndef PROBES_H
#define PROBES_H

#define PROBE_NONE (~0UL)
#define FETCH_PAGE_VALUE 0x5afec0de00008067UL   /* ld of fetch_page: ret, then 0x5afec0de */

unsigned long probe_ld(unsigned long addr);
void probe_sd(unsigned long addr, unsigned long value);
void probe_fetch(unsigned long addr);
extern char fetch_page[];

#endif
