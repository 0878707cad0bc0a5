package liveloop.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which files are scripts, and how a script is read.
 *
 * <pre>{@code
 * for (Path file : ScriptFiles.list(dir)) {
 *     engine.load(file, ScriptFiles.read(file));
 * }
 * }</pre>
 */
public final class ScriptFiles {
    /** The largest script {@link #read(Path)} accepts: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;

    private static final String EXTENSION = ".jsh";

    /**
     * A script was there and is not now: deleted or renamed away between the event that named it
     * and the read, as an editor's safe write does for a moment. Not the user's mistake: the
     * removal is an event of its own, and its delivery says what became of the file.
     */
    public static final class VanishedException extends IOException {
        private static final long serialVersionUID = 1L;

        VanishedException(Path file, IOException cause) {
            super(file + " vanished before it could be read", cause);
        }
    }

    // Backup and swap names (vim, Emacs, many tools). None ends in ".jsh", so the extension check
    // refuses them already; listing them keeps the rule right if another extension is accepted.
    private static final List<String> ARTEFACT_SUFFIXES =
            List.of("~", ".swp", ".swo", ".swx", ".bak", ".tmp");
    // JetBrains "safe write": the new text goes to x.jsh___jb_tmp___, the old to x.jsh___jb_old___.
    private static final List<String> ARTEFACT_INFIXES = List.of("___jb_tmp___", "___jb_old___");

    private ScriptFiles() {}

    /**
     * Every script under {@code dir}, in any subdirectory, ordered by its path relative to
     * {@code dir}. The paths are absolute and normalised, like {@link ScriptWatcher.Change#file()}.
     *
     * <p>A script may be a symbolic link to a file elsewhere. A {@code .jsh} link that cannot be
     * followed (dangling, or a loop) is listed as well, so that reading it says what is wrong
     * rather than the script being silently ignored. Links to directories are not followed (nor
     * does the watcher follow them), so a link loop such as {@code sub/up -> ..} is harmless.
     */
    public static List<Path> list(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> scripts = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // The attributes are the link's own, not its target's.
                if (isScript(file) && (attributes.isRegularFile()
                        || attributes.isSymbolicLink() && isFileOrUnresolvable(file))) {
                    scripts.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (file.equals(root)) {
                    throw e;
                }
                if (e instanceof NoSuchFileException) {
                    // Deleted while the tree was walked: the watcher reports its deletion.
                    return FileVisitResult.CONTINUE;
                }
                throw cannotRead(file, e);
            }
        });
        scripts.sort(Comparator.comparing(file -> root.relativize(file).toString()));
        return scripts;
    }

    /** For a link: whether it leads to a regular file, or cannot be followed at all. */
    private static boolean isFileOrUnresolvable(Path link) {
        // Files.exists is false both for a dangling link and for a loop (it cannot tell); a link
        // to a directory or a named pipe exists and is not a file.
        return Files.isRegularFile(link) || !Files.exists(link);
    }

    /** True for a {@code .jsh} name that is not an editor's temp, backup, swap or lock file. */
    public static boolean isScript(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return false;
        }
        String text = name.toString();
        return text.endsWith(EXTENSION) && !isEditorArtefact(text);
    }

    private static boolean isEditorArtefact(String name) {
        // Hidden names cover vim's swap files (.x.jsh.swp), Emacs's locks (.#x.jsh) and gedit's
        // .goutputstream-XXXXXX; a leading '#' is Emacs's auto-save (#x.jsh#).
        return name.startsWith(".")
                || name.startsWith("#")
                || ARTEFACT_SUFFIXES.stream().anyMatch(name::endsWith)
                || ARTEFACT_INFIXES.stream().anyMatch(name::contains);
    }

    /**
     * The text of a script: strict UTF-8 (a malformed byte is an error, not a replacement
     * character that would surface as a puzzling compile error), at most {@link #DEFAULT_MAX_BYTES},
     * with CRLF line ends turned into LF and a leading byte order mark dropped. An empty file is
     * the empty string.
     *
     * @throws IOException when the file cannot be read (vanished, permission denied, a dangling
     *     or looping link), is not a regular file, is too large, looks binary or is not UTF-8; the
     *     message names the file and says which
     */
    public static String read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Like {@link #read(Path)}, with a size limit of {@code maxBytes}. */
    public static String read(Path file, int maxBytes) throws IOException {
        byte[] bytes = readBytes(file, maxBytes);
        refuseNonText(file, bytes);
        String text = decodeUtf8(file, bytes);
        // Notepad and other Windows tools may start UTF-8 with a byte order mark; javac rejects it.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.replace("\r\n", "\n");
    }

    private static byte[] readBytes(Path file, int maxBytes) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        if (attributes.isDirectory()) {
            throw new IOException(file + " is a directory, not a script");
        }
        if (!attributes.isRegularFile()) {
            // Opening a named pipe would wait, on the watcher's thread, until something writes.
            throw new IOException(file + " is not a regular file (a pipe, socket or device),"
                    + " not a script");
        }
        if (attributes.size() > maxBytes) {
            throw new IOException(file + " is too large for a script: " + attributes.size()
                    + " bytes, the limit is " + maxBytes + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded: the file may grow between the size check and the read.
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw cannotRead(file, e);
        }
        if (bytes.length > maxBytes) {
            throw new IOException(file + " grew too large for a script while being read: the limit"
                    + " is " + maxBytes + " bytes");
        }
        return bytes;
    }

    /**
     * A failure to reach or read the file, as one message that names it and says what is wrong:
     * the JDK's own messages are often the bare path ({@link NoSuchFileException}, {@link
     * AccessDeniedException}) or the bare reason ("Is a directory").
     */
    private static IOException cannotRead(Path file, IOException e) {
        String problem;
        if (e instanceof AccessDeniedException) {
            problem = " cannot be read: permission denied";
        } else if (e instanceof NoSuchFileException) {
            return Files.isSymbolicLink(file) ? danglingLink(file, e) : new VanishedException(file, e);
        } else if (e instanceof FileSystemException && Files.isSymbolicLink(file)) {
            // A link whose target is missing or forbidden failed above; the JDK reports a loop
            // (ELOOP) as a plain FileSystemException: "Too many levels of symbolic links or
            // unable to access attributes of symbolic link".
            problem = " is a symbolic link that cannot be resolved (a loop?)";
        } else {
            problem = " cannot be read: " + reason(e);
        }
        return new IOException(file + problem, e);
    }

    private static IOException danglingLink(Path link, IOException e) {
        try {
            return new IOException(link + " is a symbolic link to " + Files.readSymbolicLink(link)
                    + ", which does not exist", e);
        } catch (IOException _linkGoneToo) {
            return new VanishedException(link, e); // deleted since the read failed
        }
    }

    private static String reason(IOException e) {
        // A FileSystemException's message is "file: reason"; the file is named already.
        if (e instanceof FileSystemException failure && failure.getReason() != null) {
            return failure.getReason();
        }
        return e.getMessage();
    }

    /**
     * Refuses binary content before decoding, so that a class file or an image is called binary,
     * not "not valid UTF-8; save the file as UTF-8" (their first bytes are often not UTF-8).
     */
    private static void refuseNonText(Path file, byte[] bytes) throws IOException {
        // Windows tools save "Unicode" as UTF-16 with a byte order mark: text, though its ASCII
        // characters have NUL bytes, so it is recognised before looking for one.
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            throw new IOException(file + " is UTF-16, not UTF-8 (it starts with a UTF-16 byte"
                    + " order mark); save the file as UTF-8");
        }
        // A NUL byte in UTF-8 can only be the NUL character, which no script contains; a file
        // zeroed by a crash, an image or a class file has one early.
        for (int offset = 0; offset < bytes.length; offset++) {
            if (bytes[offset] == 0) {
                throw new IOException(file + " looks binary (a NUL byte at offset " + offset
                        + "), not a script");
            }
        }
    }

    private static boolean startsWith(byte[] bytes, int first, int second) {
        return bytes.length >= 2 && bytes[0] == (byte) first && bytes[1] == (byte) second;
    }

    private static String decodeUtf8(Path file, byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        // Decoding by hand rather than with decode(ByteBuffer) keeps the offset of the bad byte.
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new IOException(file + " is not valid UTF-8: malformed input at byte "
                    + in.position() + "; save the file as UTF-8");
        }
        return out.flip().toString();
    }
}
