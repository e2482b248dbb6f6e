package fi.agreementregistry.core.party;

import java.util.List;
import java.util.Optional;

/** Every party that may be named in an agreement. */
public interface PartyDirectory {

    Optional<Party> find(PartyId id);

    List<Party> all();
}
