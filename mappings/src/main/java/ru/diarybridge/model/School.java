package ru.diarybridge.model;

import java.time.ZoneId;

/**
 * A school (ОО) as configured: its id in diary-bridge, its region and the time zone its journal's times are in
 * (asurso.ru is Europe/Samara). Schools are configuration, not synced records.
 */
public record School(String id, SourceSystem system, String regionCode, String name, ZoneId timeZone) {
}
