/** What the host asks of the operating system beyond the JDK, where the system offers it. */
package liveloop.os;
