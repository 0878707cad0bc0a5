/**
 * The state machine: states are methods found by name. The main entry point is
 * {@link liveloop.machine.StateMachine}; it finds code through {@link liveloop.machine.Behaviours}.
 */
package liveloop.machine;
