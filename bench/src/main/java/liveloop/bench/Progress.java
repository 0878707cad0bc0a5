package liveloop.bench;

/** Progress lines on standard error, so a long run can be watched while the table stays clean. */
final class Progress {
    private Progress() {}

    static void say(String line) {
        System.err.println("bench: " + line);
    }

    /** Says how far a loop has got, every {@code step} rounds and at the end. */
    static void every(int step, int done, int total, String what) {
        if (done % step == 0 || done == total) {
            say(done + "/" + total + " " + what);
        }
    }
}
