package org.granary.admin.web;

import java.io.Serializable;

/**
 * A question a page asks before it does something that cannot be undone ("Delete X for good?"): the first button
 * only shows the question; the action itself is another POST, from the button in the question.
 */
public class Confirmation implements Serializable {

    private static final long serialVersionUID = 1L;

    private boolean asked;

    public void ask() {
        asked = true;
    }

    public void cancel() {
        asked = false;
    }

    public boolean isAsked() {
        return asked;
    }
}
