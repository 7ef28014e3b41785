package ru.diarybridge.app.console;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A console user as Spring Security sees it, with the school of a school IT specialist. */
public record ConsoleUser(String username, String passwordHash, ConsoleRole role, String schoolId, boolean enabled)
        implements UserDetails {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** May see the school: operators and auditors see all, a school IT specialist only their own. */
    public boolean canSee(String school) {
        return role != ConsoleRole.SCHOOL_IT || school.equals(schoolId);
    }

    /** May sync, dry-run and pause the school. */
    public boolean canAct(String school) {
        return role == ConsoleRole.REGIONAL_OPERATOR || role == ConsoleRole.SCHOOL_IT && school.equals(schoolId);
    }

    /** May approve a hold: a second pair of eyes outside the school. */
    public boolean canApproveHold() {
        return role == ConsoleRole.REGIONAL_OPERATOR;
    }

    public boolean canReadAudit() {
        return role == ConsoleRole.REGIONAL_OPERATOR || role == ConsoleRole.AUDITOR;
    }

    @Override
    public String toString() {
        return "ConsoleUser[" + username + ", " + role + "]"; // never the hash
    }
}
