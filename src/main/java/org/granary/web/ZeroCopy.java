package org.granary.web;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * The server's own zero-copy file send, when its Servlet output stream has one: a public
 * {@code transferFrom(FileChannel)} (Undertow's, which WildFly uses, hands the file to the kernel's
 * {@code sendfile}). Looked for at run time by name, per stream class, so no container API is compiled against;
 * a server without it (or a stream wrapped by a filter) gets {@link Optional#empty()} and the caller sends through
 * the standard stream.
 */
final class ZeroCopy {

    private static final MethodType TRANSFER = MethodType.methodType(void.class, FileChannel.class);

    private static final ClassValue<Optional<MethodHandle>> FOUND = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            try {
                return Optional.of(MethodHandles.publicLookup().findVirtual(type, "transferFrom", TRANSFER));
            } catch (NoSuchMethodException | IllegalAccessException | SecurityException absent) {
                return Optional.empty();
            }
        }
    };

    private ZeroCopy() {
    }

    /** The zero-copy send of {@code out}, if it has one: it sends the channel from its position to its end. */
    static Optional<Sender> of(OutputStream out) {
        return FOUND.get(out.getClass()).map(handle -> channel -> {
            try {
                handle.invoke(out, channel);
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IOException(t);
            }
        });
    }

    @FunctionalInterface
    interface Sender {
        void send(FileChannel channel) throws IOException;
    }
}
