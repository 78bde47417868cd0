/**
 * Test support: fake upstream registries on loopback and runners for the real package-manager clients.
 *
 * <p>What belongs here:
 * <ul>
 *   <li>{@link org.granary.testing.FakeUpstream} — a small HTTP server bound to {@code 127.0.0.1} that counts
 *       requests, records their headers, injects faults and can be stopped and restarted on the same port
 *       (to prove Granary serves from its cache while the upstream is down).</li>
 *   <li>Ecosystem fakes built on it, such as {@link org.granary.testing.FakeNpmRegistry}, which publishes real,
 *       installable packages (real tarballs, real integrity hashes) generated in memory.</li>
 *   <li>Fixtures ({@link org.granary.testing.NpmFixtures}) describing realistic dependency trees, and the
 *       expected outcome of installing them.</li>
 *   <li>Runners for the real clients ({@link org.granary.testing.NpmClient}), isolated from the machine's own
 *       configuration so that nothing leaves the loopback interface. A missing client binary fails the test;
 *       it never skips it.</li>
 * </ul>
 *
 * <p>Depends only on the JDK, JUnit, commons-compress and Jakarta JSON Processing. It never depends on
 * {@code src/main}: the fakes stand for the outside world, not for Granary.
 */
package org.granary.testing;
