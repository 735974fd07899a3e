package io.github.wechatlogin.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.wechatlogin.core.WeChatAppType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for WeChat login. The top-level {@code app-id}, {@code secret},
 * {@code type} and redirect settings configure the default registration, which logs in at
 * {@code login-path}; each entry of {@code apps} configures another one, which logs in at
 * {@code login-path}/{name}.
 *
 * @author wechat-login developers
 */
@ConfigurationProperties("wechat.login")
public class WeChatLoginProperties {

	/**
	 * Type of the default registration's WeChat application: 'multi-app' for a multi-terminal
	 * application (donut/code2verifyinfo) or 'mini-program' for a classic mini program
	 * (sns/jscode2session).
	 */
	private WeChatAppType type = WeChatAppType.MULTI_APP;

	/**
	 * App id of the default registration: the multi-terminal application's for 'multi-app', the
	 * mini program's for 'mini-program'.
	 */
	private @Nullable String appId;

	/**
	 * App secret of the default registration. Never logged.
	 */
	private @Nullable String secret;

	/**
	 * AppKey of the default registration's virtual payment environment (a mini program's), which
	 * signs pay_sig. Never logged.
	 */
	private @Nullable String appKey;

	/**
	 * Base URL of the WeChat server API.
	 */
	private String apiBaseUrl = "https://api.weixin.qq.com";

	/**
	 * Path of the login endpoint of the default registration; other registrations log in at
	 * '{login-path}/{name}'.
	 */
	private String loginPath = "/login/wechat";

	/**
	 * Path of the refresh endpoint. Defaults to '{login-path}/refresh'.
	 */
	private @Nullable String refreshPath;

	/**
	 * Path of the phone number endpoint: a POST with the bearer token of a WeChat login and
	 * {"code": "..."} (the code of wx.getPhoneNumber) binds the caller's phone number. Defaults
	 * to '{login-path}/phone-number'.
	 */
	private @Nullable String phoneNumberPath;

	/**
	 * Path of the logout endpoint: a POST with the bearer token of a WeChat login revokes it and
	 * its login session.
	 */
	private String logoutPath = "/logout";

	/**
	 * Path of the JWK Set endpoint, published when tokens are signed with a key pair
	 * (token.signing-key-location).
	 */
	private String jwkSetPath = "/.well-known/jwks.json";

	/**
	 * Mini program page answered as 'redirect_path' when the client sends no redirectPath.
	 */
	private @Nullable String redirectPath;

	/**
	 * Patterns a client-supplied redirectPath must match ('*' within a path segment, '**' across
	 * segments). Only relative mini program paths are ever accepted.
	 */
	private List<String> allowedRedirectPaths = new ArrayList<>(List.of("pages/**"));

	/**
	 * Authorities granted to every user by the default WeChatUserService.
	 */
	private List<String> defaultAuthorities = new ArrayList<>(List.of("ROLE_USER"));

	/**
	 * Whether to enable Spring Security's method security (@PreAuthorize and the like) when the
	 * application has not enabled it itself. Turn it off in an application that uses no method
	 * security annotations: it is the largest part of what the starter adds to start-up.
	 */
	private boolean methodSecurity = true;

	/**
	 * Whether to register Spring Security's StrictHttpFirewall, with the same rules and
	 * allocation-free character checks, when the application declares no HttpFirewall bean. It
	 * applies to every SecurityFilterChain of the application.
	 */
	private boolean httpFirewall = true;

	/**
	 * Whether to register a BearerTokenResolver bean (the Authorization header only, answering as
	 * Spring Security's DefaultBearerTokenResolver, without a regular expression) when the
	 * application declares none. Spring Security uses it in every chain with
	 * oauth2ResourceServer() that sets no resolver of its own.
	 */
	private boolean bearerTokenResolver = true;

	/**
	 * Whether WeChat login failures publish Spring Security's authentication failure events:
	 * adds mappings for the starter's own exceptions to every DefaultAuthenticationEventPublisher.
	 */
	private boolean authenticationEvents = true;

	/**
	 * Whether to check at start-up that every endpoint of WeChat login is reached by the
	 * SecurityFilterChain that holds it (not shadowed by an earlier chain, nor outside its
	 * securityMatcher), failing the start-up otherwise. Turn it off only for chains chosen by
	 * something else than the request path (a header, the host), which the check cannot see.
	 */
	private boolean verifyChains = true;

	/**
	 * Further registrations, by name; each logs in at '{login-path}/{name}'.
	 */
	private Map<String, App> apps = new LinkedHashMap<>();

	/**
	 * Where state shared by logins lives (access-token cache, used codes, refresh tokens,
	 * revocations): 'memory' for a single instance, or 'redis' to share it between instances
	 * through the application's RedisConnectionFactory.
	 */
	private Store store = Store.MEMORY;

	/**
	 * Where registrations come from: 'properties' (wechat.login.app-id and wechat.login.apps.*
	 * only), or 'jdbc' to read them, too, from the table wechat_login_registration of the
	 * application's DataSource, per request and cached (registrations of the properties win over
	 * rows with the same id).
	 */
	private RegistrationStore registrationStore = RegistrationStore.PROPERTIES;

	/**
	 * Whether login metrics and observations are tagged with the registration id. Defaults to
	 * true with registration-store 'properties' and false with 'jdbc' (the tag is then 'all'), so
	 * that thousands of tenants do not make thousands of time series.
	 */
	private @Nullable Boolean observeRegistrationIds;

	private final RegistrationCache registrationCache = new RegistrationCache();

	private final Redis redis = new Redis();

	private final Token token = new Token();

	private final Client client = new Client();

	private final SessionKey sessionKey = new SessionKey();

	public WeChatAppType getType() {
		return this.type;
	}

	public void setType(WeChatAppType type) {
		this.type = type;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public String getApiBaseUrl() {
		return this.apiBaseUrl;
	}

	public void setApiBaseUrl(String apiBaseUrl) {
		this.apiBaseUrl = apiBaseUrl;
	}

	public String getLoginPath() {
		return this.loginPath;
	}

	public void setLoginPath(String loginPath) {
		this.loginPath = loginPath;
	}

	public @Nullable String getRefreshPath() {
		return this.refreshPath;
	}

	public void setRefreshPath(@Nullable String refreshPath) {
		this.refreshPath = refreshPath;
	}

	public @Nullable String getPhoneNumberPath() {
		return this.phoneNumberPath;
	}

	public void setPhoneNumberPath(@Nullable String phoneNumberPath) {
		this.phoneNumberPath = phoneNumberPath;
	}

	public String getLogoutPath() {
		return this.logoutPath;
	}

	public void setLogoutPath(String logoutPath) {
		this.logoutPath = logoutPath;
	}

	public String getJwkSetPath() {
		return this.jwkSetPath;
	}

	public void setJwkSetPath(String jwkSetPath) {
		this.jwkSetPath = jwkSetPath;
	}

	public @Nullable String getRedirectPath() {
		return this.redirectPath;
	}

	public void setRedirectPath(@Nullable String redirectPath) {
		this.redirectPath = redirectPath;
	}

	public List<String> getAllowedRedirectPaths() {
		return this.allowedRedirectPaths;
	}

	public void setAllowedRedirectPaths(List<String> allowedRedirectPaths) {
		this.allowedRedirectPaths = allowedRedirectPaths;
	}

	public List<String> getDefaultAuthorities() {
		return this.defaultAuthorities;
	}

	public void setDefaultAuthorities(List<String> defaultAuthorities) {
		this.defaultAuthorities = defaultAuthorities;
	}

	public boolean isMethodSecurity() {
		return this.methodSecurity;
	}

	public void setMethodSecurity(boolean methodSecurity) {
		this.methodSecurity = methodSecurity;
	}

	public boolean isHttpFirewall() {
		return this.httpFirewall;
	}

	public void setHttpFirewall(boolean httpFirewall) {
		this.httpFirewall = httpFirewall;
	}

	public boolean isBearerTokenResolver() {
		return this.bearerTokenResolver;
	}

	public void setBearerTokenResolver(boolean bearerTokenResolver) {
		this.bearerTokenResolver = bearerTokenResolver;
	}

	public boolean isVerifyChains() {
		return this.verifyChains;
	}

	public void setVerifyChains(boolean verifyChains) {
		this.verifyChains = verifyChains;
	}

	public boolean isAuthenticationEvents() {
		return this.authenticationEvents;
	}

	public void setAuthenticationEvents(boolean authenticationEvents) {
		this.authenticationEvents = authenticationEvents;
	}

	public Map<String, App> getApps() {
		return this.apps;
	}

	public void setApps(Map<String, App> apps) {
		this.apps = apps;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public RegistrationStore getRegistrationStore() {
		return this.registrationStore;
	}

	public void setRegistrationStore(RegistrationStore registrationStore) {
		this.registrationStore = registrationStore;
	}

	public @Nullable Boolean getObserveRegistrationIds() {
		return this.observeRegistrationIds;
	}

	public void setObserveRegistrationIds(@Nullable Boolean observeRegistrationIds) {
		this.observeRegistrationIds = observeRegistrationIds;
	}

	public RegistrationCache getRegistrationCache() {
		return this.registrationCache;
	}

	public Token getToken() {
		return this.token;
	}

	public Client getClient() {
		return this.client;
	}

	public SessionKey getSessionKey() {
		return this.sessionKey;
	}

	public @Nullable String getAppKey() {
		return this.appKey;
	}

	public void setAppKey(@Nullable String appKey) {
		this.appKey = appKey;
	}

	/**
	 * A further registration.
	 */
	public static class App {

		/**
		 * Type of the application. Defaults to the top-level 'wechat.login.type'.
		 */
		private @Nullable WeChatAppType type;

		/**
		 * App id of the application.
		 */
		private @Nullable String appId;

		/**
		 * App secret of the application. Never logged.
		 */
		private @Nullable String secret;

		/**
		 * Mini program page answered as 'redirect_path' when the client sends none.
		 */
		private @Nullable String redirectPath;

		/**
		 * Patterns a client-supplied redirectPath must match. Defaults to the top-level
		 * 'wechat.login.allowed-redirect-paths'.
		 */
		private @Nullable List<String> allowedRedirectPaths;

		/**
		 * AppKey of the application's virtual payment environment, which signs pay_sig. Never
		 * logged.
		 */
		private @Nullable String appKey;

		public @Nullable String getAppKey() {
			return this.appKey;
		}

		public void setAppKey(@Nullable String appKey) {
			this.appKey = appKey;
		}

		public @Nullable WeChatAppType getType() {
			return this.type;
		}

		public void setType(@Nullable WeChatAppType type) {
			this.type = type;
		}

		public @Nullable String getAppId() {
			return this.appId;
		}

		public void setAppId(@Nullable String appId) {
			this.appId = appId;
		}

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable String getRedirectPath() {
			return this.redirectPath;
		}

		public void setRedirectPath(@Nullable String redirectPath) {
			this.redirectPath = redirectPath;
		}

		public @Nullable List<String> getAllowedRedirectPaths() {
			return this.allowedRedirectPaths;
		}

		public void setAllowedRedirectPaths(@Nullable List<String> allowedRedirectPaths) {
			this.allowedRedirectPaths = allowedRedirectPaths;
		}

	}

	/**
	 * The tokens a successful login answers with.
	 */
	public static class Token {

		/**
		 * Secret that signs and verifies the access tokens with HS256, at least 32 bytes. Without
		 * it, and without a signing key, a random key is made at every start, so tokens do not
		 * survive a restart and are not accepted by other instances. Never logged.
		 */
		private @Nullable String secret;

		/**
		 * Key pair that signs the access tokens, a PEM file with the PKCS#8 private key ('BEGIN
		 * PRIVATE KEY') and its X.509 public key ('BEGIN PUBLIC KEY'): RSA (2048 bits or more)
		 * signs with RS256, the public key being optional; EC P-256 with ES256, the public key
		 * being required ('openssl pkey -in key.pem -pubout >> key.pem' appends it). The public key
		 * is published at /.well-known/jwks.json. Excludes 'secret'.
		 */
		private @Nullable Resource signingKeyLocation;

		/**
		 * Public keys (X.509 PEM files, 'BEGIN PUBLIC KEY') still accepted for verification
		 * besides the signing key's, for example the previous signing key during a rotation.
		 * Published at /.well-known/jwks.json.
		 */
		private List<Resource> verificationKeyLocations = new ArrayList<>();

		/**
		 * Value of the 'iss' claim of issued access tokens; when set, tokens without it are
		 * refused.
		 */
		private @Nullable String issuer;

		/**
		 * Value of the 'aud' claim of issued access tokens; when set, tokens without it are
		 * refused.
		 */
		private @Nullable String audience;

		/**
		 * How long an access token is valid.
		 */
		private Duration accessTokenTtl = Duration.ofHours(2);

		/**
		 * How long a refresh token is valid. Each refresh issues a new one with this lifetime.
		 */
		private Duration refreshTokenTtl = Duration.ofDays(30);

		/**
		 * Longest life of a login session, however often it is refreshed: no refresh extends a
		 * session beyond this age from its login, and neither refresh nor access tokens outlive
		 * it. The refresh-token-ttl stays the idle limit.
		 */
		private Duration maxSessionAge = Duration.ofDays(90);

		/**
		 * Whether access tokens carry the user's phone number ('phone' claim), which anyone
		 * holding the token can read. Off by default: the phone number stays on the server.
		 */
		private boolean phoneNumberClaim;

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable Resource getSigningKeyLocation() {
			return this.signingKeyLocation;
		}

		public void setSigningKeyLocation(@Nullable Resource signingKeyLocation) {
			this.signingKeyLocation = signingKeyLocation;
		}

		public List<Resource> getVerificationKeyLocations() {
			return this.verificationKeyLocations;
		}

		public void setVerificationKeyLocations(List<Resource> verificationKeyLocations) {
			this.verificationKeyLocations = verificationKeyLocations;
		}

		public @Nullable String getIssuer() {
			return this.issuer;
		}

		public void setIssuer(@Nullable String issuer) {
			this.issuer = issuer;
		}

		public @Nullable String getAudience() {
			return this.audience;
		}

		public void setAudience(@Nullable String audience) {
			this.audience = audience;
		}

		public Duration getAccessTokenTtl() {
			return this.accessTokenTtl;
		}

		public void setAccessTokenTtl(Duration accessTokenTtl) {
			this.accessTokenTtl = accessTokenTtl;
		}

		public Duration getRefreshTokenTtl() {
			return this.refreshTokenTtl;
		}

		public void setRefreshTokenTtl(Duration refreshTokenTtl) {
			this.refreshTokenTtl = refreshTokenTtl;
		}

		public Duration getMaxSessionAge() {
			return this.maxSessionAge;
		}

		public void setMaxSessionAge(Duration maxSessionAge) {
			this.maxSessionAge = maxSessionAge;
		}

		public boolean isPhoneNumberClaim() {
			return this.phoneNumberClaim;
		}

		public void setPhoneNumberClaim(boolean phoneNumberClaim) {
			this.phoneNumberClaim = phoneNumberClaim;
		}

	}

	/**
	 * The HTTP client that calls the WeChat API.
	 */
	public static class Client {

		/**
		 * How long to wait for a connection to the WeChat API.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * How long to wait for the WeChat API to answer, headers and body together.
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		/**
		 * Largest answer read from the WeChat API; a larger one counts as a failure.
		 */
		private DataSize maxResponseSize = DataSize.ofKilobytes(64);

		/**
		 * Endpoint that fetches the access token code2verifyinfo needs: 'stable' for
		 * cgi-bin/stable_token (recommended; several processes may fetch it without knocking
		 * each other out) or 'classic' for cgi-bin/token (each fetch invalidates the previous
		 * token).
		 */
		private AccessTokenEndpoint accessTokenEndpoint = AccessTokenEndpoint.STABLE;

		/**
		 * The HTTP client of the starter's own WeChat API calls: the JDK's, or Apache HttpClient 5
		 * (about a third of the CPU per call; needs org.apache.httpcomponents.client5:httpclient5
		 * on the classpath, and never changes the client of the application's own RestClient).
		 */
		private HttpClientType httpClient = HttpClientType.JDK;

		/**
		 * How long before its expiry an access token is fetched anew.
		 */
		private Duration accessTokenRefreshMargin = Duration.ofMinutes(5);

		/**
		 * How long a failed access-token fetch is answered from memory before WeChat is asked
		 * again, so that an outage or a misconfiguration does not turn every login into a fetch
		 * (WeChat limits them per day). Zero turns it off.
		 */
		private Duration accessTokenFailureBackoff = Duration.ofSeconds(5);

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public HttpClientType getHttpClient() {
			return this.httpClient;
		}

		public void setHttpClient(HttpClientType httpClient) {
			this.httpClient = httpClient;
		}

		public AccessTokenEndpoint getAccessTokenEndpoint() {
			return this.accessTokenEndpoint;
		}

		public void setAccessTokenEndpoint(AccessTokenEndpoint accessTokenEndpoint) {
			this.accessTokenEndpoint = accessTokenEndpoint;
		}

		public Duration getAccessTokenRefreshMargin() {
			return this.accessTokenRefreshMargin;
		}

		public void setAccessTokenRefreshMargin(Duration accessTokenRefreshMargin) {
			this.accessTokenRefreshMargin = accessTokenRefreshMargin;
		}

		public Duration getAccessTokenFailureBackoff() {
			return this.accessTokenFailureBackoff;
		}

		public void setAccessTokenFailureBackoff(Duration accessTokenFailureBackoff) {
			this.accessTokenFailureBackoff = accessTokenFailureBackoff;
		}

	}

	/**
	 * The HTTP client of the starter's own blocking WeChat API client.
	 */
	public enum HttpClientType {

		/**
		 * The JDK's {@code java.net.http.HttpClient} (the default).
		 */
		JDK,

		/**
		 * Apache HttpClient 5, with its own connection pool; httpclient5 must be on the classpath.
		 */
		APACHE

	}

	/**
	 * Where shared state lives.
	 */
	public enum Store {

		/**
		 * In this instance's memory.
		 */
		MEMORY,

		/**
		 * In Redis, shared by every instance.
		 */
		REDIS

	}

	/**
	 * Where registrations come from.
	 */
	public enum RegistrationStore {

		/**
		 * The properties wechat.login.app-id, wechat.login.apps.* only.
		 */
		PROPERTIES,

		/**
		 * The properties, then the table wechat_login_registration of the application's
		 * DataSource.
		 */
		JDBC

	}

	/**
	 * The cache of registrations read from the database.
	 */
	public static class RegistrationCache {

		/**
		 * How long a registration read from the database (or the absence of one) is kept
		 * before it is read again: the longest a change of a row takes to be seen on an
		 * instance without an eviction. Zero reads the database at every request.
		 */
		private Duration timeToLive = Duration.ofSeconds(60);

		/**
		 * The largest number of registrations kept in the cache (unknown ids are kept in a
		 * second cache of the same size).
		 */
		private long maximumSize = 10_000;

		/**
		 * The longest a read of the database may take (the JDBC query timeout, whole
		 * seconds, rounded up): every login of a registration that is not cached waits for
		 * its read, so a stuck database answers 503 upstream_unavailable after this instead
		 * of holding the requests. Set the driver's connect and socket timeouts too (PostgreSQL
		 * connectTimeout and socketTimeout, MariaDB/MySQL connectTimeout and socketTimeout),
		 * and the pool's connection timeout.
		 */
		private Duration queryTimeout = Duration.ofSeconds(3);

		public Duration getQueryTimeout() {
			return this.queryTimeout;
		}

		public void setQueryTimeout(Duration queryTimeout) {
			this.queryTimeout = queryTimeout;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

	/**
	 * The session_key of classic mini program logins, kept on the server for WeChatSessionKeys.
	 */
	public static class SessionKey {

		/**
		 * Whether to keep the session_key of each classic mini program login (per registration
		 * and openid, replacing the previous one, forgotten at logout) and offer
		 * WeChatSessionKeys.
		 */
		private boolean enabled = true;

		/**
		 * How long a session_key is kept after the login that answered it. WeChat does not say
		 * how long a key lives; a user who comes back later logs in again (wx.login), which
		 * replaces it.
		 */
		private Duration timeToLive = Duration.ofDays(3);

		/**
		 * Key of the AES-256-GCM encryption of the session_keys in Redis: base64 of 32 random
		 * bytes (openssl rand -base64 32). Required with store 'redis'. Never logged.
		 */
		private @Nullable String encryptionKey;

		/**
		 * Whether to answer a WeChatSessionKeyException thrown by a Spring MVC controller as
		 * application/problem+json with its error, unless the application handles it itself.
		 */
		private boolean exceptionHandler = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public boolean isExceptionHandler() {
			return this.exceptionHandler;
		}

		public void setExceptionHandler(boolean exceptionHandler) {
			this.exceptionHandler = exceptionHandler;
		}

	}

	/**
	 * The Redis store.
	 */
	public static class Redis {

		/**
		 * Prefix of every Redis key, so that several applications can share one Redis.
		 */
		private String keyPrefix = "wechat-login:";

		/**
		 * Longest wait for each Redis command of the starter, whatever spring.data.redis.timeout
		 * is: with Lettuce (whose default is 60 seconds) the starter uses connections of its own
		 * with this command timeout when the application's is longer. A Jedis connection factory
		 * is used as it is (its timeout defaults to 2 seconds).
		 */
		private Duration timeout = Duration.ofMillis(500);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The endpoint that fetches WeChat API access tokens.
	 */
	public enum AccessTokenEndpoint {

		/**
		 * {@code POST /cgi-bin/stable_token}.
		 */
		STABLE,

		/**
		 * {@code GET /cgi-bin/token}.
		 */
		CLASSIC

	}

}
