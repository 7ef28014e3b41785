package ru.diarybridge.connector.dnevnik;

/** A person; {@code snils} is null when the API does not return it. Do not log names. */
public record DnevnikPerson(long id, String snils, String lastName, String firstName) {
    @Override
    public String toString() {
        return "DnevnikPerson[id=" + id + "]";
    }
}
