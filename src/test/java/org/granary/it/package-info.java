/**
 * Integration tests: the real WAR deployed into a real WildFly by Arquillian, driven over HTTP and by the
 * real package clients, against fake upstreams on 127.0.0.1 that the tests start.
 *
 * <p>Every {@code *IT} class extends {@link org.granary.it.GranaryIT}, which deploys the WAR once per class and
 * holds the administrator's credentials, the HTTP, JSON and REST-API helpers and the fakes' start and stop (its WAR
 * also carries {@link org.granary.it.ServerFaults}, a test-only servlet for faults inside the server);
 * {@link org.granary.it.GranaryServer} says where the server runs. Fixtures, fakes and client runners are in
 * {@code org.granary.testing}.
 */
package org.granary.it;
