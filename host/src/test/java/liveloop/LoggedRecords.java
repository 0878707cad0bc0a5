package liveloop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Catches what a class logs (System.Logger goes to java.util.logging in this build) instead
 * of printing it, for tests that assert a failure was logged.
 */
public final class LoggedRecords extends Handler implements AutoCloseable {
    private final Logger logger;
    private final boolean useParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LoggedRecords(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        this.useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(this);
        logger.setUseParentHandlers(false);
    }

    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
