package dev.ststoken.emulator.state;

import java.time.Instant;

/** An IAM group; its members are named in each {@link User#groups()}. */
public record Group(String name, String groupId, String path, Instant created, Permissions permissions) {
    public Group withPermissions(Permissions newPermissions) {
        return new Group(name, groupId, path, created, newPermissions);
    }
}
