package liveloop.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import liveloop.agent.LiveloopAgent;
import liveloop.engine.SnippetResult.Action;
import liveloop.loop.Clock;
import liveloop.loop.TickLoop;
import liveloop.machine.Behaviours;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JShellEngineTest {
    private TickLoop loop;
    private JShellEngine engine;

    private JShellEngine open(boolean inPlace) {
        loop = new TickLoop(Clock.system(), 1000, tick -> {});
        loop.start();
        engine = JShellEngine.open(loop, getClass().getClassLoader(),
                inPlace ? LiveloopAgent.instrumentation().orElseThrow() : null, Map.of());
        return engine;
    }

    @AfterEach
    void close() throws InterruptedException {
        if (engine != null) {
            engine.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    private SnippetResult eval(String source) {
        List<SnippetResult> results = engine.eval(source).join().results();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private String call(String state) throws Throwable {
        return loop.call(() -> runOrFail(engine.behaviours().state(state)));
    }

    @Test
    @Timeout(30) // a split that took a remembered answer for another text would never end
    void anInputAskedAboutAndThenSubmittedIsSplitAsAnyOther() {
        open(true);
        String input = "int a = 1; int b = a + 1;\nString both() { return a + \":\" + b; }";
        assertThat(engine.isComplete("String both() {").join()).isFalse();
        assertThat(engine.isComplete(input).join()).isTrue(); // its answer is remembered for the split
        List<SnippetResult> results = engine.eval(input).join().results();
        assertThat(results).extracting(SnippetResult::name).containsExactly("a", "b", "both()");
        assertThat(results).extracting(SnippetResult::offset).containsExactly(0, 11, 26);
        assertThat(eval("both()").value()).isEqualTo("\"1:2\"");
    }

    @Test
    void aLambdaMadeBeforeARedefinitionRunsTheNewBody() {
        open(true);
        eval("String greet() { return \"old\"; }");
        eval("java.util.function.Supplier<String> s = () -> greet();");
        assertThat(eval("String greet() { return \"new\"; }").action()).isEqualTo(Action.MODIFIED);
        assertThat(eval("s.get()").value()).isEqualTo("\"new\"");
    }

    @Test
    void withoutTheAgentATopLevelMethodStillChangesInPlace() throws Throwable {
        open(false); // a method's wrapper forwards to its body: no redefinition by the JVM is needed
        eval("String green() { return \"old\"; }");
        eval("java.util.function.Supplier<String> s = () -> green();");
        assertThat(eval("String green() { return \"new\"; }").action()).isEqualTo(Action.MODIFIED);
        assertThat(eval("s.get()").value()).isEqualTo("\"new\"");
        assertThat(call("green")).isEqualTo("new");
    }

    @Test
    void aBodyThatGainsALambdaStillChangesInPlace() throws Throwable {
        open(true);
        eval("String green() { return \"plain\"; }");
        eval("java.util.function.Supplier<String> s = () -> green();");
        // A lambda adds a synthetic method, a shape the JVM refuses to redefine; a new body is no such change.
        eval("String green() { java.util.function.Supplier<String> l = () -> \"lambda\"; return l.get(); }");
        assertThat(eval("s.get()").value()).isEqualTo("\"lambda\"");
        assertThat(call("green")).isEqualTo("lambda");
    }

    @Test
    void aBodyThatGainsAnAnonymousClassRebindsByName() throws Throwable {
        open(true);
        eval("String green() { return \"plain\"; }");
        assertThat(call("green")).isEqualTo("plain");
        // A nested class names the wrapper as its outer class, so JShell loads a new wrapper.
        eval("String green() { return new Object() { public String toString() { return \"anonymous\"; } }.toString(); }");
        assertThat(call("green")).isEqualTo("anonymous");
    }

    @Test
    void aFaultInARedefinedRecursiveMethodShowsEachLevelOnce() {
        open(true);
        eval("int down(int n) { return n == 0 ? 1 / n : down(n - 1); }");
        eval("int down(int n) {\n    return n == 0 ? 1 / n : down(n - 1);\n}");
        List<String> frames = eval("down(2)").failure().frames();
        assertThat(frames).hasSize(4);
        assertThat(frames.subList(0, 3)).allSatisfy(frame -> assertThat(frame).matches("down \\(#\\d+:2\\)"));
        assertThat(frames.get(3)).matches("\\(#\\d+:1\\)");
    }

    @Test
    void aTickFaultInARedefinedStateNamesTheStateOnce() throws Exception {
        open(true);
        eval("String boom() { return \"boom\"; }");
        eval("String boom() { throw new IllegalStateException(\"no\"); }");
        Behaviours.State boom = engine.behaviours().state("boom");
        Throwable thrown = loop.call(() -> {
            try {
                boom.run();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(thrown).isInstanceOf(IllegalStateException.class);
        assertThat(Outcomes.frames(thrown)).containsExactly("boom()");
    }

    @Test
    void aRejectedSnippetLeavesTheOldCode() throws Throwable {
        open(true);
        eval("String green() { return \"good\"; }");
        SnippetResult bad = eval("String green() { return 42; }");
        assertThat(bad.action()).isEqualTo(Action.REJECTED);
        assertThat(bad.diagnostics()).isNotEmpty();
        assertThat(call("green")).isEqualTo("good");
    }

    @Test
    void aRejectedRedeclarationKeepsTheVariableAndItsLiveValue() throws Throwable {
        open(true);
        eval("int t = 0;");
        eval("String green() { t++; return \"green\"; }");
        call("green");
        call("green");
        assertThat(eval("int t = \"oops\";").action()).isEqualTo(Action.REJECTED);
        assertThat(eval("t").value()).isEqualTo("2");
        assertThat(call("green")).isEqualTo("green");
        assertThat(eval("t").value()).isEqualTo("3");
    }

    @Test
    void oneDeclarationOfSeveralVariablesGivesAResultForEach() {
        open(true);
        List<SnippetResult> results = engine.eval("int a = 1, b = 2;").join().results();
        assertThat(results).extracting(SnippetResult::name, SnippetResult::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
    }

    @Test
    void aScriptKeepsUnchangedSnippetsAndDropsRemovedDeclarations() throws Throwable {
        open(true);
        engine.applyScript("m.jsh", "int n = 0, m = 0;\nString start() { n++; return \"start\"; }\nint helper() { return 1; }\n").join();
        call("start");
        ScriptResult second = engine.applyScript("m.jsh",
                "int n = 0, m = 0;\nString start() { n += 10; return \"start\"; }\n").join();
        assertThat(second.counts()).containsEntry(Action.UNCHANGED, 2).containsEntry(Action.MODIFIED, 1)
                .containsEntry(Action.DROPPED, 1);
        call("start");
        assertThat(eval("n").value()).as("n was not re-initialised").isEqualTo("11");
        assertThat(eval("helper()").action()).isEqualTo(Action.REJECTED);
        ScriptResult removed = engine.removeScript("m.jsh").join();
        assertThat(removed.counts()).containsEntry(Action.DROPPED, 3);
        assertThat(engine.behaviours().state("start")).isNull();
    }

    @Test
    void scriptErrorsAreLocatedInTheFile() {
        open(true);
        ScriptResult result = engine.applyScript("x.jsh", "// header\nint ok = 1;\n\nString start() {\n  return 42;\n}\n").join();
        assertThat(result.applied()).isFalse();
        assertThat(result.problems()).extracting(Object::toString)
                .containsExactly("x.jsh:5:10: error: incompatible types: int cannot be converted to java.lang.String");
    }

    @Test
    void everyErrorOfAFailedSaveIsReportedOnOneLineThoughLaterStatementsDoNotRun() {
        open(true);
        ScriptResult result = engine.applyScript("x.jsh", "class Foo {}\n"
                + "int c = new Foo().baz;\n"
                + "String s = 1;\n"
                + "new Foo().bar();\n"
                + "int a = missing();\n").join();
        assertThat(result.applied()).isFalse();
        // A snippet that is not run is compiled inside a method, where javac's missing names
        // are JShell's "unresolved", which has no column.
        assertThat(result.problems()).extracting(Object::toString).containsExactly(
                "x.jsh:2:18: error: cannot find symbol: variable baz; location: class Foo",
                "x.jsh:3:12: error: incompatible types: int cannot be converted to java.lang.String",
                "x.jsh:4:1: error: cannot find symbol: method bar()",
                "x.jsh:5:1: error: cannot find symbol: method missing()");
        assertThat(result.counts()).containsEntry(Action.NOT_RUN, 3);
    }

    @Test
    void completionOffersMembersAndTheSessionsOwnNamesAndDocumentationNamesSignatures() {
        open(true);
        engine.eval("int counter = 0; String greeting() { return \"hi\"; }").join();
        JShellEngine.Completions members = engine.complete("System.out.printl", 17).join();
        assertThat(members.anchor()).isEqualTo(11);
        assertThat(members.texts()).contains("println(");
        assertThat(engine.complete("gree", 4).join().texts()).containsExactly("greeting()");
        assertThat(engine.complete("coun", 4).join().texts()).contains("counter");
        assertThat(engine.documentation("greeting(", 9).join()).containsExactly("String greeting()");
    }

    @Test
    void stateValuesLiveAcrossRedefinitions() throws Throwable {
        open(true);
        eval("int t = 0;");
        eval("String green() { t++; return \"green\"; }");
        call("green");
        eval("String green() { t += 10; return \"green\"; }");
        call("green");
        assertThat(eval("t").value()).isEqualTo("11");
    }

    @Test
    void aStateHeldAcrossAnInPlaceRedefinitionRunsTheNewBody() throws Throwable {
        open(true);
        eval("String green() { return \"old\"; }");
        Behaviours.State held = engine.behaviours().state("green");
        eval("String green() { return \"new\"; }");
        assertThat(loop.call(() -> runOrFail(held))).isEqualTo("new");
        assertThat(engine.behaviours().state("green")).isSameAs(held); // the same method: nothing new is defined
    }

    @Test
    void hooksOfEveryReturnTypeRunAndWhatTheyReturnIsDropped() throws Throwable {
        open(true);
        eval("int calls = 0;");
        for (String type : List.of("void", "int", "long", "double", "String")) {
            String body = type.equals("void") ? "calls++;" : "calls++; return (" + type + ") "
                    + (type.equals("String") ? "\"s\"" : "1") + ";";
            eval(type + " hook_" + type + "() { " + body + " }");
            Behaviours.Hook hook = engine.behaviours().hook("hook_" + type);
            loop.call(() -> {
                try {
                    hook.run();
                } catch (Throwable e) {
                    throw new AssertionError(e);
                }
                return null;
            });
        }
        assertThat(eval("calls").value()).isEqualTo("5");
        assertThat(engine.behaviours().state("hook_int")).isNull(); // a state returns a String
        assertThat(call("hook_String")).isEqualTo("s");
    }

    private static String runOrFail(Behaviours.State state) {
        try {
            return state.run();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
