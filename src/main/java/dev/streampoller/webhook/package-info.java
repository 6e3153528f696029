/**
 * Webhook delivery: Standard Webhooks signing ({@link dev.streampoller.webhook.WebhookSigner}) and
 * verification ({@link dev.streampoller.webhook.StandardWebhookVerifier}), the HTTP sender ({@link
 * dev.streampoller.webhook.WebhookSender}), the retry schedule ({@link
 * dev.streampoller.webhook.RetrySchedule}), and the outbox and dispatcher that use them. Webhook
 * secrets are held in {@link dev.streampoller.config.Secret} and never printed.
 */
@NullMarked
package dev.streampoller.webhook;

import org.jspecify.annotations.NullMarked;
