/**
 * Measurements of liveloop: how soon a change runs, what a live call costs, how steady the ticks
 * stay while code compiles, how fast the launcher starts and how memory grows. The main entry
 * point is {@link liveloop.bench.Table}, which runs them all and prints one table;
 * {@link liveloop.bench.Faults} injects faults and prints whether the host survived them.
 */
package liveloop.bench;
