package org.granary.format.pypi;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.granary.core.InvalidRequestException;
import org.granary.format.PathText;

/**
 * An upload through the legacy upload API (what twine sends: {@code multipart/form-data} with
 * {@code :action=file_upload}, {@code name}, {@code version}, {@code filetype}, the digests and the file part
 * {@code content}), validated: a valid project name (PEP 508) and version (PEP 440), a wheel sent as
 * {@code bdist_wheel} or an sdist as {@code sdist}, and a file name that names that project and version. Pure.
 *
 * @param name           the project name as the client wrote it
 * @param project        the normalised name (PEP 503)
 * @param version        the version as the client wrote it
 * @param kind           wheel or sdist
 * @param filename       the file's name
 * @param sha256         the sha256 the client declared for the file, lower-case hex
 * @param requiresPython the {@code requires_python} field, or {@code null} when absent or blank
 */
record UploadForm(String name, String project, String version, DistributionFilename.Kind kind, String filename,
                  Optional<String> sha256, String requiresPython) {

    static final String FILE_FIELD = "content";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_REQUIRES_PYTHON = 1000;

    /**
     * @param fields   the text fields of the form, by name (a name may repeat)
     * @param filename the file name of the {@code content} part, or {@code null} when the form has none
     * @throws InvalidRequestException (400) saying what is wrong
     */
    static UploadForm parse(Map<String, List<String>> fields, String filename) {
        String action = first(fields, ":action");
        if (action == null) {
            throw new InvalidRequestException("the form has no ':action' field; this is PyPI's upload API, which takes"
                    + " multipart/form-data with :action=file_upload (use twine)");
        }
        if (!action.equals("file_upload")) {
            throw new InvalidRequestException("unsupported :action '" + PathText.printable(action)
                    + "'; only file_upload is supported");
        }
        String protocol = first(fields, "protocol_version");
        if (protocol != null && !protocol.equals("1")) {
            throw new InvalidRequestException("unsupported protocol_version '" + PathText.printable(protocol)
                    + "'; only 1 is supported");
        }
        String name = ProjectName.requireValid(required(fields, "name"));
        String project = ProjectName.normalise(name);
        String version = PythonVersion.requireValid(required(fields, "version"));
        String filetype = required(fields, "filetype");
        if (filename == null || filename.isEmpty()) {
            throw new InvalidRequestException("no file was uploaded: the form has no '" + FILE_FIELD + "' file part");
        }
        PypiPath.validFilename(filename);
        DistributionFilename.Kind kind = DistributionFilename.uploadKind(filename);
        if (kind == null) {
            throw new InvalidRequestException("'" + PathText.printable(filename) + "' is neither a wheel (.whl) nor an"
                    + " sdist (.tar.gz or .zip); only those can be uploaded");
        }
        if (!kind.filetype().equals(filetype)) {
            throw new InvalidRequestException("filetype '" + PathText.printable(filetype) + "' does not match '"
                    + PathText.printable(filename) + "': a wheel is uploaded as bdist_wheel, an sdist as sdist");
        }
        if (!DistributionFilename.names(filename, project, version)) {
            throw new InvalidRequestException("'" + PathText.printable(filename) + "' is not a file name of " + name
                    + " " + PathText.printable(version) + " (expected e.g. "
                    + name.replaceAll("[-_.]+", "_") + "-" + PathText.printable(version) + "-py3-none-any.whl or "
                    + name.replaceAll("[-_.]+", "_") + "-" + PathText.printable(version) + ".tar.gz)");
        }
        String sha256 = first(fields, "sha256_digest");
        Optional<String> declared = Optional.empty();
        if (sha256 != null && !sha256.isBlank()) {
            if (!SHA256.matcher(sha256.strip()).matches()) {
                throw new InvalidRequestException("sha256_digest '" + PathText.printable(sha256)
                        + "' is not a sha256 in hex");
            }
            declared = Optional.of(sha256.strip().toLowerCase(Locale.ROOT));
        }
        String requiresPython = first(fields, "requires_python");
        if (requiresPython != null && requiresPython.length() > MAX_REQUIRES_PYTHON) {
            throw new InvalidRequestException("requires_python is longer than " + MAX_REQUIRES_PYTHON + " characters");
        }
        return new UploadForm(name, project, version, kind, filename, declared,
                requiresPython == null || requiresPython.isBlank() ? null : requiresPython.strip());
    }

    /** The first value of a field, or {@code null}. */
    static String first(Map<String, List<String>> fields, String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String required(Map<String, List<String>> fields, String name) {
        String value = first(fields, name);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("the form has no '" + name + "' field");
        }
        return value.strip();
    }
}
