package dev.sandbox.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A published port of a sandbox, as the gateway reports it in {@link SandboxInfo#ports()}.
 *
 * @param internal port inside the sandbox
 * @param external port on the node, or {@code null} while it is not published yet
 * @param hostIp address of the node the port is published on, such as {@code 127.0.0.1}, or {@code null}
 * @param protocol {@code http}, {@code https}, {@code tcp} or {@code udp}
 * @param subdomain stable preview subdomain, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PortInfo(int internal, Integer external, String hostIp, String protocol, String subdomain) {}
