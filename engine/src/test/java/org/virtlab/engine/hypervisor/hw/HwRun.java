package org.virtlab.engine.hypervisor.hw;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;

/** Runs reference guests (guests/hv-tests) in hypervisor domains: boards, domains and the outcome. */
record HwRun(BoardRunner runner, String console, BoardRunner.Outcome outcome) {
    static final long BUDGET = 200_000_000;

    Hypervisor hypervisor() {
        return runner.board().hypervisor();
    }

    HardwareVirtualization hw(int domain) {
        return (HardwareVirtualization) hypervisor().domain(domain).virtualization();
    }

    static byte[] guest(String name) {
        try (InputStream in = HwRun.class.getResourceAsStream("/hv-tests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource hv-tests/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static BoardConfig guestBoard(String image, boolean firmware) {
        BoardConfig.Builder b = BoardConfig.builder().kernel(guest(image), image).memoryMiB(32);
        return (firmware ? b.builtinFirmware() : b.noFirmware()).build();
    }

    static DomainSpec hw(String name, String image) {
        return new DomainSpec(name, guestBoard(image, true), Technique.HW, 1);
    }

    static BoardConfig hypervisorBoard(int harts, boolean hExtension, long quantumTicks, DomainSpec... domains) {
        HypervisorConfig d = HypervisorConfig.of(List.of(domains));
        HypervisorConfig hc = new HypervisorConfig(d.domains(), quantumTicks, d.shadowCaching(), d.costs(),
                d.traceCapacity(), d.spareHostMemory());
        return BoardConfig.builder().harts(harts).hExtension(hExtension).memoryBytes(hc.hostMemoryBytes())
                .hypervisor(hc).build();
    }

    static BoardConfig hypervisorBoard(int harts, DomainSpec... domains) {
        return hypervisorBoard(harts, true, HypervisorConfig.DEFAULT_QUANTUM_TICKS, domains);
    }

    static HwRun run(BoardConfig board) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BoardRunner runner = new BoardRunner(board, out::write, null);
        BoardRunner.Outcome o = runner.run(BUDGET);
        return new HwRun(runner, out.toString(StandardCharsets.ISO_8859_1), o);
    }
}
