package org.virtlab.engine.devices.virtio.console;

/** What a virtio console saves: host input the guest has not received yet (copied in and out). */
public record VirtioConsoleState(byte[] hostInput) {

    public VirtioConsoleState {
        hostInput = hostInput.clone();
    }

    public static VirtioConsoleState empty() {
        return new VirtioConsoleState(new byte[0]);
    }

    @Override public byte[] hostInput() { return hostInput.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtioConsoleState s && java.util.Arrays.equals(hostInput, s.hostInput);
    }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(hostInput); }

    @Override
    public String toString() { return "VirtioConsoleState[hostInput=" + hostInput.length + " bytes]"; }
}
