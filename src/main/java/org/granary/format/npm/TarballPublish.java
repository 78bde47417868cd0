package org.granary.format.npm;

import org.granary.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.granary.core.InvalidRequestException;

/**
 * A package tarball ({@code npm pack}'s {@code .tgz}) turned into the body {@code npm publish} sends, so a tarball
 * uploaded another way (the admin console) goes through the same {@link NpmPublishing#put} as the client's publish.
 * Pure: reads {@code package/package.json} out of the gzipped tar, nothing else.
 */
public final class TarballPublish {

    /** The largest {@code package.json} read. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private TarballPublish() {
    }

    /** The package's name and version, and the publish body carrying the tarball. */
    public record Body(String name, String version, byte[] json) {
    }

    public static Body of(byte[] tarball) {
        JsonObject manifest = packageJson(tarball);
        String name = text(manifest, "name");
        String version = text(manifest, "version");
        String attachment = name.substring(name.indexOf('/') + 1) + "-" + version + ".tgz";
        JsonObject body = Json.createObjectBuilder()
                .add("_id", name)
                .add("name", name)
                .add("dist-tags", Json.createObjectBuilder().add("latest", version))
                .add("versions", Json.createObjectBuilder().add(version, Json.createObjectBuilder(manifest)
                        .add("_id", name + "@" + version)))
                .add("_attachments", Json.createObjectBuilder().add(attachment, Json.createObjectBuilder()
                        .add("content_type", "application/octet-stream")
                        .add("data", Base64.getEncoder().encodeToString(tarball))
                        .add("length", tarball.length)))
                .build();
        return new Body(name, version, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code package/package.json} of a gzipped tar (npm's tarballs put everything under one top folder). */
    static JsonObject packageJson(byte[] tarball) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarball))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                boolean manifest = (type == '0' || type == 0) && path.indexOf('/') > 0
                        && path.substring(path.indexOf('/') + 1).equals("package.json");
                if (manifest) {
                    if (size > MAX_MANIFEST_BYTES) {
                        throw new InvalidRequestException("the tarball's package.json is larger than 1 MiB");
                    }
                    byte[] json = in.readNBytes((int) size);
                    try (JsonReader r = Json.createReader(new ByteArrayInputStream(json))) {
                        return r.readObject();
                    } catch (JsonException | IllegalStateException e) {
                        throw new InvalidRequestException("the tarball's package.json is not a JSON object");
                    }
                }
                in.skipNBytes((size + 511) / 512 * 512);
            }
        } catch (IOException | NumberFormatException e) {
            throw new InvalidRequestException("this is not a package tarball (a .tgz as npm pack makes it)");
        }
        throw new InvalidRequestException("the tarball has no package/package.json; make it with npm pack");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String text(JsonObject manifest, String field) {
        if (manifest.get(field) instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw new InvalidRequestException("the tarball's package.json has no '" + field + "'");
    }
}
