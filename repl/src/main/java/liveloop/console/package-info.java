/**
 * The terminal front end. The main entry point is {@link liveloop.console.Console}, with a
 * JLine implementation ({@link liveloop.console.TerminalConsole} and its status area, the only JLine users) and a
 * plain one for pipes ({@link liveloop.console.PipedConsole}).
 */
package liveloop.console;
