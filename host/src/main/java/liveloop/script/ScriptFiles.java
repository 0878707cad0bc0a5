package liveloop.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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
     */
    public static List<Path> list(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> isScript(file) && Files.isRegularFile(file))
                    .sorted(Comparator.comparing(file -> root.relativize(file).toString()))
                    .toList();
        }
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
     * with CRLF line ends turned into LF and a leading byte order mark dropped.
     *
     * @throws IOException when the file cannot be read, is too large or is not UTF-8; the message
     *     names the file
     */
    public static String read(Path file) throws IOException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** Like {@link #read(Path)}, with a size limit of {@code maxBytes}. */
    public static String read(Path file, int maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IOException(file + " is too large for a script: " + size
                    + " bytes, the limit is " + maxBytes + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Bounded: the file may grow between the size check and the read.
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new IOException(file + " grew too large for a script while being read: the limit"
                    + " is " + maxBytes + " bytes");
        }
        String text = decodeUtf8(file, bytes);
        // Notepad and other Windows tools may start UTF-8 with a byte order mark; javac rejects it.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.replace("\r\n", "\n");
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
