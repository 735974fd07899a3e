/**
 * The downstream service: Spring MVC, an OAuth2 resource server that trusts the gateway's tokens
 * through its JWK Set.
 */
@NullMarked
package io.github.wechatlogin.samples.gateway.downstream;

import org.jspecify.annotations.NullMarked;
