/* frame.h - the trap frame trap-s.S builds and the C side of its entry points. */
#ifndef FRAME_H
#define FRAME_H

/* x[0] is unused; x[2] is the interrupted sp. sepc is written back before sret. */
struct frame {
    unsigned long x[32];
    unsigned long sepc, scause, stval, pad;
};

#define REG_RA 1
#define REG_A0 10
#define REG_A1 11
#define REG_A7 17

void trap_entry(void);
/* Runs U-mode code at `pc` with a0 = arg until the trap handler calls leave_user(value). */
long enter_user(unsigned long pc, unsigned long arg);
__attribute__((noreturn)) void leave_user(long value);
/* Called by trap_entry with the saved frame. */
void trap(struct frame *f);

#endif
