/**
 * IAM policies: parsing and checking documents, evaluating them with AWS's request context keys
 * ({@code Authorization}), and role trust policies with their principals.
 */
package dev.ststoken.emulator.policy;
