package org.virtlab.engine.hypervisor.sbi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.virtlab.engine.firmware.SbiError;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * A {@link GuestSbiPlatform} for tests: every request is recorded as a line in {@link #log}
 * ("timer 0 0x1234", "ipi 2", "fence 1 SFENCE_VMA 0x1000 0x2000 0x0", "start 1 0x80001000 0x42",
 * "stop 0", "shutdown 1", "reboot", "fault 0 0x5000"), console output goes to {@link #console},
 * input comes from {@link #input}. The domain's RAM is 16 KiB at guest-physical 0x8000_0000,
 * carved at host 0x8000_8000 out of a 64 KiB host RAM, so a test can see that buffers are
 * translated. Guest-virtual memory (for legacy hart masks) is the map {@link #virtualLongs}:
 * any address not in it faults.
 */
final class FakeDomain implements GuestSbiPlatform {
    static final long GUEST_RAM = 0x8000_0000L, HOST_OFFSET = 0x8000L, RAM_SIZE = 0x4000L;

    final Ram host = new Ram(0x8000_0000L, 0x1_0000L);
    final DomainMemory memory = new DomainMemory(host, GUEST_RAM, GUEST_RAM + HOST_OFFSET, RAM_SIZE);
    final List<String> log = new ArrayList<>();
    final StringBuilder console = new StringBuilder();
    final ArrayDeque<Integer> input = new ArrayDeque<>();
    final Map<Long, Long> virtualLongs = new HashMap<>();
    final boolean[] running;
    final boolean[] ssip;
    /** What startVcpu answers for an address outside domain RAM. */
    long badStartError = SbiError.INVALID_ADDRESS;

    FakeDomain(int vcpus) {
        running = new boolean[vcpus];
        ssip = new boolean[vcpus];
        running[0] = true;
    }

    @Override
    public int vcpuCount() {
        return running.length;
    }

    @Override
    public boolean isRunning(int vcpu) {
        return running[vcpu];
    }

    @Override
    public void setTimer(int vcpu, long stimeValue) {
        log.add("timer " + vcpu + " 0x" + Long.toHexString(stimeValue));
    }

    @Override
    public void sendSoftwareInterrupt(int vcpu) {
        ssip[vcpu] = true;
        log.add("ipi " + vcpu);
    }

    @Override
    public boolean clearSoftwareInterrupt(int vcpu) {
        boolean was = ssip[vcpu];
        ssip[vcpu] = false;
        return was;
    }

    @Override
    public void remoteFence(int vcpu, FenceKind kind, long start, long size, long asid) {
        log.add(String.format("fence %d %s 0x%x 0x%x 0x%x", vcpu, kind, start, size, asid));
    }

    @Override
    public long startVcpu(int vcpu, long startAddr, long opaque) {
        if (!memory.contains(startAddr, 2)) return badStartError;
        running[vcpu] = true;
        log.add(String.format("start %d 0x%x 0x%x", vcpu, startAddr, opaque));
        return SbiError.SUCCESS;
    }

    @Override
    public void stopVcpu(int vcpu) {
        running[vcpu] = false;
        log.add("stop " + vcpu);
    }

    @Override
    public void shutdown(int exitCode) {
        log.add("shutdown " + exitCode);
    }

    @Override
    public void reboot() {
        log.add("reboot");
    }

    @Override
    public void consoleWrite(int b) {
        console.append((char) b);
    }

    @Override
    public int consoleRead() {
        Integer b = input.poll();
        return b == null ? -1 : b;
    }

    @Override
    public DomainMemory memory() {
        return memory;
    }

    @Override
    public OptionalLong readGuestVirtualLong(int vcpu, long va) {
        Long v = virtualLongs.get(va);
        if (v != null) return OptionalLong.of(v);
        log.add(String.format("fault %d 0x%x", vcpu, va));
        return OptionalLong.empty();
    }

    void type(String s) {
        for (char c : s.toCharArray()) input.add((int) c);
    }

    /** Writes {@code s} into domain RAM at guest-physical {@code gpa} (through the host RAM). */
    void poke(long gpa, String s) {
        for (int i = 0; i < s.length(); i++) host.write(gpa + HOST_OFFSET + i, 1, s.charAt(i));
    }

    /** Reads {@code n} bytes of domain RAM at guest-physical {@code gpa}. */
    String peek(long gpa, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append((char) host.read(gpa + HOST_OFFSET + i, 1));
        return sb.toString();
    }
}
