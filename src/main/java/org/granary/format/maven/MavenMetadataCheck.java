package org.granary.format.maven;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Tells a usable {@code maven-metadata.xml} from garbage (an HTML error page served with 200, a truncated
 * body) before it replaces the cached copy: well-formed XML whose root element is {@code <metadata>}. DTDs
 * and external entities are never processed. Pure.
 */
public final class MavenMetadataCheck {

    private static final XMLInputFactory FACTORY = newFactory();

    private MavenMetadataCheck() {
    }

    /** @throws IOException saying what is wrong with the document */
    public static void check(InputStream content) throws IOException {
        XMLStreamReader reader;
        try {
            reader = FACTORY.createXMLStreamReader(content);
        } catch (XMLStreamException e) {
            throw new IOException("upstream maven-metadata.xml is not XML: " + e.getMessage(), e);
        }
        try {
            boolean rootSeen = false;
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new IOException("upstream maven-metadata.xml declares a DTD, which Maven metadata never does");
                }
                if (event == XMLStreamConstants.START_ELEMENT && !rootSeen) {
                    rootSeen = true;
                    if (!"metadata".equals(reader.getLocalName())) {
                        throw new IOException("upstream maven-metadata.xml has root element <" + reader.getLocalName()
                                + ">, not <metadata>");
                    }
                }
            }
            if (!rootSeen) {
                throw new IOException("upstream maven-metadata.xml has no root element");
            }
        } catch (XMLStreamException e) {
            throw new IOException("upstream maven-metadata.xml is not well-formed XML: " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // the stream is the caller's
            }
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }
}
