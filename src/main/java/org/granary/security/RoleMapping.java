package org.granary.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which of Granary's roles a directory user or an OpenID Connect user gets, from the groups (or claim values) they
 * have: each role names the groups that grant it ({@code *}: everyone). Names compare without regard to case, as
 * directories compare them. No role at all means the user may not sign in.
 *
 * @param admin     groups granting {@code admin}
 * @param publisher groups granting {@code publisher}
 * @param reader    groups granting {@code reader}
 */
public record RoleMapping(List<String> admin, List<String> publisher, List<String> reader) {

    /** Everyone, in a role's list. */
    public static final String EVERYONE = "*";

    public RoleMapping {
        admin = normalise(admin);
        publisher = normalise(publisher);
        reader = normalise(reader);
    }

    /** From three comma-separated lists as the settings hold them (null: none). */
    public static RoleMapping of(String admin, String publisher, String reader) {
        return new RoleMapping(split(admin), split(publisher), split(reader));
    }

    /** The roles granted by {@code groups}; an admin is also a publisher and a reader, a publisher also a reader. */
    public Set<String> roles(Collection<String> groups) {
        Set<String> have = new LinkedHashSet<>();
        groups.forEach(g -> have.add(g.toLowerCase(Locale.ROOT)));
        Set<String> roles = new LinkedHashSet<>();
        if (grants(admin, have)) {
            roles.add(Roles.ADMIN);
            roles.add(Roles.PUBLISHER);
        }
        if (grants(publisher, have)) {
            roles.add(Roles.PUBLISHER);
        }
        if (!roles.isEmpty() || grants(reader, have)) {
            roles.add(Roles.READER);
        }
        return roles;
    }

    private static boolean grants(List<String> granting, Set<String> have) {
        return granting.stream().anyMatch(g -> g.equals(EVERYONE) || have.contains(g));
    }

    static List<String> split(String list) {
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> normalise(List<String> names) {
        return names == null ? List.of() : names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT))
                .filter(n -> !n.isEmpty()).distinct().toList();
    }
}
