/**
 * Granary's settings: every setting is read from a system property ({@code granary.upstream.npm}) or
 * the matching environment variable ({@code GRANARY_UPSTREAM_NPM}), system property first.
 * <p>
 * Belongs here: {@link org.granary.config.Setting} (the table of all settings, the single source for the
 * README table, each with the {@link org.granary.config.Setting.Kind} its value must have),
 * {@link org.granary.config.GranaryConfig} (typed access, produced once per application and validated at
 * start-up) and {@link org.granary.config.UpstreamUrl} (the normal form of an upstream registry URL).
 * Depends on nothing else in Granary.
 */
package org.granary.config;
