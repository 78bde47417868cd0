/**
 * Integration tests: the real WAR deployed into a real WildFly by Arquillian, driven over HTTP and by the
 * real package clients, against fake upstreams on 127.0.0.1 that the tests start.
 */
package org.granary.it;
