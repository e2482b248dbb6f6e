package fi.agreementregistry.api.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only permissions for the embedded store's folder (0700) and files (0600), set when they are created and
 * tightened when they already exist with looser ones (an older registry left {@code registry.mv.db} at 0644). On a
 * file system without POSIX permissions (Windows) nothing is changed.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Creates the folder (and missing parents) owner-only, or makes an existing one owner-only together with the
     * store's files in it (names starting with {@code filePrefix}: the store and H2's temporary files beside it). Other
     * files are left alone, in case the data folder was pointed at a folder that holds more than the store.
     */
    static void folder(Path folder, String filePrefix) {
        try {
            if (!posix(folder.toAbsolutePath().getRoot())) {
                Files.createDirectories(folder);
                return;
            }
            if (!Files.isDirectory(folder)) {
                try {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
                } catch (FileAlreadyExistsException raced) {
                    // made by someone else in between: tightened below like any existing folder
                }
            }
            Files.setPosixFilePermissions(folder, FOLDER);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    // A symbolic link is not followed to change what it points to.
                    if (entry.getFileName().toString().startsWith(filePrefix)
                            && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(entry, FILE);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the data folder " + folder + " and its files owner-only (0700, "
                    + "0600): they must belong to the OS user the registry runs as", e);
        }
    }

    /** Creates an empty owner-only file unless it exists; an existing one is made owner-only. */
    static void file(Path file) {
        try {
            if (!posix(file.toAbsolutePath().getRoot())) {
                return;
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } catch (FileAlreadyExistsException exists) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + file + " owner-only", e);
        }
    }

    /** Sets owner-only permissions on something that exists (the socket once bound); no-op without POSIX. */
    static void restrict(Path path, Set<PosixFilePermission> permissions) {
        try {
            if (posix(path.toAbsolutePath().getRoot())) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make " + path + " owner-only", e);
        }
    }

    static boolean posix(Path anyPath) {
        return anyPath.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
