package org.granary.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin console's signed-in sessions of each user (the sessions whose {@code granary.user} attribute names
 * them), so that a password change can end them all. Sessions live in this server's memory, and so does this
 * list; {@link Tracker} keeps it current from the container's session events.
 */
@ApplicationScoped
public class AdminSessions {

    private final Map<String, Map<String, HttpSession>> byUser = new ConcurrentHashMap<>();

    /** Ends every admin-console session of {@code username}; returns how many there were. */
    public int endAll(String username) {
        Map<String, HttpSession> sessions = byUser.remove(username);
        if (sessions == null) {
            return 0;
        }
        int ended = 0;
        for (HttpSession s : sessions.values()) {
            try {
                s.invalidate();
                ended++;
            } catch (IllegalStateException alreadyInvalid) {
                // ended meanwhile
            }
        }
        return ended;
    }

    void signedIn(String username, HttpSession session) {
        byUser.computeIfAbsent(username, u -> new ConcurrentHashMap<>()).put(session.getId(), session);
    }

    void ended(String username, String sessionId) {
        byUser.computeIfPresent(username, (u, sessions) -> {
            sessions.remove(sessionId);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Follows the {@code granary.user} attribute of every session into {@link AdminSessions}. */
    @WebListener
    public static class Tracker implements HttpSessionAttributeListener, HttpSessionListener {

        @Inject
        AdminSessions sessions;

        @Override
        public void attributeAdded(HttpSessionBindingEvent event) {
            if (isUser(event) && event.getValue() instanceof String user) {
                sessions.signedIn(user, event.getSession());
            }
        }

        @Override
        public void attributeReplaced(HttpSessionBindingEvent event) {
            if (isUser(event)) {
                if (event.getValue() instanceof String old) {
                    sessions.ended(old, event.getSession().getId());
                }
                if (event.getSession().getAttribute(event.getName()) instanceof String user) {
                    sessions.signedIn(user, event.getSession());
                }
            }
        }

        @Override
        public void attributeRemoved(HttpSessionBindingEvent event) {
            if (isUser(event) && event.getValue() instanceof String user) {
                sessions.ended(user, event.getSession().getId());
            }
        }

        @Override
        public void sessionDestroyed(HttpSessionEvent event) {
            HttpSession s = event.getSession();
            try {
                if (s.getAttribute(GranaryAuthenticationMechanism.SESSION_USER) instanceof String user) {
                    sessions.ended(user, s.getId());
                }
            } catch (IllegalStateException invalidAlready) {
                // its attribute was removed first, which attributeRemoved saw
            }
        }

        private static boolean isUser(HttpSessionBindingEvent event) {
            return GranaryAuthenticationMechanism.SESSION_USER.equals(event.getName());
        }
    }
}
