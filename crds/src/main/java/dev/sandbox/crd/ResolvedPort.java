package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A sandbox port as actually published on its node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResolvedPort {

    @JsonPropertyDescription("Port inside the sandbox.")
    private Integer internal;

    @JsonPropertyDescription("Port on the node's host address.")
    private Integer external;

    @JsonPropertyDescription("Host address the port is bound to.")
    private String hostIp;

    @JsonPropertyDescription("http, https, tcp or udp.")
    private String protocol;

    public ResolvedPort() {}

    public ResolvedPort(Integer internal, Integer external, String hostIp, String protocol) {
        this.internal = internal;
        this.external = external;
        this.hostIp = hostIp;
        this.protocol = protocol;
    }

    public Integer getInternal() {
        return internal;
    }

    public void setInternal(Integer internal) {
        this.internal = internal;
    }

    public Integer getExternal() {
        return external;
    }

    public void setExternal(Integer external) {
        this.external = external;
    }

    public String getHostIp() {
        return hostIp;
    }

    public void setHostIp(String hostIp) {
        this.hostIp = hostIp;
    }

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResolvedPort p
                && Objects.equals(internal, p.internal)
                && Objects.equals(external, p.external)
                && Objects.equals(hostIp, p.hostIp)
                && Objects.equals(protocol, p.protocol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(internal, external, hostIp, protocol);
    }
}
