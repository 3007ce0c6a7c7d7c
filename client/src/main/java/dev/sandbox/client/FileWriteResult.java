package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A file as written to a sandbox volume.
 *
 * @param path where it is, relative to the volume root
 * @param size its size in bytes
 * @param sha256 SHA-256 of its content, in hex
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileWriteResult(String path, long size, String sha256) {}
