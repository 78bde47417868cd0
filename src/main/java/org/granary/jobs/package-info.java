/**
 * EJB timers ({@code @Singleton} + {@code @Schedule(persistent = false)}), each one method that calls a
 * CDI service in {@code core}. No logic lives here.
 */
package org.granary.jobs;
