package fi.agreementregistry.api.storage.cache;

import fi.agreementregistry.core.BusinessRuleViolation;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are run once more on the stored state, and that the retry is told to bypass the cache. */
class RetryOnStaleAggregateTest {

    private final CachedCopyRetries retries = new CachedCopyRetries();
    private final RetryOnStaleAggregate scheduler = new RetryOnStaleAggregate(1, retries);
    private final CommandMessage<?> command = GenericCommandMessage.asCommandMessage("sign");
    private final AtomicInteger dispatched = new AtomicInteger();
    private final List<Class<? extends Throwable>[]> failures = new ArrayList<>();

    @Test
    void aRefusalDecidedOnACachedCopyIsRetriedFromTheStore() {
        retries.failedOnCopy(command.getIdentifier());

        assertThat(failOnce(new BusinessRuleViolation("not-yet-approved", "not approved"))).isTrue();
        assertThat(dispatched).hasValue(1);
        assertThat(retries.takeRetryFromStore(command.getIdentifier())).as("the retry bypasses the cache").isTrue();
    }

    @Test
    void aRefusalDecidedOnTheStoredStateIsTheAnswer() {
        assertThat(failOnce(new BusinessRuleViolation("already-signed", "signed"))).isFalse();
        failures.clear();
        assertThat(failOnce(new ConflictingAggregateVersionException("a", 5, 3))).isFalse();
        assertThat(dispatched).hasValue(0);
    }

    @Test
    void anIfMatchAheadOfACachedCopyIsRetriedAndOneBehindItIsNot() {
        retries.failedOnCopy(command.getIdentifier());
        assertThat(failOnce(new ConflictingAggregateVersionException("a", 3, 5))).as("behind: the store is too")
                .isFalse();
        assertThat(retries.takeFailedOnCopy(command.getIdentifier())).as("the note was taken").isFalse();

        failures.clear();
        retries.failedOnCopy(command.getIdentifier());
        assertThat(failOnce(new CommandExecutionException("wrapped", new ConflictingAggregateVersionException(
                "a", 5, 3)))).isTrue();
    }

    @Test
    void aLostAppendIsRetriedWhereverTheCommandWasDecided() {
        assertThat(failOnce(new ConcurrencyException("lost"))).isTrue();
        assertThat(retries.takeRetryFromStore(command.getIdentifier())).isTrue();
    }

    @Test
    void aFailureOfTheStoreOrATwiceCreatedAgreementIsNotRetriedEvenOnACopy() {
        retries.failedOnCopy(command.getIdentifier());
        assertThat(failOnce(new IllegalStateException("timeout while writing"))).isFalse();
        failures.clear();
        retries.failedOnCopy(command.getIdentifier());
        assertThat(failOnce(new AggregateStreamCreationException("exists"))).isFalse();
        assertThat(dispatched).hasValue(0);
    }

    @Test
    void aCommandIsRetriedOnceAtMost() {
        assertThat(failOnce(new ConcurrencyException("lost"))).isTrue();
        retries.failedOnCopy(command.getIdentifier());
        assertThat(failOnce(new ConcurrencyException("lost again"))).isFalse();
        assertThat(dispatched).hasValue(1);
        assertThat(retries.takeFailedOnCopy(command.getIdentifier())).isFalse();
    }

    @SuppressWarnings("unchecked")
    private boolean failOnce(RuntimeException failure) {
        failures.add(new Class[]{failure.getClass()});
        return scheduler.scheduleRetry(command, failure, List.copyOf(failures), dispatched::incrementAndGet);
    }
}
