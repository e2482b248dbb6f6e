package fi.agreementregistry.projections.processors;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * The name an instance writes on what it holds in the shared store (token segments, replay locks, its access-log
 * chain): {@code registry.instance-id} when set, else the JVM's {@code pid@host} plus a random suffix, since two
 * instances can share a JVM (tests) or a pid and host name (containers), and equal owners would both act as one.
 */
public final class InstanceOwner {

    private InstanceOwner() {
    }

    /** @param configured {@code registry.instance-id}; null or blank for the generated name */
    public static String of(String configured) {
        return configured == null || configured.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8)
                : configured;
    }
}
