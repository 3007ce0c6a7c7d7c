package dev.sandbox.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Tenants and their API keys. Keys are returned in plain text once, at creation, and stored only as hashes. */
public final class ApiKeys {
    /** Shape of every key this class issues; anything else is rejected before a database lookup. */
    public static final Pattern KEY_FORMAT = Pattern.compile("^sbx_[A-Za-z0-9]{40}$");

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public ApiKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tenant if it does not exist yet. */
    public void ensureTenant(String tenantId, String name) throws SQLException {
        Sql.update(dataSource, "insert into tenants (id, name) values (?, ?) on conflict (id) do nothing", s -> {
            s.setString(1, tenantId);
            s.setString(2, name);
        });
    }

    /** Issues a new tenant key and returns it; this is the only time the plain key exists. */
    public String create(String tenantId, String keyName) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return issue(c, tenantId, keyName, false).key();
        }
    }

    /** Issues a key of the tenant that may also use the administration API (dev mode's own key, bootstrap keys). */
    public String createAdmin(String tenantId, String keyName) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return issue(c, tenantId, keyName, true).key();
        }
    }

    /** Makes an existing unrevoked key an administrator's (a key saved by an older version of dev mode). */
    public void grantAdmin(String plainKey) throws SQLException {
        Sql.update(
                dataSource,
                "update api_keys set admin = true where key_hash = ? and revoked_at is null",
                s -> s.setString(1, hash(plainKey)));
    }

    /** Inserts a new key on {@code c} (inside the caller's transaction, if any). */
    static IssuedKey issue(Connection c, String tenantId, String keyName, boolean admin) throws SQLException {
        StringBuilder key = new StringBuilder("sbx_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String plain = key.toString();
        try (PreparedStatement s = c.prepareStatement(
                "insert into api_keys (tenant_id, key_prefix, key_hash, name, admin) values (?, ?, ?, ?, ?)"
                        + " returning id, created_at")) {
            s.setString(1, tenantId);
            s.setString(2, plain.substring(0, 8));
            s.setString(3, hash(plain));
            s.setString(4, keyName);
            s.setBoolean(5, admin);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                ApiKeyRecord record = new ApiKeyRecord(
                        r.getLong(1),
                        tenantId,
                        keyName,
                        plain.substring(0, 8),
                        admin,
                        r.getTimestamp(2).toInstant(),
                        null,
                        null);
                return new IssuedKey(record, plain);
            }
        }
    }

    /**
     * The owner of an unrevoked key of a tenant that exists, with the tenant's limits; empty for a malformed, unknown or
     * revoked key.
     */
    public Optional<KeyOwner> owner(String plainKey) throws SQLException {
        if (plainKey == null || !KEY_FORMAT.matcher(plainKey).matches()) {
            return Optional.empty();
        }
        return Sql.first(
                dataSource,
                "select k.id, k.tenant_id, k.admin, " + TenantAdministration.LIMIT_COLUMNS
                        + " from api_keys k join tenants t on t.id = k.tenant_id"
                        + " where k.key_hash = ? and k.revoked_at is null and t.deleted_at is null",
                s -> s.setString(1, hash(plainKey)),
                r -> new KeyOwner(r.getLong(1), r.getString(2), r.getBoolean(3), TenantAdministration.limits(r, 4)));
    }

    /**
     * Stores the hash of a key chosen elsewhere (a first key of an installation, taken from a Kubernetes Secret) for the
     * tenant, unless that hash is stored already. The plain key is never stored.
     *
     * @return true when the key was added now, false when it was known (also when it was revoked: it stays revoked)
     * @throws IllegalArgumentException when the key does not have the shape of the keys this class issues
     */
    public boolean ensureKey(String tenantId, String plainKey, String keyName) throws SQLException {
        if (plainKey == null || !KEY_FORMAT.matcher(plainKey).matches()) {
            throw new IllegalArgumentException("an API key must be 'sbx_' followed by 40 letters or digits");
        }
        int added = Sql.update(
                dataSource,
                "insert into api_keys (tenant_id, key_prefix, key_hash, name) values (?, ?, ?, ?)"
                        + " on conflict (key_hash) do nothing",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, plainKey.substring(0, 8));
                    s.setString(3, hash(plainKey));
                    s.setString(4, keyName);
                });
        return added == 1;
    }

    /** Whether a key (plain text) is stored for some tenant, hashed; used to reuse a key saved on disk. */
    public boolean isValid(String plainKey) throws SQLException {
        return tenantFor(plainKey).isPresent();
    }

    /** The tenant owning an unrevoked key, or empty for a malformed, unknown or revoked key. */
    public Optional<String> tenantFor(String plainKey) throws SQLException {
        if (plainKey == null || !KEY_FORMAT.matcher(plainKey).matches()) {
            return Optional.empty();
        }
        return owner(plainKey).map(KeyOwner::tenant);
    }

    /** Revokes a key; later lookups of it fail. */
    public void revoke(String plainKey) throws SQLException {
        Sql.update(
                dataSource,
                "update api_keys set revoked_at = now() where key_hash = ?",
                s -> s.setString(1, hash(plainKey)));
    }

    static String hash(String plainKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(plainKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
