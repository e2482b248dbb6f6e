package fi.agreementregistry.api.storage.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caching repository and the command gateway's retry tell each other about one command, by the command
 * message's identifier (a retry dispatches the same message): that it failed after it was decided on a cached copy,
 * which may have been stale ({@link CacheFirstRepository} notes it when the unit of work rolls back), and that its
 * retry must load the agreement from the store ({@link RetryOnStaleAggregate} notes it before dispatching the retry).
 * <p>
 * Each note is taken by the one who reads it. A note nobody takes (a command sent to the bus without the gateway
 * failed, or a retry failed before it loaded the agreement) is dropped once {@value #REMEMBERED} newer ones exist.
 */
public class CachedCopyRetries {

    static final int REMEMBERED = 1024;

    private final Map<String, Note> notes = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Note> eldest) {
            return size() > REMEMBERED;
        }
    };

    private enum Note { FAILED_ON_COPY, RETRY_FROM_STORE }

    /** The command failed, and it was decided on a cached copy. */
    public synchronized void failedOnCopy(String commandId) {
        notes.put(commandId, Note.FAILED_ON_COPY);
    }

    /** Whether the command that just failed was decided on a cached copy; forgets it. */
    public synchronized boolean takeFailedOnCopy(String commandId) {
        return notes.remove(commandId, Note.FAILED_ON_COPY);
    }

    /** The command's next run must load its aggregate from the store. */
    public synchronized void retryFromStore(String commandId) {
        notes.put(commandId, Note.RETRY_FROM_STORE);
    }

    /** Whether this run of the command must load its aggregate from the store; forgets it. */
    public synchronized boolean takeRetryFromStore(String commandId) {
        return notes.remove(commandId, Note.RETRY_FROM_STORE);
    }
}
