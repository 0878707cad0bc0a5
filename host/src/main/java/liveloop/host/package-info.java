/**
 * The host: a tick loop running a state machine whose code lives in a JShell session fed by
 * a prompt and watched scripts. The main entry point is {@link liveloop.host.LiveLoop}, built
 * with {@link liveloop.host.LiveLoop#builder()}.
 */
package liveloop.host;
