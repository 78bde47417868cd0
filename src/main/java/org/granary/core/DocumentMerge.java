package org.granary.core;

import java.io.IOException;
import java.util.List;

/**
 * A format's pure merge of one document as several members of a group keep it (npm packuments, PyPI project
 * pages, cargo index files, maven-metadata.xml): the members' copies in member order, hosted first; each knows
 * the member it came from ({@link CachedMetadata#source()}) and its bytes ({@link CachedMetadata#bytes()}).
 */
@FunctionalInterface
public interface DocumentMerge {

    /** @throws IOException when a copy cannot be read as the format's document */
    byte[] merge(List<CachedMetadata> hostedFirst) throws IOException;
}
