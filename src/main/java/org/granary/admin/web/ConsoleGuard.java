package org.granary.admin.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import java.util.Map;
import org.granary.core.GranaryException;
import org.granary.security.Caller;

/**
 * What every console action does first and last: checks the caller is an admin (web.xml lets only admins in,
 * and each action checks again, so a page that links to it is never the only guard), and turns the services'
 * refusals into messages on the page: next to the field they concern, or at the top of the page.
 */
@RequestScoped
public class ConsoleGuard {

    @Inject
    Caller caller;

    /** Whether the caller may administer; when not, the page says so. */
    public boolean admin() {
        if (caller.isAdmin()) {
            return true;
        }
        report(null, "Only an administrator may do this.");
        return false;
    }

    /**
     * Whether the caller is signed in with at least one of Granary's roles (admin, publisher, reader): what the own
     * tokens page asks. When not, the page says so.
     */
    public boolean signedInWithARole() {
        if (caller.name().isPresent() && org.granary.security.Roles.ALL.stream().anyMatch(caller::hasRole)) {
            return true;
        }
        report(null, "Sign in to manage your tokens.");
        return false;
    }

    /** The signed-in user's name (an admin's, after {@link #admin()}). */
    public String name() {
        return caller.name().orElse("");
    }

    public Caller caller() {
        return caller;
    }

    /**
     * Runs a service call; a refusal (bad input, a conflict, not found, forbidden) becomes a message at the top of
     * the page. Returns whether it succeeded.
     */
    public boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (GranaryException e) {
            report(null, sentence(e.getMessage()));
            return false;
        }
    }

    /** Shows each problem next to its field, {@code formId:field}; returns whether there were none. */
    public boolean valid(String formId, Map<String, String> problems) {
        problems.forEach((field, message) -> report(formId + ":" + field, message));
        if (!problems.isEmpty()) {
            report(null, problems.size() == 1 ? "Please correct the field marked below."
                    : "Please correct the " + problems.size() + " fields marked below.");
        }
        return problems.isEmpty();
    }

    /** Shows a message on the page (next to {@code clientId}'s field, or at the top); tests collect them instead. */
    void report(String clientId, String message) {
        error(clientId, message);
    }

    public static void error(String clientId, String message) {
        FacesContext.getCurrentInstance().addMessage(clientId,
                new FacesMessage(FacesMessage.SEVERITY_ERROR, message, message));
    }

    /** {@link #done(String)}, through the guard (tests collect the messages instead). */
    void confirm(String message) {
        done(message);
    }

    /** A message that survives the redirect after a successful POST (post-redirect-get). */
    public static void done(String message) {
        FacesContext context = FacesContext.getCurrentInstance();
        context.getExternalContext().getFlash().setKeepMessages(true);
        context.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, message, message));
    }

    /** A service's message as a sentence: capitalised, with a full stop. */
    static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "The request was refused.";
        }
        String m = Character.toUpperCase(message.charAt(0)) + message.substring(1);
        return m.endsWith(".") ? m : m + ".";
    }
}
