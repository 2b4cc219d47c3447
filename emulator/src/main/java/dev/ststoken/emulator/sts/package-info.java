/** STS's actions and the sealed session tokens its sessions travel in. */
package dev.ststoken.emulator.sts;
