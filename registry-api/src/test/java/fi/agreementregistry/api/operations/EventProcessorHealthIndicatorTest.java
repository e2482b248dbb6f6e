package fi.agreementregistry.api.operations;

import fi.agreementregistry.projections.processors.EventProcessorStatus;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EventProcessorHealthIndicatorTest {

    private final EventProcessorStatus processors = mock(EventProcessorStatus.class);
    private final EventProcessorHealthIndicator health = new EventProcessorHealthIndicator(processors, 100);

    private Status statusWith(EventProcessorStatus.Snapshot snapshot) {
        when(processors.headIndex()).thenReturn(5000L);
        when(processors.snapshots()).thenReturn(List.of(snapshot));
        return health.health().getStatus();
    }

    @Test
    void aProcessorWithinTheLagThresholdIsReady() {
        assertThat(statusWith(new EventProcessorStatus.Snapshot("read-models", true, false, List.of(0), 100, false, 1)))
                .isEqualTo(Status.UP);
    }

    @Test
    void aProcessorLaggingPastTheThresholdTakesTheInstanceOutOfService() {
        assertThat(statusWith(new EventProcessorStatus.Snapshot("read-models", true, false, List.of(0), 101, false, 1)))
                .isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void aProcessorInErrorIsDown() {
        assertThat(statusWith(new EventProcessorStatus.Snapshot("read-models", true, true, List.of(0), 0, false, 1)))
                .isEqualTo(Status.DOWN);
    }

    @Test
    void aStoppedProcessorIsDown() {
        assertThat(statusWith(new EventProcessorStatus.Snapshot("read-models", false, false, List.of(), 0, false, 1)))
                .isEqualTo(Status.DOWN);
    }

    @Test
    void aReplayDoesNotTakeTheInstanceOutOfService() {
        assertThat(statusWith(new EventProcessorStatus.Snapshot("read-models", true, false, List.of(0), 0, true, 0.2)))
                .isEqualTo(Status.UP);
    }
}
