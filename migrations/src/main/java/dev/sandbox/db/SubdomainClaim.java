package dev.sandbox.db;

/** The sandbox (namespace and name) and tenant holding a preview subdomain. */
public record SubdomainClaim(String subdomain, String namespace, String sandboxName, String tenant) {}
