package io.github.wechatlogin.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A bounded concurrent map whose entries expire. Expired entries are dropped when read and swept
 * when the map is full; a write that finds the map full of live entries fails, because silently
 * forgetting a revocation, a used refresh token or a used code would weaken security. Used by
 * the in-memory stores of this library; not meant for applications.
 *
 * @param <V> the value type
 * @author wechat-login developers
 */
public final class ExpiringMap<V> {

	private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();

	private final int maxEntries;

	private final Clock clock;

	/**
	 * Create a map.
	 * @param maxEntries the most live entries held
	 * @param clock the clock that decides expiry
	 */
	public ExpiringMap(int maxEntries, Clock clock) {
		Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
		Assert.notNull(clock, "clock cannot be null");
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	/**
	 * Put an entry.
	 * @param key the key
	 * @param value the value
	 * @param expiresAt when it expires
	 * @throws StoreFullException if the map is full of live entries
	 */
	public void put(String key, V value, Instant expiresAt) {
		if (this.entries.size() >= this.maxEntries && !this.entries.containsKey(key)) {
			sweep();
			if (this.entries.size() >= this.maxEntries) {
				throw new StoreFullException("The in-memory store holds " + this.maxEntries
						+ " live entries and cannot take more; raise its limit or use the Redis store");
			}
		}
		this.entries.put(key, new Entry<>(value, expiresAt));
	}

	/**
	 * Return the live value of a key.
	 * @param key the key
	 * @return the value, or {@code null}
	 */
	public @Nullable V get(String key) {
		Entry<V> entry = this.entries.get(key);
		if (entry == null) {
			return null;
		}
		if (isExpired(entry)) {
			this.entries.remove(key, entry);
			return null;
		}
		return entry.value();
	}

	/**
	 * Atomically replace the live value of a key.
	 * @param key the key
	 * @param update computes the new value from the current one (never called for an absent or
	 * expired entry); returns the current one to leave it
	 * @return the value before the update, or {@code null} if there was no live entry
	 */
	public @Nullable V update(String key, BiFunction<String, V, V> update) {
		return update(key, update, Instant.MAX);
	}

	/**
	 * Atomically replace the live value of a key, and make it expire no later than the given
	 * instant.
	 * @param key the key
	 * @param update computes the new value from the current one
	 * @param expiresNoLaterThan the latest expiry of the updated entry
	 * @return the value before the update, or {@code null} if there was no live entry
	 */
	public @Nullable V update(String key, BiFunction<String, V, V> update, Instant expiresNoLaterThan) {
		Object[] before = new Object[1];
		this.entries.computeIfPresent(key, (k, entry) -> {
			if (isExpired(entry)) {
				return null;
			}
			before[0] = entry.value();
			Instant expiresAt = entry.expiresAt().isBefore(expiresNoLaterThan) ? entry.expiresAt() : expiresNoLaterThan;
			return new Entry<>(update.apply(k, entry.value()), expiresAt);
		});
		@SuppressWarnings("unchecked")
		V value = (V) before[0];
		return value;
	}

	/**
	 * Put an entry; when the map is full of live entries, first drop the 1% (at least one) that
	 * expire soonest. For state whose loss is safe, such as refresh tokens (a forgotten token is
	 * refused, never accepted).
	 * @param key the key
	 * @param value the value
	 * @param expiresAt when it expires
	 * @return the number of live entries dropped to make room
	 */
	public int putEvictingSoonestExpiring(String key, V value, Instant expiresAt) {
		int evicted = 0;
		if (this.entries.size() >= this.maxEntries && !this.entries.containsKey(key)) {
			sweep();
			if (this.entries.size() >= this.maxEntries) {
				evicted = evictSoonestExpiring(Math.max(1, this.maxEntries / 100));
			}
		}
		this.entries.put(key, new Entry<>(value, expiresAt));
		return evicted;
	}

	private synchronized int evictSoonestExpiring(int count) {
		if (this.entries.size() < this.maxEntries) {
			return 0;
		}
		List<Map.Entry<String, Entry<V>>> soonest = new ArrayList<>(this.entries.entrySet());
		soonest.sort(Comparator.comparing((Map.Entry<String, Entry<V>> entry) -> entry.getValue().expiresAt()));
		int evicted = 0;
		for (Map.Entry<String, Entry<V>> entry : soonest.subList(0, Math.min(count, soonest.size()))) {
			if (this.entries.remove(entry.getKey(), entry.getValue())) {
				evicted++;
			}
		}
		return evicted;
	}

	/**
	 * Put an entry only if the key has no live entry.
	 * @param key the key
	 * @param value the value
	 * @param expiresAt when it expires
	 * @return whether the entry was put
	 * @throws StoreFullException if the map is full of live entries
	 */
	public boolean putIfAbsent(String key, V value, Instant expiresAt) {
		return putIfAbsent(key, value, expiresAt, false);
	}

	/**
	 * Put an entry only if the key has no live entry; when the map is full of live entries,
	 * either fail or, with {@code evictWhenFull}, first drop the 1% that expire soonest.
	 * @param key the key
	 * @param value the value
	 * @param expiresAt when it expires
	 * @param evictWhenFull whether to make room rather than fail
	 * @return whether the entry was put
	 * @throws StoreFullException if the map is full of live entries and may not evict
	 */
	public boolean putIfAbsent(String key, V value, Instant expiresAt, boolean evictWhenFull) {
		if (this.entries.size() >= this.maxEntries) {
			sweep();
			if (this.entries.size() >= this.maxEntries) {
				if (!evictWhenFull) {
					throw new StoreFullException("The in-memory store holds " + this.maxEntries
							+ " live entries and cannot take more; raise its limit or use the Redis store");
				}
				evictSoonestExpiring(Math.max(1, this.maxEntries / 100));
			}
		}
		boolean[] put = new boolean[1];
		this.entries.compute(key, (k, existing) -> {
			if (existing != null && !isExpired(existing)) {
				return existing;
			}
			put[0] = true;
			return new Entry<>(value, expiresAt);
		});
		return put[0];
	}

	/**
	 * Remove an entry.
	 * @param key the key
	 */
	public void remove(String key) {
		this.entries.remove(key);
	}

	/**
	 * Return the number of entries, expired ones not yet swept included.
	 * @return the size
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Drop the expired entries.
	 */
	public void sweep() {
		Instant now = this.clock.instant();
		for (Iterator<Map.Entry<String, Entry<V>>> it = this.entries.entrySet().iterator(); it.hasNext();) {
			if (!now.isBefore(it.next().getValue().expiresAt())) {
				it.remove();
			}
		}
	}

	private boolean isExpired(Entry<V> entry) {
		return !this.clock.instant().isBefore(entry.expiresAt());
	}

	private record Entry<V>(V value, Instant expiresAt) {
	}

	/**
	 * Thrown when the map is full of live entries.
	 */
	public static final class StoreFullException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		StoreFullException(String message) {
			super(message);
		}

	}

}
