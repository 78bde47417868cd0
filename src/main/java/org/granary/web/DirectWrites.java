package org.granary.web;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The server's own write of a {@link ByteBuffer}, when its Servlet output stream has one: a public
 * {@code write(ByteBuffer)} (Servlet 6.1 adds it to {@code ServletOutputStream}; Undertow's stream, which WildFly uses,
 * has it already). Undertow hands a direct buffer straight to the socket, where the standard {@code write(byte[])}
 * first copies the bytes into its own buffers. Looked for at run time by name, per stream class, so no container API
 * is compiled against; a server without it (or a stream wrapped by a filter) gets {@link Optional#empty()} and the
 * caller sends through the standard stream.
 * <p>
 * Undertow's {@code transferFrom(FileChannel)} looks like the better send but is not, here: behind its HTTP/1.1
 * response conduit it becomes {@code FileChannel.transferTo} into a plain channel, which the JDK carries out in 8 KiB
 * reads and writes (256 system calls for a 1 MiB artifact; bench/RESULTS.md, session 8).
 */
final class DirectWrites {

    private static final MethodType WRITE = MethodType.methodType(void.class, ByteBuffer.class);

    private static final ClassValue<Optional<MethodHandle>> FOUND = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            try {
                return Optional.of(MethodHandles.publicLookup().findVirtual(type, "write", WRITE));
            } catch (NoSuchMethodException | IllegalAccessException | SecurityException absent) {
                return Optional.empty();
            }
        }
    };

    private DirectWrites() {
    }

    /** The buffer write of {@code out}, if it has one: it writes all of the buffer's remaining bytes. */
    static Optional<Writer> of(OutputStream out) {
        return FOUND.get(out.getClass()).map(handle -> buffer -> {
            try {
                handle.invoke(out, buffer);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        });
    }

    @FunctionalInterface
    interface Writer {
        void write(ByteBuffer buffer) throws IOException;
    }
}
