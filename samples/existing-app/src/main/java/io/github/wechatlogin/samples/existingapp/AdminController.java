package io.github.wechatlogin.samples.existingapp;

import java.security.Principal;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The admin console, for the users of the form login.
 *
 * @author wechat-login developers
 */
@RestController
class AdminController {

	@GetMapping(path = "/admin/dashboard", produces = MediaType.TEXT_HTML_VALUE)
	String dashboard(Principal principal) {
		return "<!DOCTYPE html><html><body><h1>Dashboard</h1><p>Signed in as "
				+ HtmlUtils.htmlEscape(principal.getName()) + "</p></body></html>";
	}

}
