package io.stratadb.bench.kv;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite (sqlite-jdbc): one connection per driver thread, table {@code usertable(k BLOB PRIMARY KEY,
 * v BLOB) WITHOUT ROWID}, autocommit per statement (RMW in one IMMEDIATE transaction).
 */
public final class SqliteKv implements KvEngine {
    private final String url;
    private final KvMode mode;
    private final List<Conn> conns = new ArrayList<>();
    private final ThreadLocal<Conn> local = ThreadLocal.withInitial(this::connect);

    private final class Conn {
        final Connection c;
        final PreparedStatement put;
        final PreparedStatement get;
        final PreparedStatement scan;

        Conn(Connection c) throws SQLException {
            this.c = c;
            put = c.prepareStatement("INSERT OR REPLACE INTO usertable(k, v) VALUES (?, ?)");
            get = c.prepareStatement("SELECT v FROM usertable WHERE k = ?");
            scan = c.prepareStatement("SELECT k, v FROM usertable WHERE k >= ? ORDER BY k LIMIT ?");
        }
    }

    private SqliteKv(Path dir, KvMode mode) {
        this.url = "jdbc:sqlite:" + dir.resolve("bench.sqlite");
        this.mode = mode;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(mode == KvMode.INMEMORY ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE IF NOT EXISTS usertable (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID");
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite open failed at " + url + ": " + e.getMessage(), e);
        }
    }

    private Conn connect() {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=60000");
                s.execute("PRAGMA cache_size=-131072");
                s.execute(switch (mode) {
                    case INMEMORY -> "PRAGMA synchronous=OFF";
                    case BUFFERED -> "PRAGMA synchronous=NORMAL";
                    case STRICT -> "PRAGMA synchronous=FULL";
                });
            }
            Conn conn = new Conn(c);
            synchronized (conns) {
                conns.add(conn);
            }
            return conn;
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite connect failed at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        Conn c = local.get();
        try {
            c.put.setBytes(1, key);
            c.put.setBytes(2, value);
            c.put.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite put failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        Conn c = local.get();
        try {
            c.get.setBytes(1, key);
            try (ResultSet rs = c.get.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite get failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int scan(byte[] startKey, int count) {
        Conn c = local.get();
        try {
            c.scan.setBytes(1, startKey);
            c.scan.setInt(2, count);
            int n = 0;
            try (ResultSet rs = c.scan.executeQuery()) {
                while (rs.next()) {
                    rs.getBytes(2);
                    n++;
                }
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite scan failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void readModifyWrite(byte[] key, byte[] value) {
        Conn c = local.get();
        try (Statement s = c.c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            try {
                c.get.setBytes(1, key);
                try (ResultSet rs = c.get.executeQuery()) {
                    rs.next();
                }
                c.put.setBytes(1, key);
                c.put.setBytes(2, value);
                c.put.executeUpdate();
                s.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                s.execute("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sqlite read-modify-write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (conns) {
            for (Conn c : conns) {
                try {
                    c.c.close();
                } catch (SQLException e) {
                    // closing a benchmark connection: nothing to recover
                }
            }
            conns.clear();
        }
    }

    /** Factory. */
    public static final class Factory implements KvEngineFactory {
        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public String configuration(KvMode mode) {
            return "sqlite-jdbc " + io.stratadb.bench.Versions.of("sqlite-jdbc") + " (SQLite " + sqliteVersion() + "): WITHOUT ROWID table, one connection per thread, "
                    + "cache 128 MiB, busy_timeout 60 s, " + switch (mode) {
                        case INMEMORY -> "journal_mode=MEMORY, synchronous=OFF";
                        case BUFFERED -> "journal_mode=WAL, synchronous=NORMAL";
                        case STRICT -> "journal_mode=WAL, synchronous=FULL";
                    };
        }

        @Override
        public KvEngine open(Path dir, KvMode mode) {
            return new SqliteKv(dir, mode);
        }

        private static String sqliteVersion() {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select sqlite_version()")) {
                return rs.next() ? rs.getString(1) : "?";
            } catch (SQLException e) {
                return "?";
            }
        }
    }
}
