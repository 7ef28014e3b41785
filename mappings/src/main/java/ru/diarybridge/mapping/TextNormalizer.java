package ru.diarybridge.mapping;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalises Russian names for matching across systems: ё/е, the many quote marks, «№», spaces and case
 * (facts §5.9). Used to match classes, subjects and schools by name, never to change what is stored.
 */
public final class TextNormalizer {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern QUOTES = Pattern.compile("[«»„“”\"'`]");

    private TextNormalizer() {
    }

    public static String forMatching(String text) {
        if (text == null) {
            return "";
        }
        String s = text.toLowerCase(Locale.ROOT)
                .replace('ё', 'е')
                .replace('\u00a0', ' ')
                .replace("№", " n ");
        s = QUOTES.matcher(s).replaceAll("");
        s = s.replace('-', ' ').replace('–', ' ').replace('—', ' ');
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    public static boolean sameName(String a, String b) {
        return forMatching(a).equals(forMatching(b));
    }
}
