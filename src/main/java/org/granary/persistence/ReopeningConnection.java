package org.granary.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A connection to the embedded database that survives the database closing itself. H2 closes an embedded database
 * for good after a fatal error (an {@code OutOfMemoryError} while writing, a full disk); every connection a pool holds
 * is then dead and, without this, every request fails until a restart. This connection notices (its physical H2
 * connection says it is closed) and opens a new one, which opens the database file again, with the state the pool
 * gave it (auto-commit, isolation, read-only).
 * <p>
 * It never hides lost work: when the database closed in the middle of a transaction, {@code commit} and any further
 * statement fail with SQL state {@code 08006} until the transaction is rolled back (which succeeds: there is nothing
 * left to undo); only then, or between transactions, does it reconnect.
 */
final class ReopeningConnection implements InvocationHandler {

    private static final Logger LOG = Logger.getLogger(ReopeningConnection.class.getName());
    /** Calls that only set or read the connection's state, or end a transaction: they never start work. */
    private static final Set<String> NOT_WORK = Set.of("setAutoCommit", "getAutoCommit", "setTransactionIsolation",
            "getTransactionIsolation", "setReadOnly", "isReadOnly", "commit", "rollback", "close", "isClosed", "isValid",
            "getWarnings", "clearWarnings", "unwrap", "isWrapperFor", "getMetaData", "toString", "hashCode", "equals");

    /** Opens a new physical connection. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** Whether a closed database may be opened again (false once the application shuts it down on purpose). */
    @FunctionalInterface
    interface Permission {
        boolean mayReopen();
    }

    private final Opener opener;
    private final Permission permission;
    private Connection physical;
    private boolean closedByCaller;
    private boolean autoCommit = true;
    private Integer isolation;
    private Boolean readOnly;
    /** Whether statements ran since the current transaction began (only with auto-commit off). */
    private boolean inTransaction;

    private ReopeningConnection(Opener opener, Permission permission, Connection physical) {
        this.opener = opener;
        this.permission = permission;
        this.physical = physical;
    }

    static Connection open(Opener opener, Permission permission) throws SQLException {
        return (Connection) Proxy.newProxyInstance(ReopeningConnection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ReopeningConnection(opener, permission, opener.open()));
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close" -> {
                closedByCaller = true;
                physical.close();
                return null;
            }
            case "isClosed" -> {
                return closedByCaller;
            }
            case "toString" -> {
                return "ReopeningConnection[" + physical + "]";
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            default -> {
                // every other call goes to a live physical connection
            }
        }
        if (!closedByCaller && physical.isClosed() && permission.mayReopen()) {
            if (inTransaction) {
                if (name.equals("rollback") && (args == null || args.length == 0)) {
                    inTransaction = false; // the transaction died with the database: nothing to undo
                    reopen();
                    return null;
                }
                throw new SQLException("the embedded database closed during this transaction, which was lost; roll it "
                        + "back and try again", "08006");
            }
            reopen();
        }
        Object result;
        try {
            result = method.invoke(physical, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        track(name, args);
        return result;
    }

    private void track(String name, Object[] args) {
        switch (name) {
            case "setAutoCommit" -> {
                autoCommit = (Boolean) args[0];
                inTransaction = false;
            }
            case "setTransactionIsolation" -> isolation = (Integer) args[0];
            case "setReadOnly" -> readOnly = (Boolean) args[0];
            case "commit", "rollback" -> inTransaction = false;
            default -> {
                if (!autoCommit && !NOT_WORK.contains(name)) {
                    inTransaction = true;
                }
            }
        }
    }

    private void reopen() throws SQLException {
        Connection fresh = opener.open();
        try {
            fresh.setAutoCommit(autoCommit);
            if (isolation != null) {
                fresh.setTransactionIsolation(isolation);
            }
            if (readOnly != null) {
                fresh.setReadOnly(readOnly);
            }
        } catch (SQLException e) {
            fresh.close();
            throw e;
        }
        physical = fresh;
        LOG.log(Level.WARNING, "The embedded database had closed itself (after a fatal error such as running out of "
                + "memory or disk); a pooled connection opened it again");
    }
}
