package fi.agreementregistry.projections.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LongStreamCacheTest {

    private final List<Integer> stored = new ArrayList<>(IntStream.range(0, 100).boxed().toList());
    private final List<Integer> readsFrom = new ArrayList<>();

    private List<Integer> readFrom(int first) {
        readsFrom.add(first);
        if (!stored.isEmpty() && first > 0 && (first > stored.size() || stored.get(first - 1) != first - 1)) {
            throw new IllegalStateException("gone");
        }
        return List.copyOf(stored.subList(Math.min(first, stored.size()), stored.size()));
    }

    @Test
    void aLongStreamIsReadAgainOnlyFromWhereItWasKept() {
        LongStreamCache<Integer> cache = new LongStreamCache<>(2, 50);

        assertThat(cache.read("a", this::readFrom)).hasSize(100);
        stored.add(100);
        assertThat(cache.read("a", this::readFrom)).hasSize(101).endsWith(100);

        assertThat(readsFrom).containsExactly(0, 100);
    }

    @Test
    void aShortStreamIsNotKeptAndTheLeastRecentlyReadGoesFirst() {
        LongStreamCache<Integer> cache = new LongStreamCache<>(2, 50);
        cache.read("a", this::readFrom);
        cache.read("b", this::readFrom);
        cache.read("c", this::readFrom);
        readsFrom.clear();

        cache.read("a", this::readFrom);
        cache.read("c", this::readFrom);
        new LongStreamCache<Integer>(2, 500).read("short", this::readFrom);

        assertThat(readsFrom).containsExactly(0, 100, 0);
    }

    @Test
    void aStreamWhoseKeptPartIsGoneIsReadWhole() {
        LongStreamCache<Integer> cache = new LongStreamCache<>(2, 50);
        cache.read("a", this::readFrom);
        stored.clear();
        stored.addAll(List.of(7, 8, 9));

        assertThat(cache.read("a", this::readFrom, IllegalStateException.class)).containsExactly(7, 8, 9);
    }
}
