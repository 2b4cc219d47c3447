/**
 * What every IAM and STS action gets and gives: the authenticated {@code Caller} and the facts of how
 * its request arrived, the model constraints of request members, the XML answer, and the errors,
 * each built from the one table of codes, {@code AwsErrorCode}.
 */
package dev.ststoken.emulator.request;
