/**
 * EJB timers ({@code @Singleton} + {@code @Schedule(persistent = false)}), each one method that calls a
 * CDI service in {@code core} ({@code core.Jobs} also runs the jobs formats do, such as the WinGet mirror). No logic
 * lives here.
 */
package org.granary.jobs;
