package fi.agreementregistry.projections.support;

/**
 * Resolves a read model's base collection name (e.g. {@code agreement_history}) to the collection that holds
 * the generation a projection instance works on. The live instance follows the active generation; a rebuild
 * instance is bound to the generation it builds.
 */
@FunctionalInterface
public interface CollectionNames {

    /** Generation 0, the plain names: what tests and a fresh install use. */
    CollectionNames BASE = base -> base;

    String of(String base);

    static CollectionNames generation(long generation) {
        return base -> ReadModelCollections.nameFor(base, generation);
    }
}
