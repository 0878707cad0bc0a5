/**
 * The Java agent that gives liveloop in-place class redefinition. The entry point is
 * {@link liveloop.agent.LiveloopAgent#instrumentation()}. It must stay free of dependencies:
 * it is loaded before {@code main}, alone, from the agent jar used by the tests.
 */
package liveloop.agent;
