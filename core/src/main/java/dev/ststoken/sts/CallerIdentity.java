package dev.ststoken.sts;

/** GetCallerIdentity's answer: who the credentials belong to. */
public record CallerIdentity(String userId, String account, String arn) {}
