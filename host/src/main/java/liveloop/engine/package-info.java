/**
 * The evaluation engine: one in-process JShell whose snippets run on the loop thread and are
 * redefined in place. The main entry point is {@link liveloop.engine.JShellEngine}; results come
 * back as data ({@link liveloop.engine.Evaluation}, {@link liveloop.engine.ScriptResult}). This
 * is the only package that imports {@code jdk.jshell}.
 */
package liveloop.engine;
