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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("insert into tenants (id, name) values (?, ?) on conflict (id) do nothing")) {
      s.setString(1, tenantId);
      s.setString(2, name);
      s.executeUpdate();
    }
  }

  /** Issues a new key for the tenant and returns it; this is the only time the plain key exists. */
  public String create(String tenantId, String keyName) throws SQLException {
    StringBuilder key = new StringBuilder("sbx_");
    for (int i = 0; i < 40; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String plain = key.toString();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("insert into api_keys (tenant_id, key_prefix, key_hash, name) values (?, ?, ?, ?)")) {
      s.setString(1, tenantId);
      s.setString(2, plain.substring(0, 8));
      s.setString(3, hash(plain));
      s.setString(4, keyName);
      s.executeUpdate();
    }
    return plain;
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("insert into api_keys (tenant_id, key_prefix, key_hash, name) values (?, ?, ?, ?)"
            + " on conflict (key_hash) do nothing")) {
      s.setString(1, tenantId);
      s.setString(2, plainKey.substring(0, 8));
      s.setString(3, hash(plainKey));
      s.setString(4, keyName);
      return s.executeUpdate() == 1;
    }
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
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("select tenant_id from api_keys where key_hash = ? and revoked_at is null")) {
      s.setString(1, hash(plainKey));
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  /** Revokes a key; later lookups of it fail. */
  public void revoke(String plainKey) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("update api_keys set revoked_at = now() where key_hash = ?")) {
      s.setString(1, hash(plainKey));
      s.executeUpdate();
    }
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
