package org.granary.it;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.transaction.UserTransaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Faults an integration test causes inside the running server, where no client can reach: added by
 * {@link GranaryIT#deployment()} to the WAR that the tests deploy (never to the WAR the build ships).
 * <ul>
 *   <li>{@code POST /granary/it-faults/database-closes}: the embedded H2 database closes, as H2 does after a fatal
 *       error (out of memory or disk), while the container's pool holds its connections.</li>
 *   <li>{@code POST /granary/it-faults/database-closes-during-transaction?user=NAME}: a JTA transaction inserts the
 *       user NAME, the database closes before the commit, and the answer says what the commit did
 *       ({@code committed}, or {@code not committed: …}).</li>
 *   <li>{@code PUT /granary/it-faults/min-free-bytes} (the value as the body) and {@code DELETE}: sets or clears the
 *       system property {@code granary.min-free-bytes} as an operator does with WildFly's
 *       {@code /system-property=…} (here without writing the server's configuration file, so a test that dies leaves
 *       nothing behind after the server stops).</li>
 * </ul>
 */
@WebServlet("/it-faults/*")
public class ServerFaults extends HttpServlet {

    private static final String RESERVE = "granary.min-free-bytes";

    @Resource(lookup = "java:app/env/jdbc/granary")
    DataSource database;
    @Resource
    UserTransaction transaction;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (String.valueOf(request.getPathInfo())) {
            case "/database-closes" -> {
                closeDatabase();
                answer(response, 200, "closed");
            }
            case "/database-closes-during-transaction" ->
                    answer(response, 200, insertUserThenClose(request.getParameter("user")));
            default -> answer(response, 404, "no such fault");
        }
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/min-free-bytes".equals(request.getPathInfo())) {
            answer(response, 404, "no such setting");
            return;
        }
        String value = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        System.setProperty(RESERVE, value);
        answer(response, 200, RESERVE + "=" + value);
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/min-free-bytes".equals(request.getPathInfo())) {
            answer(response, 404, "no such setting");
            return;
        }
        System.clearProperty(RESERVE);
        answer(response, 200, RESERVE + " cleared");
    }

    /** {@code SHUTDOWN} through a connection of the pool, outside any transaction. */
    private void closeDatabase() {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("could not close the embedded database: " + e, e);
        }
    }

    private String insertUserThenClose(String user) {
        try {
            transaction.begin();
            try (Connection c = database.getConnection(); PreparedStatement insert = c.prepareStatement(
                    "insert into app_user (username, password_hash, roles, enabled, created_at) values (?, ?, ?, ?, ?)")) {
                insert.setString(1, user);
                insert.setString(2, "not-a-hash");
                insert.setString(3, "reader");
                insert.setBoolean(4, true);
                insert.setTimestamp(5, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            // Closed from another thread, outside this transaction, as a failure elsewhere in the server would.
            AtomicReference<RuntimeException> failed = new AtomicReference<>();
            Thread closer = new Thread(() -> {
                try {
                    closeDatabase();
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            }, "it-faults-close-database");
            closer.start();
            closer.join();
            if (failed.get() != null) {
                transaction.rollback();
                throw failed.get();
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not prepare the transaction: " + e, e);
        }
        try {
            transaction.commit();
            return "committed";
        } catch (Exception e) {
            StringBuilder causes = new StringBuilder("not committed: ");
            for (Throwable t = e; t != null; t = t.getCause()) {
                causes.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append("; ");
            }
            return causes.toString();
        }
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(text);
    }
}
