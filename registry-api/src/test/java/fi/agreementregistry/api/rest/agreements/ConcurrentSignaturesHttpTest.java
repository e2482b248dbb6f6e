package fi.agreementregistry.api.rest.agreements;

import fi.agreementregistry.api.RegistryHttpTest;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentSignaturesHttpTest extends RegistryHttpTest {

    @RepeatedTest(3)
    void twoClientsSigningForTheSamePartyStoreOneSignatureAndTheOtherGets409() throws Exception {
        String id = draftKantaHame();
        post("/api/agreements/" + id + "/approvals", approval("municipality:109", 1, "2026-01-10"));
        long before = storedEventCount(id);

        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<ResponseEntity<String>>> clients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            clients.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return post("/api/agreements/" + id + "/signatures", signature("municipality:109", 1, "2026-02-01"));
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<ResponseEntity<String>> client : clients) {
            ResponseEntity<String> response = client.get();
            statuses.add(response.getStatusCode().value());
            if (response.getStatusCode().value() == 409) {
                assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
            }
        }
        assertThat(statuses).containsExactlyInAnyOrder(201, 409);
        assertThat(storedEventCount(id)).isEqualTo(before + 1);
        long signatures = body(get("/api/agreements/" + id)).get("parties").findValues("signature").stream()
                .filter(s -> !s.isNull()).count();
        assertThat(signatures).isEqualTo(1);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
