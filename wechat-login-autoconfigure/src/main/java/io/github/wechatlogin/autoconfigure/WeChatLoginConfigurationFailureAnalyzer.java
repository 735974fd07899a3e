package io.github.wechatlogin.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link WeChatLoginConfigurationException} at startup as a description of the problem
 * and the property to set.
 *
 * @author wechat-login developers
 */
class WeChatLoginConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WeChatLoginConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WeChatLoginConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
