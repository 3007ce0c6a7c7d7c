package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One entry of a directory listing.
 *
 * @param name its name
 * @param type {@code file}, {@code directory}, {@code symlink} or {@code other}
 * @param size size in bytes
 * @param mode permission bits in octal, such as {@code 0644}
 * @param modifiedAt last modification
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileInfo(
        String name,
        String type,
        long size,
        String mode,

        @JsonTimestamp Instant modifiedAt) {

    /**
     * Whether this is a directory.
     *
     * @return {@code true} for a directory (not for a link to one)
     */
    public boolean isDirectory() {
        return "directory".equals(type);
    }
}
