package fi.agreementregistry.core.agreement;

import java.util.ArrayList;
import java.util.List;

/** One numbered principle (periaate, pelisääntö) of an agreement's text. */
public record Principle(int number, String text) {

    /** Numbers the texts 1, 2, 3... in the order given. */
    public static List<Principle> numbered(List<String> texts) {
        List<Principle> principles = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            principles.add(new Principle(i + 1, texts.get(i)));
        }
        return List.copyOf(principles);
    }
}
