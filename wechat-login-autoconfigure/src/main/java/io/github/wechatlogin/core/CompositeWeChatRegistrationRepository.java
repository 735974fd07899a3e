package io.github.wechatlogin.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link WeChatRegistrationRepository} made of others, asked in order: the first that knows an
 * id answers it, so a registration of an earlier repository hides one of a later repository with
 * the same id (the auto-configuration puts the registrations of {@code wechat.login.*} before the
 * database's). Iteration lists each id once, as the lookup would answer it.
 *
 * @author wechat-login developers
 */
public final class CompositeWeChatRegistrationRepository implements WeChatRegistrationRepository {

	private final List<WeChatRegistrationRepository> repositories;

	/**
	 * Create a repository that asks the given ones in order.
	 * @param repositories the repositories, at least one
	 */
	public CompositeWeChatRegistrationRepository(List<WeChatRegistrationRepository> repositories) {
		Assert.notEmpty(repositories, "repositories cannot be empty");
		Assert.noNullElements(repositories, "repositories cannot contain null");
		this.repositories = List.copyOf(repositories);
	}

	@Override
	public @Nullable WeChatRegistration findByRegistrationId(String registrationId) {
		Assert.notNull(registrationId, "registrationId cannot be null");
		for (WeChatRegistrationRepository repository : this.repositories) {
			WeChatRegistration registration = repository.findByRegistrationId(registrationId);
			if (registration != null) {
				return registration;
			}
		}
		return null;
	}

	/**
	 * Return the repositories, in the order they are asked.
	 * @return the repositories
	 */
	public List<WeChatRegistrationRepository> getRepositories() {
		return this.repositories;
	}

	@Override
	public Iterator<WeChatRegistration> iterator() {
		Map<String, WeChatRegistration> byId = new LinkedHashMap<>();
		for (WeChatRegistrationRepository repository : this.repositories) {
			for (WeChatRegistration registration : repository) {
				byId.putIfAbsent(registration.getRegistrationId(), registration);
			}
		}
		return new ArrayList<>(byId.values()).iterator();
	}

	@Override
	public String toString() {
		return "CompositeWeChatRegistrationRepository" + this.repositories;
	}

}
