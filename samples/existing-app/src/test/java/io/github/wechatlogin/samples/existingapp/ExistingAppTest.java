package io.github.wechatlogin.samples.existingapp;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.wechatlogin.test.context.AutoConfigureWeChatApiSimulator;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application with MockMvc, against the WeChat API simulator, with the test values of
 * {@code application-test.yml}. Every test class uses this one annotation, so they share one
 * application context (and one simulator).
 *
 * @author wechat-login developers
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureWeChatApiSimulator
@ActiveProfiles("test")
@interface ExistingAppTest {

}
