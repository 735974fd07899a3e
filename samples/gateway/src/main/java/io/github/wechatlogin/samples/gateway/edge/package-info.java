/**
 * The gateway: Spring Cloud Gateway on WebFlux, with WeChat login and bearer tokens at the edge.
 */
@NullMarked
package io.github.wechatlogin.samples.gateway.edge;

import org.jspecify.annotations.NullMarked;
