package dev.sandbox.operator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputWindowTest {
    @Test
    void keepsTheLatestBytesAndHandsOutOnlyWhatIsNew() {
        OutputWindow window = new OutputWindow(8);
        window.append("hello ".getBytes(StandardCharsets.UTF_8));
        OutputWindow.Slice first = window.since(0);
        assertThat(first.text()).isEqualTo("hello ");
        assertThat(first.next()).isEqualTo(6);
        assertThat(first.dropped()).isFalse();

        window.append("world".getBytes(StandardCharsets.UTF_8));
        OutputWindow.Slice next = window.since(first.next());
        assertThat(next.text()).isEqualTo("world");
        assertThat(next.next()).isEqualTo(11);

        OutputWindow.Slice fromStart = window.since(0);
        assertThat(fromStart.text()).isEqualTo("lo world");
        assertThat(fromStart.dropped()).isTrue();
        assertThat(window.since(11).text()).isEmpty();
        assertThat(window.since(99).next()).isEqualTo(11);
    }
}
