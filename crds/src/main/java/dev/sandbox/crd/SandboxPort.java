package dev.sandbox.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A port inside the sandbox to publish on its node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxPort {

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port the process listens on inside the sandbox, 1 to 65535.")
    private Integer internal;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription(
            "Port on the node's configured host address, within the node's port range (default 30000-32767). Omit it to get a free one from the range.")
    private Integer external;

    @Pattern("^(http|https|tcp|udp)$")
    @JsonPropertyDescription(
            "`http` (default), `https`, `tcp` or `udp`. HTTP ports get preview URLs; `udp` is published as UDP.")
    private String protocol = "http";

    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
    @JsonPropertyDescription("Stable DNS label for this port's preview URL instead of the generated one.")
    private String subdomain;

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

    public String getProtocol() {
        return protocol;
    }

    public void setProtocol(String protocol) {
        this.protocol = protocol;
    }

    public String getSubdomain() {
        return subdomain;
    }

    public void setSubdomain(String subdomain) {
        this.subdomain = subdomain;
    }
}
