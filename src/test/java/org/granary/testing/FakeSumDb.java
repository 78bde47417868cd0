package org.granary.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Go checksum database on 127.0.0.1, written from the protocol go speaks (golang.org/x/mod {@code sumdb},
 * {@code sumdb/tlog}, {@code sumdb/note}): a transparent log (an RFC 6962 Merkle tree: a record's hash is
 * SHA-256(0x00 || record), a node's SHA-256(0x01 || left || right)) over one record per module version,
 * {@code "<path> <version> h1:…\n<path> <version>/go.mod h1:…\n"}, served as tiles of height 8
 * ({@code /tile/8/<L>/<N>[.p/<W>]}, {@code /tile/8/data/…}), with {@code /latest} and {@code /lookup/<module>@<version>}
 * carrying the tree head as a note signed with an Ed25519 test key.
 * <p>
 * The key comes from a fixed seed, so the log is the same in every run: the server under test keeps tiles for ever
 * (as a real database's never change), also across runs that do not clean its data directory.
 */
public class FakeSumDb extends FakeUpstream {

    private static final int HEIGHT = 8;
    private static final byte ALG_ED25519 = 1;

    private final String name;
    private final List<GoModule> modules;
    private final List<byte[]> records = new ArrayList<>();
    private final List<byte[]> leaves = new ArrayList<>();
    private final KeyPair key;
    private final byte[] publicKey;
    private final Set<String> userAgents = ConcurrentHashMap.newKeySet();

    public FakeSumDb(int port, String name, List<GoModule> modules) {
        super(port);
        this.name = name;
        this.modules = List.copyOf(modules);
        for (GoModule m : modules) {
            byte[] record = (m.path() + " " + m.version() + " " + m.h1() + "\n"
                    + m.path() + " " + m.version() + "/go.mod " + modH1(m.mod()) + "\n").getBytes(StandardCharsets.UTF_8);
            records.add(record);
            leaves.add(sha256(new byte[] {0}, record));
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(name));
            key = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] x509 = key.getPublic().getEncoded(); // SubjectPublicKeyInfo: the raw 32-byte key comes last
        publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        onPrefix("/", this::serve);
    }

    /** The verifier key to put in GOSUMDB: {@code <name>+<key hash, 8 hex digits>+<base64(0x01 || public key)>}. */
    public String vkey() {
        byte[] encoded = encodedKey();
        return name + "+" + HexFormat.of().toHexDigits(keyHash()) + "+" + Base64.getEncoder().encodeToString(encoded);
    }

    /** The user agents of every request received. */
    public Set<String> userAgents() {
        return Set.copyOf(userAgents);
    }

    public int tileRequests() {
        return requestCountWithPrefix("/tile/");
    }

    public int lookupRequests() {
        return requestCountWithPrefix("/lookup/");
    }

    /** The go.sum {@code h1:} hash of a go.mod alone: the dirhash of one file named {@code go.mod}. */
    public static String modH1(byte[] goMod) {
        String summary = HexFormat.of().formatHex(sha256(goMod)) + "  go.mod\n";
        return "h1:" + Base64.getEncoder().encodeToString(sha256(summary.getBytes(StandardCharsets.UTF_8)));
    }

    private void serve(Exchange exchange) throws IOException {
        userAgents.add(exchange.header("User-Agent").orElse(""));
        String path = exchange.rawPath();
        if (path.equals("/latest")) {
            exchange.respond(200, "text/plain; charset=utf-8", signedTree());
            return;
        }
        if (path.startsWith("/lookup/")) {
            String wanted = path.substring("/lookup/".length());
            for (int i = 0; i < modules.size(); i++) {
                GoModule m = modules.get(i);
                if (wanted.equals(m.escapedPath() + "@" + m.escapedVersion())) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    body.writeBytes(formatRecord(i));
                    body.writeBytes(signedTree());
                    exchange.respond(200, "text/plain; charset=utf-8", body.toByteArray());
                    return;
                }
            }
            exchange.respondText(404, "not found: " + wanted);
            return;
        }
        if (path.startsWith("/tile/")) {
            byte[] tile = tile(path.substring(1));
            if (tile == null) {
                exchange.respondText(404, "no such tile: " + path);
            } else {
                exchange.respond(200, "application/octet-stream", tile);
            }
            return;
        }
        exchange.respondText(404, "not found: " + path);
    }

    /** A tile {@code tile/8/<L|data>/<N>[.p/<W>]}, or null when the log has no such (complete) tile. */
    private byte[] tile(String path) {
        String[] f = path.split("/");
        if (f.length < 4 || !f[1].equals(Integer.toString(HEIGHT))) {
            return null;
        }
        boolean data = f[2].equals("data");
        int level = data ? 0 : Integer.parseInt(f[2]);
        int width = 1 << HEIGHT;
        List<String> index = new ArrayList<>(Arrays.asList(f).subList(3, f.length));
        String lastIndex = index.get(index.size() - 1);
        if (index.size() >= 2 && index.get(index.size() - 2).endsWith(".p")) {
            width = Integer.parseInt(lastIndex);
            index.remove(index.size() - 1);
            String p = index.remove(index.size() - 1);
            index.add(p.substring(0, p.length() - 2));
        }
        long n = 0;
        for (String part : index) {
            n = n * 1000 + Long.parseLong(part.startsWith("x") ? part.substring(1) : part);
        }
        int treeLevel = level * HEIGHT;
        long first = n << HEIGHT;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long i = first; i < first + width; i++) {
            if ((i + 1) << treeLevel > leaves.size()) {
                return null; // that subtree is not complete in this log
            }
            out.writeBytes(data ? formatRecord((int) i) : subtree(treeLevel, i));
        }
        return out.toByteArray();
    }

    /** The hash of the complete subtree at {@code level} (0: a leaf) with index {@code index}. */
    private byte[] subtree(int level, long index) {
        return treeHash((int) (index << level), (int) ((index + 1) << level));
    }

    /** RFC 6962 Merkle tree hash of leaves [from, to): split at the largest power of two below the count. */
    private byte[] treeHash(int from, int to) {
        int count = to - from;
        if (count == 1) {
            return leaves.get(from);
        }
        int split = Integer.highestOneBit(count - 1);
        return sha256(new byte[] {1}, treeHash(from, from + split), treeHash(from + split, to));
    }

    /** {@code <id>\n<record>\n}, as tlog formats a record. */
    private byte[] formatRecord(int id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((id + "\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(records.get(id));
        out.write('\n');
        return out.toByteArray();
    }

    /** The tree head as a signed note: its text, a blank line, {@code — <name> <base64(key hash || signature)>}. */
    private byte[] signedTree() {
        String text = "go.sum database tree\n" + leaves.size() + "\n"
                + Base64.getEncoder().encodeToString(treeHash(0, leaves.size())) + "\n";
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] signed = ByteBuffer.allocate(4 + signature.length).putInt(keyHash()).put(signature).array();
        return (text + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(signed) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The key's id: the first four bytes (big-endian) of SHA-256(name || "\n" || 0x01 || public key). */
    private int keyHash() {
        return ByteBuffer.wrap(sha256((name + "\n").getBytes(StandardCharsets.UTF_8), encodedKey())).getInt();
    }

    private byte[] encodedKey() {
        byte[] encoded = new byte[1 + publicKey.length];
        encoded[0] = ALG_ED25519;
        System.arraycopy(publicKey, 0, encoded, 1, publicKey.length);
        return encoded;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Randomness that is a fixed function of the database name: the same test key in every run. */
    private static final class FixedSeed extends SecureRandom {
        private final byte[] seed;

        FixedSeed(String name) {
            seed = sha256(("granary test checksum database " + name).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = seed[i % seed.length];
            }
        }
    }
}
