package dev.sandbox.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reserved-port list operators and gateways both read. */
class ReservedPortsTest {

    @Test
    void readsACommaSeparatedListInOrderSkippingBlanks() {
        assertThat(ReservedPorts.parse(" 22, 80,,443 ,")).containsExactly(22, 80, 443);
        assertThat(ReservedPorts.parse("")).isEmpty();
        assertThat(ReservedPorts.parse(ReservedPorts.DEFAULT)).contains(22, 5432, 6443, 10250);
    }

    @Test
    void namesTheEntryThatIsNoPortNumber() {
        assertThatThrownBy(() -> ReservedPorts.parse("22,http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'http' is not a port number");
        assertThatThrownBy(() -> ReservedPorts.parse("65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'65536' is not a port number");
    }
}
