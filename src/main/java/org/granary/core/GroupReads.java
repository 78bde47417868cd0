package org.granary.core;

import java.util.List;
import java.util.function.Function;

/**
 * Reads through a group's members in order: the first member that has the thing wins. When none has it,
 * a member's upstream failure outranks "not found" (the 502-versus-404 rule: an unreachable upstream is
 * not evidence that a package does not exist).
 */
public final class GroupReads {

    private GroupReads() {
    }

    public static <T> T firstFound(RepositoryInfo repo, List<RepositoryInfo> members, Function<RepositoryInfo, T> read) {
        UpstreamFailureException failure = null;
        NotFoundException notFound = null;
        for (RepositoryInfo member : members) {
            try {
                return read.apply(member);
            } catch (NotFoundException e) {
                notFound = notFound == null ? e : notFound;
            } catch (UpstreamFailureException e) {
                if (e instanceof IntegrityException || members.size() == 1) {
                    throw e;
                }
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (notFound != null && members.size() == 1) {
            throw notFound;
        }
        throw new NotFoundException("not found in any member of repository '" + repo.name() + "'"
                + (notFound != null ? " (" + notFound.getMessage() + ")" : ""));
    }

    /**
     * Reads every member that has the thing, in member order (for merging metadata: hosted first). Members
     * without it are skipped; when none has it the same 502-versus-404 rule applies as for {@link #firstFound}.
     */
    public static <T> List<T> allFound(RepositoryInfo repo, List<RepositoryInfo> members, Function<RepositoryInfo, T> read) {
        List<T> found = new java.util.ArrayList<>();
        UpstreamFailureException failure = null;
        NotFoundException notFound = null;
        for (RepositoryInfo member : members) {
            try {
                found.add(read.apply(member));
            } catch (NotFoundException e) {
                notFound = notFound == null ? e : notFound;
            } catch (UpstreamFailureException e) {
                if (e instanceof IntegrityException) {
                    throw e;
                }
                failure = failure == null ? e : failure;
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        if (failure != null) {
            throw failure;
        }
        throw notFound != null && members.size() == 1 ? notFound
                : new NotFoundException("not found in any member of repository '" + repo.name() + "'");
    }
}
