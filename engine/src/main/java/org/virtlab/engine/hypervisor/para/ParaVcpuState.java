package org.virtlab.engine.hypervisor.para;

/**
 * One paravirtualized vCPU in a snapshot ({@link ParaVcpu}): virtual kernel or user mode, the
 * root it runs on, its shared info page (-1: not registered yet), its registered entry points,
 * its one-shot timer (Long.MAX_VALUE: none) and the events raised before it had an info page.
 * The info page's contents (mask, pending, the last bounce's frame) are in RAM.
 */
public record ParaVcpuState(boolean kernelMode, long root, long info, long userTrapEntry, long syscallEntry,
        long kernelTrapEntry, long timerDeadline, long earlyPending) { }
