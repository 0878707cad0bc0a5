/**
 * The fixed-rate tick loop and its clocks. The main entry point is
 * {@link liveloop.loop.TickLoop}: one thread that ticks and, between ticks, runs the work
 * other threads hand it.
 */
package liveloop.loop;
