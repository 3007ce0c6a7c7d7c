package dev.sandbox.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One SQL statement with its parameters, run on a connection of its own or on the caller's (inside its transaction):
 * the steps every table class of this package takes, written once. Parameters are bound by the caller with the typed
 * setters, so each column keeps the JDBC type it had.
 */
final class Sql {
    private Sql() {}

    /** Binds a statement's parameters. */
    @FunctionalInterface
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row of a result. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Runs an insert, update or delete on a connection of its own; returns how many rows it changed. */
    static int update(DataSource db, String sql, Parameters parameters) throws SQLException {
        try (Connection c = db.getConnection()) {
            return update(c, sql, parameters);
        }
    }

    /** Runs an insert, update or delete on the caller's connection; returns how many rows it changed. */
    static int update(Connection c, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            parameters.bind(s);
            return s.executeUpdate();
        }
    }

    /** Every row a query returns, in its order. */
    static <T> List<T> list(DataSource db, String sql, Parameters parameters, Row<T> row) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            parameters.bind(s);
            List<T> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(row.read(r));
                }
            }
            return rows;
        }
    }

    /** The first row a query returns, if any. */
    static <T> Optional<T> first(DataSource db, String sql, Parameters parameters, Row<T> row) throws SQLException {
        try (Connection c = db.getConnection()) {
            return first(c, sql, parameters, row);
        }
    }

    /** The first row a query returns on the caller's connection, if any. */
    static <T> Optional<T> first(Connection c, String sql, Parameters parameters, Row<T> row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            parameters.bind(s);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row.read(r)) : Optional.empty();
            }
        }
    }
}
