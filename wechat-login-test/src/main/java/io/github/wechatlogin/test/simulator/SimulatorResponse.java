package io.github.wechatlogin.test.simulator;

/**
 * A complete response of the simulator.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the body
 * @author wechat-login
 */
record SimulatorResponse(int status, String contentType, String body) {

	private static final String TEXT_PLAIN = "text/plain";

	private static final String APPLICATION_JSON = "application/json";

	/**
	 * A WeChat answer: HTTP 200, {@code text/plain}, JSON.
	 * @param json the JSON text
	 * @return the response
	 */
	static SimulatorResponse weChat(String json) {
		return new SimulatorResponse(200, TEXT_PLAIN, json);
	}

	/**
	 * A WeChat error answer with the standard message for the code.
	 * @param errcode the error code
	 * @return the response
	 */
	static SimulatorResponse weChatError(int errcode) {
		return weChat(Json.error(errcode, ErrorCodes.message(errcode)));
	}

	/**
	 * An answer of a simulator endpoint: {@code application/json}.
	 * @param status the HTTP status
	 * @param json the JSON text
	 * @return the response
	 */
	static SimulatorResponse simulator(int status, String json) {
		return new SimulatorResponse(status, APPLICATION_JSON, json);
	}

	/**
	 * An error answer of a simulator endpoint: {@code {"error":"..."}}.
	 * @param status the HTTP status
	 * @param message the error message
	 * @return the response
	 */
	static SimulatorResponse simulatorError(int status, String message) {
		return simulator(status, Json.write(Json.object().put("error", message)));
	}

}
