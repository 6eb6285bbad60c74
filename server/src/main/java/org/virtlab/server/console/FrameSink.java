package org.virtlab.server.console;

import java.nio.ByteBuffer;

/**
 * Where a {@link Viewer}'s frames go: a WebSocket session in the server, a list in tests. A
 * send is asynchronous and must call exactly one of the two callbacks when it completes.
 */
public interface FrameSink {
    void sendBinary(ByteBuffer frame, Runnable done, java.util.function.Consumer<Throwable> failed);

    void close(int code, String reason);
}
