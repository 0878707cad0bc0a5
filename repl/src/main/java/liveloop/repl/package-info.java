/**
 * The launcher and the prompt. The main entry point is {@link liveloop.repl.Main}; the prompt
 * loop is {@code Repl}, its commands a table in {@code Commands}.
 */
package liveloop.repl;
