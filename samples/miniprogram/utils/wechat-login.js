/**
 * WeChat login for a mini program or a multi-terminal app (多端应用), against a server that uses
 * wechat-login (Spring Boot). No build step, no dependencies: copy this file into your project.
 *
 *   const { createWeChatLogin } = require('./utils/wechat-login')
 *   const auth = createWeChatLogin({ baseUrl: 'https://api.example.com', redirectPath: 'pages/index/index' })
 *   await auth.login()                                  // wx.weixinMiniProgramLogin or wx.login, then POST the code
 *   const res = await auth.request({ url: '/api/me' })  // wx.request with Authorization: Bearer ...
 *   // <button open-type="getPhoneNumber" bindgetphonenumber="onPhone">: classic mini programs
 *   const phone = await auth.bindPhoneNumber(e)         // POST e.detail.code, keep the fresh tokens
 *   // data the server decrypts with its session_key (classic mini programs): log in again once if it has none
 *   const steps = await auth.withSessionKey(async () => auth.request({ url: '/api/werun', method: 'POST', data: await getWeRunData() }))
 *
 * - type 'multi-app' (the default) calls wx.weixinMiniProgramLogin({ redirectPath }); type
 *   'mini-program' calls wx.login (a classic mini program).
 * - The tokens are kept with wx.setStorageSync, so a restarted app stays logged in.
 * - request() sends the access token only to baseUrl, refreshes it shortly before it expires,
 *   and after a 401 refreshes once and retries once. Concurrent requests share one refresh
 *   (a refresh token works once: two refreshes with the same token would end the session).
 * - Failures reject with a WeChatLoginError whose `reason` is stable and whose `message` /
 *   `messageZh` can be shown; the client-side fail codes of wx.weixinMiniProgramLogin
 *   (-1, 10001005, 10001008, 10001016, -700000) are explained, since they never reach the server.
 */
'use strict'

const DEFAULT_STORAGE_KEY = 'wechat-login:session'

/** Refresh this long before the access token expires. */
const DEFAULT_REFRESH_MARGIN_MS = 60 * 1000

const CLIENT_FAILURES = {
  '-1': {
    reason: 'wechat_system_error',
    message: 'WeChat had a system error. Please try again in a moment.',
    messageZh: '微信系统错误，请稍后重试。'
  },
  10001005: {
    reason: 'identity_service_not_enabled',
    message: 'This multi-terminal app is not connected to WeChat identity management. ' +
      'Enable the identity management service (身份管理) for the app on dev.weixin.qq.com.',
    messageZh: '多端应用尚未接入身份管理服务，请在 dev.weixin.qq.com 为该应用开通身份管理。'
  },
  10001008: {
    reason: 'mini_program_not_bound',
    message: 'This multi-terminal app has no development mini program bound. ' +
      'Bind the mini program in the app\'s module settings on dev.weixin.qq.com.',
    messageZh: '多端应用尚未绑定开发小程序，请在 dev.weixin.qq.com 的应用模块设置中绑定小程序。'
  },
  10001016: {
    reason: 'mini_program_binding_error',
    message: 'The development mini program bound to this app\'s module is wrong. ' +
      'Check the module\'s mini program binding on dev.weixin.qq.com.',
    messageZh: '多端应用模块绑定的开发小程序有误，请在 dev.weixin.qq.com 检查模块的小程序绑定。'
  }
}

const LAUNCH_WECHAT_FAILED = {
  reason: 'launch_wechat_failed',
  message: 'Could not open WeChat: the multi-terminal app is not bound to a mobile app account, so ' +
    'the WeChat OpenSDK cannot start. Bind the mobile app account (移动应用) to the multi-terminal app ' +
    'and tick OpenSDK in project.miniapp.json.',
  messageZh: '拉起微信失败：多端应用尚未绑定移动应用账号，OpenSDK 无法启动。请为多端应用绑定移动应用账号，' +
    '并在 project.miniapp.json 中勾选 OpenSDK。'
}

/** The phone number endpoint's answers, where they differ from the login's. */
const PHONE_FAILURES = {
  invalid_code: {
    message: 'The phone number authorization expired or was already used. Please tap the button again.',
    messageZh: '手机号授权已过期或已被使用，请重新点击按钮授权。'
  },
  access_denied: {
    message: 'This phone number cannot be bound to your account.',
    messageZh: '该手机号无法绑定到您的账号。'
  },
  rate_limited: {
    message: 'Too many phone number requests. Please try again later.',
    messageZh: '获取手机号过于频繁，请稍后再试。'
  },
  invalid_request: {
    message: 'The phone number request was refused as invalid.',
    messageZh: '手机号请求无效。'
  }
}

const SERVER_FAILURES = {
  invalid_request: {
    message: 'The login request was refused as invalid.',
    messageZh: '登录请求无效。'
  },
  invalid_code: {
    message: 'The login code was refused (expired or already used). Please log in again.',
    messageZh: '登录凭证已过期或已被使用，请重新登录。'
  },
  user_blocked: {
    message: 'This account cannot log in.',
    messageZh: '该账号无法登录。'
  },
  rate_limited: {
    message: 'Too many logins. Please try again later.',
    messageZh: '登录过于频繁，请稍后再试。'
  },
  upstream_unavailable: {
    message: 'WeChat is not reachable right now. Please try again in a moment.',
    messageZh: '暂时无法连接微信，请稍后重试。'
  },
  server_misconfigured: {
    message: 'The server is misconfigured. Please contact support.',
    messageZh: '服务器配置有误，请联系客服。'
  },
  invalid_grant: {
    message: 'Your session has ended. Please log in again.',
    messageZh: '登录已失效，请重新登录。'
  }
}

/**
 * An error of the login helper. `reason` is stable (for code), `message` and `messageZh` are
 * for people. Client-side WeChat failures carry `errCode` and `errMsg`; server answers carry
 * `status`, `error` and, where the server sent one, `retryAfter` (seconds).
 */
class WeChatLoginError extends Error {
  constructor (reason, message, details) {
    super(message)
    this.name = 'WeChatLoginError'
    this.reason = reason
    Object.assign(this, details)
  }
}

/**
 * Explain a fail result of wx.weixinMiniProgramLogin or wx.login ({ errCode, errMsg }).
 * @returns {{reason: string, errCode: *, errMsg: string, message: string, messageZh: string}}
 */
function describeLoginFailure (res) {
  const errCode = res && (res.errCode !== undefined ? res.errCode : res.errno)
  const errMsg = String((res && res.errMsg) || '')
  let known = CLIENT_FAILURES[String(errCode)]
  if (/launch wechat fail/i.test(errMsg)) {
    known = LAUNCH_WECHAT_FAILED
  } else if (!known && /:fail cancel|auth deny|auth cancel/i.test(errMsg)) {
    known = {
      reason: 'cancelled',
      message: 'The login was cancelled.',
      messageZh: '已取消登录。'
    }
  } else if (!known && Number(errCode) === -700000) {
    known = {
      reason: 'client_error',
      message: 'WeChat login failed on this device: ' + (errMsg || 'no details') + '.',
      messageZh: '微信登录在本机失败：' + (errMsg || '无详细信息') + '。'
    }
  }
  if (!known) {
    known = {
      reason: 'unknown',
      message: 'WeChat login failed (errCode ' + errCode + (errMsg ? ': ' + errMsg : '') + ').',
      messageZh: '微信登录失败（错误码 ' + errCode + (errMsg ? '：' + errMsg : '') + '）。'
    }
  }
  return { reason: known.reason, errCode, errMsg, message: known.message, messageZh: known.messageZh }
}

/**
 * Explain a problem answered by the server (application/problem+json with an `error` member).
 */
function describeServerFailure (res) {
  const body = (res && typeof res.data === 'object' && res.data) || {}
  const error = typeof body.error === 'string' ? body.error : 'http_' + (res && res.statusCode)
  const known = SERVER_FAILURES[error] || {
    message: 'The server answered ' + (res && res.statusCode) + '.',
    messageZh: '服务器返回 ' + (res && res.statusCode) + '。'
  }
  const retryAfter = parseRetryAfter(header(res, 'Retry-After'))
  let message = known.message
  let messageZh = known.messageZh
  if (retryAfter !== undefined) {
    message += ' (retry in ' + retryAfter + ' s)'
    messageZh += '（' + retryAfter + ' 秒后重试）'
  }
  return { reason: error, status: res && res.statusCode, error, detail: body.detail, retryAfter, message, messageZh }
}

/**
 * Read the event of an open-type="getPhoneNumber" button: its one-time code, or a
 * WeChatLoginError when the user denied the number (reason 'phone_number_denied') or WeChat gave
 * no code ('phone_number_unavailable', for example a mini program that may not ask for numbers).
 */
function phoneCodeOf (e) {
  const detail = (e && e.detail) || {}
  if (typeof detail.code === 'string' && detail.code) {
    return detail.code
  }
  const errMsg = String(detail.errMsg || '')
  if (/deny|cancel/i.test(errMsg)) {
    throw new WeChatLoginError('phone_number_denied', 'The phone number was not shared.',
      { messageZh: '未授权手机号。', errMsg })
  }
  throw new WeChatLoginError('phone_number_unavailable',
    'WeChat gave no phone number code' + (errMsg ? ' (' + errMsg + ')' : '') + '.',
    { messageZh: '微信未返回手机号凭证' + (errMsg ? '（' + errMsg + '）' : '') + '。', errMsg })
}

/**
 * Create a login helper.
 * @param {object} options
 * @param {string} options.baseUrl the server, e.g. 'https://api.example.com' (no trailing slash needed)
 * @param {'multi-app'|'mini-program'} [options.type='multi-app'] wx.weixinMiniProgramLogin or wx.login
 * @param {string} [options.redirectPath] mini program page to land on after authorising (multi-app)
 * @param {string} [options.loginPath='/login/wechat'] the server's wechat.login.login-path
 * @param {string} [options.registration] a wechat.login.apps.<name>: logs in at {loginPath}/{name}
 * @param {string} [options.logoutPath='/logout']
 * @param {string} [options.phoneNumberPath] the server's wechat.login.phone-number-path ('{loginPath}/phone-number')
 * @param {string} [options.storageKey='wechat-login:session']
 * @param {boolean} [options.autoLogin=true] request() logs in first when there is no session
 * @param {number} [options.refreshMarginMs=60000] refresh this long before the access token expires
 * @param {object} [options.wx] the wx object (defaults to the global one)
 * @param {function} [options.now] clock, for tests
 */
function createWeChatLogin (options) {
  const opts = Object.assign({
    type: 'multi-app',
    loginPath: '/login/wechat',
    logoutPath: '/logout',
    storageKey: DEFAULT_STORAGE_KEY,
    autoLogin: true,
    refreshMarginMs: DEFAULT_REFRESH_MARGIN_MS,
    now: () => Date.now()
  }, options)
  if (!opts.baseUrl) {
    throw new Error('createWeChatLogin needs a baseUrl')
  }
  if (opts.type !== 'multi-app' && opts.type !== 'mini-program') {
    throw new Error("type must be 'multi-app' or 'mini-program', not '" + opts.type + "'")
  }
  const wxApi = opts.wx || (typeof wx !== 'undefined' ? wx : undefined) // eslint-disable-line no-undef
  if (!wxApi) {
    throw new Error('No wx object: run in a mini program or pass options.wx')
  }
  const baseUrl = String(opts.baseUrl).replace(/\/+$/, '')
  const loginUrl = baseUrl + opts.loginPath + (opts.registration ? '/' + opts.registration : '')
  const refreshUrl = baseUrl + opts.loginPath + '/refresh'
  const logoutUrl = baseUrl + opts.logoutPath
  const phoneNumberUrl = baseUrl + (opts.phoneNumberPath || opts.loginPath + '/phone-number')

  let pendingLogin = null
  let pendingRefresh = null

  function getSession () {
    const session = wxApi.getStorageSync(opts.storageKey)
    return session && session.accessToken ? session : null
  }

  function saveSession (body) {
    const session = {
      accessToken: body.access_token,
      refreshToken: body.refresh_token || null,
      expiresAt: opts.now() + Number(body.expires_in || 0) * 1000,
      openid: body.openid || null,
      unionid: body.unionid || null,
      redirectPath: body.redirect_path || null
    }
    wxApi.setStorageSync(opts.storageKey, session)
    return session
  }

  /** Keep the fresh tokens of a phone number answer, and what the session knew of the user. */
  function replaceTokens (body) {
    const session = getSession() || {}
    return saveSession(Object.assign({
      openid: session.openid,
      unionid: session.unionid,
      redirect_path: session.redirectPath
    }, body))
  }

  function clearSession () {
    if (typeof wxApi.removeStorageSync === 'function') {
      wxApi.removeStorageSync(opts.storageKey)
    } else {
      wxApi.setStorageSync(opts.storageKey, '')
    }
  }

  function getCode () {
    const api = opts.type === 'multi-app' ? 'weixinMiniProgramLogin' : 'login'
    if (typeof wxApi[api] !== 'function') {
      return Promise.reject(new WeChatLoginError('unsupported',
        'wx.' + api + ' is not available here. ' + (api === 'login'
          ? 'Run in a mini program.'
          : "It exists only in multi-terminal apps (多端应用); in a classic mini program use type 'mini-program'."),
        { messageZh: '当前环境不支持 wx.' + api + '。' }))
    }
    return new Promise((resolve, reject) => {
      const args = {
        success (res) {
          if (res && res.code) {
            resolve(res.code)
          } else {
            const failure = describeLoginFailure(res)
            reject(new WeChatLoginError(failure.reason, failure.message, failure))
          }
        },
        fail (res) {
          const failure = describeLoginFailure(res)
          reject(new WeChatLoginError(failure.reason, failure.message, failure))
        }
      }
      if (api === 'weixinMiniProgramLogin' && opts.redirectPath) {
        args.redirectPath = opts.redirectPath
      }
      wxApi[api](args)
    })
  }

  function send (request) {
    return new Promise((resolve, reject) => {
      wxApi.request(Object.assign({}, request, {
        success: resolve,
        fail (res) {
          reject(new WeChatLoginError('network_error',
            'The server cannot be reached: ' + ((res && res.errMsg) || 'request failed') + '.',
            { messageZh: '网络异常，无法连接服务器。', errMsg: res && res.errMsg }))
        }
      }))
    })
  }

  function postJson (url, data, accessToken) {
    const header = { 'Content-Type': 'application/json' }
    if (accessToken) {
      header.Authorization = 'Bearer ' + accessToken
    }
    return send({ url, method: 'POST', data, header })
  }

  function failed (res) {
    const failure = describeServerFailure(res)
    return new WeChatLoginError(failure.reason, failure.message, failure)
  }

  async function postLogin (phoneCode) {
    const code = await getCode()
    const data = { code }
    if (opts.redirectPath) {
      data.redirectPath = opts.redirectPath
    }
    if (phoneCode) {
      data.phoneCode = phoneCode
    }
    const res = await postJson(loginUrl, data)
    if (res.statusCode !== 200) {
      throw failed(res)
    }
    return saveSession(res.data)
  }

  /** Log in: get a code from WeChat, post it, keep the tokens. Concurrent calls share one login. */
  function login () {
    if (!pendingLogin) {
      pendingLogin = postLogin().finally(() => {
        pendingLogin = null
      })
    }
    return pendingLogin
  }

  /**
   * Sign up (or log in) with the phone number in one request: the event of an
   * open-type="getPhoneNumber" button, then wx.login, both codes posted together. The server
   * refuses the whole login when the phone code is refused (the login code is spent then).
   */
  async function signUpWithPhoneNumber (e) {
    const phoneCode = phoneCodeOf(e)
    return postLogin(phoneCode)
  }

  function phoneFailed (res) {
    const error = failed(res)
    const known = PHONE_FAILURES[error.reason]
    if (known) {
      error.message = known.message + (error.retryAfter !== undefined ? ' (retry in ' + error.retryAfter + ' s)' : '')
      error.messageZh = known.messageZh + (error.retryAfter !== undefined ? '（' + error.retryAfter + ' 秒后重试）' : '')
    }
    return error
  }

  /**
   * Bind the user's phone number: the event of an open-type="getPhoneNumber" button
   * (e.detail.code), posted with the access token. Resolves with { phoneNumber,
   * purePhoneNumber, countryCode }; when the server answers fresh tokens (the application changed
   * the user, granting it a role for example) they replace the session's. A denied number
   * rejects with reason 'phone_number_denied' without calling the server. The code works once:
   * after a 401 for the access token the helper refreshes and retries once (the server refused the
   * token before looking at the code); a refused code is the answer.
   */
  async function bindPhoneNumber (e) {
    const code = phoneCodeOf(e)
    let session = await currentSession()
    let res = await postJson(phoneNumberUrl, { code }, session.accessToken)
    if (res.statusCode === 401 && res.data && res.data.error !== 'invalid_code') {
      const current = getSession()
      session = (current && current.accessToken !== session.accessToken) ? current : await refresh()
      res = await postJson(phoneNumberUrl, { code }, session.accessToken)
    }
    if (res.statusCode !== 200) {
      throw phoneFailed(res)
    }
    if (res.data.access_token) {
      replaceTokens(res.data)
    }
    return {
      phoneNumber: res.data.phone_number,
      purePhoneNumber: res.data.pure_phone_number,
      countryCode: res.data.country_code
    }
  }

  /**
   * Exchange the refresh token for new tokens. Concurrent calls share one refresh. When the
   * server refuses the refresh token the session is cleared and the error's reason is
   * 'login_required'.
   */
  function refresh () {
    if (!pendingRefresh) {
      pendingRefresh = (async () => {
        const session = getSession()
        if (!session || !session.refreshToken) {
          clearSession()
          throw new WeChatLoginError('login_required', 'Please log in.', { messageZh: '请先登录。' })
        }
        const res = await postJson(refreshUrl, { refresh_token: session.refreshToken })
        if (res.statusCode === 200) {
          return saveSession(res.data)
        }
        const error = failed(res)
        if (res.statusCode === 400 || res.statusCode === 401) {
          clearSession()
          error.reason = 'login_required'
        }
        throw error
      })().finally(() => {
        pendingRefresh = null
      })
    }
    return pendingRefresh
  }

  async function currentSession () {
    let session = getSession()
    if (!session) {
      if (!opts.autoLogin) {
        throw new WeChatLoginError('login_required', 'Please log in.', { messageZh: '请先登录。' })
      }
      session = await login()
    } else if (session.refreshToken && session.expiresAt - opts.now() < opts.refreshMarginMs) {
      session = await refresh()
    }
    return session
  }

  function isOwnServer (url) {
    return url === baseUrl || url.startsWith(baseUrl + '/') || url.startsWith(baseUrl + '?')
  }

  /**
   * wx.request against the server, with the access token. A relative url is resolved against
   * baseUrl; the token is only ever sent to baseUrl. Resolves with the wx.request result (any
   * status, as wx.request does); rejects with a WeChatLoginError when the user must log in, or
   * on a network failure.
   */
  async function request (request) {
    const url = /^https?:\/\//.test(request.url) ? request.url : baseUrl + request.url
    if (!isOwnServer(url)) {
      return send(Object.assign({}, request, { url }))
    }
    let session = await currentSession()
    const attempt = (accessToken) => send(Object.assign({}, request, {
      url,
      header: Object.assign({}, request.header, { Authorization: 'Bearer ' + accessToken })
    }))
    const res = await attempt(session.accessToken)
    if (res.statusCode !== 401 || isSessionKeyMissing(res)) {
      // session_key_missing: a refresh gets no new session_key (see withSessionKey)
      return res
    }
    const current = getSession()
    if (current && current.accessToken !== session.accessToken) {
      session = current // another request refreshed meanwhile
    } else {
      session = await refresh()
    }
    return attempt(session.accessToken) // once: a second 401 is the answer
  }

  /**
   * Run a task whose request needs the server's session_key of this login (classic mini
   * programs): data WeChat encrypted with it (wx.getWeRunData, ...) or a virtual payment
   * signature. When the server answers 401 session_key_missing (it keeps no key for this login:
   * expired, logged out on another phone, refused by WeChat), log in again with wx.login, which
   * gives the server a new key, and run the task once more. The task must get its data anew
   * (data encrypted before the new login no longer decrypts). Resolves with the task's result.
   * The current session is kept until the new login succeeds (a failed login rejects and leaves
   * it as it was). Other answers are returned as they are: a multi-terminal login gets
   * 400 invalid_request ("this login has no session_key"), which a new login cannot change.
   */
  async function withSessionKey (task) {
    const res = await task()
    if (!isSessionKeyMissing(res)) {
      return res
    }
    await login() // replaces the session only once it succeeds
    return task()
  }

  /** Log out: revoke the tokens on the server (best effort) and forget them here. */
  async function logout () {
    const session = getSession()
    clearSession()
    if (!session) {
      return
    }
    try {
      await postJson(logoutUrl, undefined, session.accessToken)
    } catch (ex) {
      // Forgotten locally; the tokens expire on their own
    }
  }

  return {
    login,
    refresh,
    request,
    logout,
    bindPhoneNumber,
    signUpWithPhoneNumber,
    withSessionKey,
    getSession,
    isLoggedIn: () => getSession() !== null
  }
}

module.exports = {
  createWeChatLogin,
  describeLoginFailure,
  describeServerFailure,
  WeChatLoginError
}

function isSessionKeyMissing (res) {
  return Boolean(res) && res.statusCode === 401 && Boolean(res.data) && res.data.error === 'session_key_missing'
}

function header (res, name) {
  const headers = (res && res.header) || {}
  const lower = name.toLowerCase()
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === lower) {
      return headers[key]
    }
  }
  return undefined
}

function parseRetryAfter (value) {
  const seconds = Number(value)
  return value !== undefined && value !== '' && Number.isFinite(seconds) ? seconds : undefined
}
