package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The entries of a directory on a sandbox volume.
 *
 * @param path the directory, relative to the volume root ({@code ""} for the root)
 * @param entries its entries, sorted by name
 * @param truncated {@code true} when the directory has more entries than one listing returns (10,000)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DirectoryListing(String path, List<FileInfo> entries, boolean truncated) {}
