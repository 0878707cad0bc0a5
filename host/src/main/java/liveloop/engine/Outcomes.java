package liveloop.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.ImportSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import liveloop.engine.SnippetResult.Action;
import liveloop.engine.SnippetResult.Diagnostic;
import liveloop.engine.SnippetResult.Failure;
import liveloop.engine.SnippetResult.Kind;

/** Turns JShell's events into {@link SnippetResult}s. Engine thread only. */
final class Outcomes {
    private final JShell jshell;

    Outcomes(JShell jshell) {
        this.jshell = jshell;
    }

    /**
     * The results of evaluating {@code source}, from the events {@code eval} returned: one per
     * snippet it made ({@code int a = 1, b = 2;} makes two).
     */
    List<SnippetResult> of(String source, int offset, List<SnippetEvent> events) {
        List<SnippetResult> results = new ArrayList<>();
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                results.add(of(source, offset, event));
            }
        }
        if (results.isEmpty()) {
            results.add(new SnippetResult(source, offset, Kind.ERRONEOUS, "", Action.REJECTED, "", null,
                    List.of(new Diagnostic(true, 0, 0, source.length(), "not a complete snippet")), List.of(), null));
        }
        return results;
    }

    private SnippetResult of(String source, int offset, SnippetEvent event) {
        Snippet snippet = event.snippet();
        Action action;
        if (event.status() == Snippet.Status.REJECTED) {
            action = Action.REJECTED;
        } else if (event.previousStatus() == Snippet.Status.NONEXISTENT) {
            action = Action.CREATED;
        } else {
            action = event.isSignatureChange() ? Action.REPLACED : Action.MODIFIED;
        }
        List<String> unresolved = snippet instanceof DeclarationSnippet && event.status().isActive()
                ? jshell.unresolvedDependencies((DeclarationSnippet) snippet).toList()
                : List.of();
        List<Diagnostic> diagnostics = action == Action.REJECTED ? diagnostics(snippet) : List.of();
        return new SnippetResult(source, offset, kind(snippet), name(snippet), action, typeName(snippet),
                event.value(), diagnostics, unresolved, failure(event.exception()));
    }

    /** A script declaration that is no longer in its file. */
    SnippetResult dropped(Snippet snippet) {
        return new SnippetResult(snippet.source(), 0, kind(snippet), name(snippet), Action.DROPPED,
                typeName(snippet), null, List.of(), List.of(), null);
    }

    /** A script snippet whose source is what is already active. */
    SnippetResult unchanged(Snippet snippet, int offset) {
        return new SnippetResult(snippet.source(), offset, kind(snippet), name(snippet), Action.UNCHANGED,
                typeName(snippet), null, List.of(), List.of(), null);
    }

    /**
     * A script snippet left unrun because an earlier one in the same save failed, with the
     * errors found by compiling it as the body of a method that never runs: the events of that
     * method, whose source starts with {@code prefixLength} characters before the snippet's.
     */
    SnippetResult notRun(String source, int offset, int prefixLength, List<SnippetEvent> checked) {
        List<Diagnostic> errors = new ArrayList<>();
        for (SnippetEvent event : checked) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet method = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                jshell.diagnostics(method)
                        .filter(d -> d.isError() && d.getPosition() >= prefixLength
                                && d.getPosition() <= prefixLength + source.length())
                        .map(Outcomes::diagnostic)
                        .filter(d -> !d.message().equals("not a statement")) // a bare expression
                        .forEach(d -> errors.add(new Diagnostic(true, d.position() - prefixLength,
                                d.start() - prefixLength, d.end() - prefixLength, d.message())));
            } else if (method instanceof DeclarationSnippet) {
                jshell.unresolvedDependencies((DeclarationSnippet) method).forEach(name -> errors.add(
                        new Diagnostic(true, 0, 0, source.length(), "cannot find symbol: " + name)));
            }
        }
        return new SnippetResult(source, offset, Kind.ERRONEOUS, "", Action.NOT_RUN, "", null,
                errors, List.of(), null);
    }

    private List<Diagnostic> diagnostics(Snippet snippet) {
        List<Diagnostic> result = new ArrayList<>();
        jshell.diagnostics(snippet).forEach(d -> result.add(diagnostic(d)));
        return result;
    }

    private static Diagnostic diagnostic(Diag d) {
        return new Diagnostic(d.isError(), (int) d.getPosition(), (int) d.getStartPosition(),
                (int) d.getEndPosition(), d.getMessage(Locale.ROOT));
    }

    static Kind kind(Snippet snippet) {
        switch (snippet.kind()) {
            case IMPORT:
                return Kind.IMPORT;
            case METHOD:
                return Kind.METHOD;
            case VAR:
                return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND ? Kind.EXPRESSION : Kind.VARIABLE;
            case EXPRESSION:
                return Kind.EXPRESSION;
            case STATEMENT:
                return Kind.STATEMENT;
            case TYPE_DECL:
                switch (snippet.subKind()) {
                    case INTERFACE_SUBKIND:
                        return Kind.INTERFACE;
                    case ENUM_SUBKIND:
                        return Kind.ENUM;
                    case ANNOTATION_TYPE_SUBKIND:
                        return Kind.ANNOTATION;
                    case RECORD_SUBKIND:
                        return Kind.RECORD;
                    default:
                        return Kind.CLASS;
                }
            default:
                return Kind.ERRONEOUS;
        }
    }

    static String name(Snippet snippet) {
        if (snippet instanceof MethodSnippet) {
            MethodSnippet m = (MethodSnippet) snippet;
            return m.name() + "(" + m.parameterTypes() + ")";
        }
        if (snippet instanceof ImportSnippet) {
            return ((ImportSnippet) snippet).fullname();
        }
        if (snippet instanceof DeclarationSnippet) {
            return ((DeclarationSnippet) snippet).name();
        }
        if (snippet instanceof ExpressionSnippet) {
            return ((ExpressionSnippet) snippet).name();
        }
        return "";
    }

    private static String typeName(Snippet snippet) {
        if (snippet instanceof VarSnippet) {
            return ((VarSnippet) snippet).typeName();
        }
        if (snippet instanceof ExpressionSnippet) {
            return ((ExpressionSnippet) snippet).typeName();
        }
        if (snippet instanceof TypeDeclSnippet) {
            return ((TypeDeclSnippet) snippet).name();
        }
        return "";
    }

    private static Failure failure(JShellException e) {
        if (e == null) {
            return null;
        }
        if (e instanceof UnresolvedReferenceException) {
            DeclarationSnippet sn = ((UnresolvedReferenceException) e).getSnippet();
            return new Failure("unresolved reference", "attempted to use " + kind(sn).word() + " "
                    + name(sn) + " which cannot be used until its missing declarations are declared",
                    frames(e));
        }
        String className = e instanceof EvalException ? ((EvalException) e).getExceptionClassName() : e.getClass().getName();
        return new Failure(className, e.getMessage(), frames(e));
    }

    /**
     * User-code frames, in jshell's {@code name (#id:line)} form; stops at the host's own frames.
     * A frame repeated many times over (a stack overflow) is shown a few times, then counted.
     */
    static List<String> frames(Throwable e) {
        List<String> frames = new ArrayList<>();
        String previous = null;
        int repeats = 0;
        for (String frame : allFrames(e)) {
            if (frame.equals(previous) && ++repeats >= SHOWN_REPEATS) {
                continue;
            }
            if (!frame.equals(previous)) {
                addRepeats(frames, repeats);
                repeats = 0;
            }
            frames.add(frame);
            previous = frame;
        }
        addRepeats(frames, repeats);
        return frames;
    }

    private static final int SHOWN_REPEATS = 3;

    private static void addRepeats(List<String> frames, int repeats) {
        if (repeats >= SHOWN_REPEATS) {
            frames.add("... the frame above " + (repeats - SHOWN_REPEATS + 1) + " more times");
        }
    }

    private static List<String> allFrames(Throwable e) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : Forwarders.withoutForwarders(e.getStackTrace())) {
            String cls = Forwarders.wrapperOf(frame.getClassName()); // a method's body reads as its wrapper
            if (cls.startsWith(UserCodeGuard.class.getName())) {
                continue; // the stand-in for System.exit: the user's call is the next frame
            }
            if (BehaviourClasses.isOne(cls)) {
                break; // the host's call of a state or hook: the user's code is above it
            }
            if (cls.startsWith("jdk.internal.") || cls.startsWith("java.lang.reflect.")
                    || cls.startsWith("java.lang.invoke.") || cls.startsWith("liveloop.")
                    || cls.startsWith("jdk.jshell.")) {
                break;
            }
            String file = frame.getFileName();
            if (file != null && file.startsWith("#")) {
                String name = frame.getMethodName();
                String method = name.isEmpty() || name.equals("do_it$") ? "" : name + " ";
                frames.add(method + "(" + file + ":" + frame.getLineNumber() + ")");
            } else if (cls.startsWith("REPL.")) {
                // Outside an evaluation JShell does not map lines back to snippets: name the method.
                String owner = cls.replaceFirst("^REPL\\.\\$JShell\\$\\w+\\$?", "");
                frames.add((owner.isEmpty() ? "" : owner + ".") + frame.getMethodName() + "()");
            } else {
                frames.add(frame.toString());
            }
        }
        return frames;
    }

    /** A raw throwable from a tick, as a {@link Failure}. */
    static Failure failure(Throwable e) {
        return new Failure(e.getClass().getName(), e.getMessage(), frames(e));
    }
}
