/**
 * IAM's actions, one class per group of entities (users and keys, groups, roles, policies, MFA
 * devices, instance profiles, tags, the policy simulator), with the parameters, paging and authorization they share.
 */
package dev.ststoken.emulator.iam;
