/**
 * JSON-P entry points for the whole application, backed by one provider looked up once.
 *
 * <p>{@link jakarta.json.Json}'s static methods look the provider up with a {@code ServiceLoader} on every call
 * (jakarta.json-api 2.1): about 0.1–0.7 ms a call against 0.04–0.8 µs on a provider held once, measured here, and the
 * metadata paths make hundreds of such calls per document. Code in Granary uses {@link org.granary.json.Json} instead:
 * the same method names, one provider. Depends on the JSON-P API only.
 */
package org.granary.json;
