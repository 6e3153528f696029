/**
 * The poll cycle: claim due videos, ask the API, record what changed in one transaction, schedule
 * the next poll. {@link dev.streampoller.polling.PollCycle#runOnce()} does one round and is what
 * the Quartz job and the tests call; {@link dev.streampoller.polling.PollPolicy} is the pure timing
 * rule.
 */
@NullMarked
package dev.streampoller.polling;

import org.jspecify.annotations.NullMarked;
