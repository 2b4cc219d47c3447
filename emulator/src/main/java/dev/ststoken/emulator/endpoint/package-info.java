/**
 * The query API's HTTP endpoint: one request from its signature to its answer ({@code RequestHandler}),
 * who a key and session token stand for ({@code Authenticator}), the regions a signature may be
 * scoped to, and the access log.
 */
package dev.ststoken.emulator.endpoint;
