package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * HotSpot never compiles a method with more than 8,000 bytes of bytecode
 * ({@code -XX:-DontCompileHugeMethods}): such a method would run interpreted forever, which
 * for the hart's run loop would mean a tenfold slowdown nobody notices in a unit test. This
 * test reads every compiled engine class (the class-file format, JVM spec chapter 4) and
 * fails naming any method over the limit. Generated blocks are checked by the emitter itself
 * ({@link BlockEmitter#HUGE_METHOD_LIMIT}).
 */
class MethodSizeTest {

    @Test
    void noEngineMethodIsTooBigForHotSpotToCompile() throws IOException, URISyntaxException {
        Path classes = Path.of(Hart.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> tooBig = new ArrayList<>();
        int methods = 0;
        long largest = 0;
        String largestName = "";
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                for (MethodCode m : codeLengths(file)) {
                    methods++;
                    String name = classes.relativize(file) + " " + m.name();
                    if (m.bytes() > largest) {
                        largest = m.bytes();
                        largestName = name;
                    }
                    if (m.bytes() > BlockEmitter.HUGE_METHOD_LIMIT) tooBig.add(name + ": " + m.bytes() + " bytes");
                }
            }
        }
        assertTrue(methods > 1000, "read only " + methods + " methods from " + classes);
        assertTrue(tooBig.isEmpty(), "methods HotSpot would never compile: " + tooBig
                + " (largest otherwise: " + largestName + ", " + largest + " bytes)");
    }

    /** A method and the length of its bytecode. */
    record MethodCode(String name, long bytes) { }

    /** Every method with code in a class file. */
    static List<MethodCode> codeLengths(Path classFile) throws IOException {
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) throw new IOException(classFile + " is not a class file");
            in.readUnsignedShort();                    // minor
            in.readUnsignedShort();                    // major
            int poolSize = in.readUnsignedShort();
            String[] utf8 = new String[poolSize];
            for (int i = 1; i < poolSize; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {                     // long and double take two entries
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> in.readInt();
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException(classFile + ": unknown constant pool tag " + tag);
                }
            }
            in.readUnsignedShort();                    // access flags
            in.readUnsignedShort();                    // this class
            in.readUnsignedShort();                    // super class
            in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
            int fields = in.readUnsignedShort();
            for (int f = 0; f < fields; f++) {
                in.skipNBytes(6);
                skipAttributes(in);
            }
            List<MethodCode> result = new ArrayList<>();
            int methods = in.readUnsignedShort();
            for (int m = 0; m < methods; m++) {
                in.readUnsignedShort();                // access flags
                String method = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String name = utf8[in.readUnsignedShort()];
                    long length = in.readInt() & 0xFFFF_FFFFL;
                    if ("Code".equals(name)) {
                        in.readUnsignedShort();        // max stack
                        in.readUnsignedShort();        // max locals
                        long code = in.readInt() & 0xFFFF_FFFFL;
                        result.add(new MethodCode(method, code));
                        in.skipNBytes(length - 8);
                    } else {
                        in.skipNBytes(length);
                    }
                }
            }
            return result;
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int a = 0; a < n; a++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt() & 0xFFFF_FFFFL);
        }
    }
}
