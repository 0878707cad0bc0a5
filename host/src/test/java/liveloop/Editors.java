package liveloop;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Saves a file the way real editors do, step by step, on a real directory: what a watcher sees
 * of a save is these steps, not the text. Temp and swap files hold the new text and backups the
 * old, as the editors' do, so a host that evaluated one would show it.
 *
 * <pre>{@code
 * Editors.Saved saved = Editors.VIM.save(dir.resolve("a.jsh"), "int a = 2;\n");
 * Editors.truncateThenWrite(5, Duration.ofMillis(20)).save(file, text); // "int a" visible for 20 ms
 * }</pre>
 */
public final class Editors {
    /** One way of saving: {@code file} holds {@code content} when {@link #save} returns. */
    public interface Editor {
        Saved save(Path file, String content) throws IOException, InterruptedException;
    }

    /**
     * What a save did, timed with {@link System#nanoTime()}.
     *
     * @param startNanos before the first step touched the directory
     * @param endNanos after the last step
     * @param artefacts the names of the temp, backup, swap and lock files the save made
     * @param partial the text the file held between the two writes of a two-step save, else null
     * @param partialNanos from the start of the save until the rest of the text was written: how
     *     long a reader could have found the file empty or partial
     */
    public record Saved(long startNanos, long endNanos, List<String> artefacts, String partial, long partialNanos) {
        public Saved {
            artefacts = List.copyOf(artefacts);
        }
    }

    /** Opens the file, truncating it, and writes the text: {@code Files.writeString}. */
    public static final Editor PLAIN = named("plain write", (file, content, steps) -> write(file, content));

    /** gedit (GIO's replace): the text goes to {@code .goutputstream-XXXXXX}, moved over the file. */
    public static final Editor GEDIT = named("gedit", (file, content, steps) -> {
        Path temp = steps.made(file.resolveSibling(".goutputstream-" + randomTag()));
        write(temp, content);
        Files.move(temp, file, ATOMIC_MOVE, REPLACE_EXISTING);
    });

    /**
     * IntelliJ's "safe write": the text goes to {@code x___jb_tmp___}; the file is moved to
     * {@code x___jb_old___}, the temp file to the file's name, and the old one deleted. For a
     * moment the file does not exist.
     */
    public static final Editor JETBRAINS = named("JetBrains safe write", (file, content, steps) -> {
        Path temp = steps.made(file.resolveSibling(file.getFileName() + "___jb_tmp___"));
        Path old = steps.made(file.resolveSibling(file.getFileName() + "___jb_old___"));
        write(temp, content);
        boolean existed = Files.exists(file);
        if (existed) {
            Files.move(file, old, REPLACE_EXISTING);
        }
        Files.move(temp, file);
        if (existed) {
            Files.delete(old);
        }
    });

    /**
     * vim with its defaults ({@code writebackup}, {@code backupcopy=auto}): a swap file while
     * editing, a probe file {@code 4913} to learn whether the directory is writable, the file
     * renamed to its backup {@code x~}, written anew, the backup deleted; the swap file goes when
     * the buffer is closed. For a moment the file does not exist.
     */
    public static final Editor VIM = named("vim", (file, content, steps) -> {
        Path swap = steps.made(file.resolveSibling("." + file.getFileName() + ".swp"));
        // The swap file holds the buffer's text in blocks after a binary header.
        Files.writeString(swap, "b0VIM 9.1\0\0\0" + content);
        Path probe = steps.made(file.resolveSibling("4913"));
        Files.createFile(probe);
        Files.delete(probe);
        Path backup = steps.made(file.resolveSibling(file.getFileName() + "~"));
        boolean existed = Files.exists(file);
        if (existed) {
            Files.move(file, backup, REPLACE_EXISTING);
        }
        write(file, content);
        if (existed) {
            Files.delete(backup);
        }
        Files.delete(swap);
    });

    /**
     * Emacs: a lock {@code .#x} (a dangling symbolic link naming the user and process) and an
     * auto-save file {@code #x#} with the text while editing; on save the file is renamed to
     * its backup {@code x~} (kept, as Emacs keeps it), written anew, and the auto-save file and
     * the lock are deleted. For a moment the file does not exist.
     */
    public static final Editor EMACS = named("emacs", (file, content, steps) -> {
        Path lock = steps.made(file.resolveSibling(".#" + file.getFileName()));
        try {
            Files.createSymbolicLink(lock, Path.of("fuzz@localhost." + ProcessHandle.current().pid() + ":1700000000"));
        } catch (UnsupportedOperationException | IOException _noLinks) {
            // Where links cannot be made, Emacs writes the lock as a file with the same text.
            Files.writeString(lock, "fuzz@localhost." + ProcessHandle.current().pid() + ":1700000000");
        }
        Path autoSave = steps.made(file.resolveSibling("#" + file.getFileName() + "#"));
        write(autoSave, content);
        Path backup = steps.made(file.resolveSibling(file.getFileName() + "~"));
        if (Files.exists(file)) {
            Files.move(file, backup, REPLACE_EXISTING);
        }
        write(file, content);
        Files.delete(autoSave);
        Files.delete(lock);
    });

    /**
     * Editors that keep a backup copy: the old text is copied to {@code x.bak}, then the file is
     * written in place (the copy is kept).
     */
    public static final Editor BACKUP_COPY = named("backup copy", (file, content, steps) -> {
        Path backup = steps.made(file.resolveSibling(file.getFileName() + ".bak"));
        if (Files.exists(file)) {
            Files.copy(file, backup, REPLACE_EXISTING);
        }
        write(file, content);
    });

    /** The editors whose steps follow each other at once. */
    public static final List<Editor> ONE_GO = List.of(PLAIN, GEDIT, JETBRAINS, VIM, EMACS, BACKUP_COPY);

    private Editors() {}

    /**
     * An editor, or a slow disk or network share, that truncates the file and writes its first
     * {@code written} characters, pauses for {@code gap}, then writes the rest: for the gap the
     * file holds a prefix of the text (empty if {@code written} is 0).
     */
    public static Editor truncateThenWrite(int written, Duration gap) {
        String name = "truncate, write " + written + " chars, wait " + gap.toMillis() + " ms, write the rest";
        return new Editor() {
            @Override
            public Saved save(Path file, String content) throws IOException, InterruptedException {
                if (written < 0 || written > content.length()) {
                    throw new IllegalArgumentException(written + " characters of a " + content.length() + "-character text");
                }
                long start = System.nanoTime();
                long rest;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    writeFully(channel, content.substring(0, written));
                    TimeUnit.NANOSECONDS.sleep(gap.toNanos());
                    rest = System.nanoTime();
                    writeFully(channel, content.substring(written));
                }
                return new Saved(start, System.nanoTime(), List.of(), content.substring(0, written), rest - start);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** The steps of an editor that does not pause between them. */
    private interface Steps {
        void run(Path file, String content, Artefacts artefacts) throws IOException;
    }

    /** Names the files a save makes besides the file itself. */
    private static final class Artefacts {
        final List<String> names = new ArrayList<>();

        Path made(Path path) {
            names.add(path.getFileName().toString());
            return path;
        }
    }

    private static Editor named(String name, Steps steps) {
        return new Editor() {
            @Override
            public Saved save(Path file, String content) throws IOException {
                Artefacts artefacts = new Artefacts();
                long start = System.nanoTime();
                steps.run(file, content, artefacts);
                return new Saved(start, System.nanoTime(), artefacts.names, null, 0);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
    }

    private static void writeFully(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Six letters and digits, as GIO's temp names have. */
    private static String randomTag() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            tag.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return tag.toString();
    }
}
