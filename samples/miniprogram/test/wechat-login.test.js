/**
 * utils/wechat-login.js against the real demo over HTTP, with the wx shim of wx-shim.js.
 *
 * Start the demo first (README: "Run the demo and the tests"), then:
 *   node --test test/*.test.js
 * DEMO_BASE_URL (default http://127.0.0.1:8080) and SIMULATOR_BASE_URL (default
 * http://127.0.0.1:8089) say where the demo and its WeChat API simulator listen.
 */
'use strict'

const { describe, it, before, beforeEach } = require('node:test')
const assert = require('node:assert/strict')

const { createWeChatLogin, describeLoginFailure, WeChatLoginError } = require('../utils/wechat-login')
const { createWx } = require('./wx-shim')

const DEMO = (process.env.DEMO_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
const SIMULATOR = (process.env.SIMULATOR_BASE_URL || 'http://127.0.0.1:8089').replace(/\/+$/, '')
const ADMIN = { openid: 'o-admin-openid', unionid: 'u-demo' }
const PLAIN = { openid: 'o-plain-user', unionid: 'u-demo' }

before(async () => {
  try {
    const response = await fetch(DEMO + '/api/public/ping')
    assert.equal(response.status, 200)
  } catch (ex) {
    throw new Error('The demo does not answer at ' + DEMO + ' (' + ex.message + '). Start it first: ' +
      './mvnw -q -DskipTests install && ./mvnw -q -f samples/demo/pom.xml spring-boot:run, ' +
      'or set DEMO_BASE_URL and SIMULATOR_BASE_URL.')
  }
})

function setUp (options) {
  const shim = createWx({ simulatorBaseUrl: SIMULATOR, user: (options && options.user) || PLAIN })
  const auth = createWeChatLogin(Object.assign({
    baseUrl: DEMO,
    redirectPath: 'pages/index/index',
    wx: shim.wx
  }, options && options.login))
  return { shim, auth }
}

function requestsTo (shim, path) {
  return shim.calls.request.filter((call) => new URL(call.url).pathname === path)
}

describe('login', () => {
  it('multi-app: calls wx.weixinMiniProgramLogin with the redirectPath, posts the code, stores the tokens', async () => {
    const { shim, auth } = setUp()

    const session = await auth.login()

    assert.deepEqual(shim.calls.weixinMiniProgramLogin.map((call) => call.redirectPath), ['pages/index/index'])
    assert.equal(shim.calls.login.length, 0)
    const [posted] = requestsTo(shim, '/login/wechat')
    assert.equal(posted.method, 'POST')
    assert.equal(posted.data.redirectPath, 'pages/index/index')
    assert.match(posted.data.code, /\S+/)
    assert.equal(session.openid, PLAIN.openid)
    assert.equal(session.unionid, PLAIN.unionid)
    assert.equal(session.redirectPath, 'pages/index/index')
    assert.match(session.accessToken, /^eyJ/)
    assert.equal(session.refreshToken.length, 43)
    assert.ok(session.expiresAt > Date.now() + 60 * 60 * 1000)
    assert.deepEqual(shim.storage.get('wechat-login:session'), session)
    assert.equal(auth.isLoggedIn(), true)
  })

  it('mini-program: calls wx.login and logs in at the classic registration', async () => {
    const { shim, auth } = setUp({ user: ADMIN, login: { type: 'mini-program', registration: 'classic' } })

    await auth.login()
    const me = await auth.request({ url: '/api/me' })

    assert.equal(shim.calls.login.length, 1)
    assert.equal(shim.calls.weixinMiniProgramLogin.length, 0)
    assert.equal(requestsTo(shim, '/login/wechat/classic').length, 1)
    assert.equal(me.statusCode, 200)
    assert.equal(me.data.app_id, 'wx-demo-mini-program')
    assert.equal(me.data.openid, ADMIN.openid)
  })

  it('concurrent logins share one code', async () => {
    const { shim, auth } = setUp()

    const [first, second] = await Promise.all([auth.login(), auth.login()])

    assert.equal(shim.calls.weixinMiniProgramLogin.length, 1)
    assert.equal(first.accessToken, second.accessToken)
  })

  it('a code WeChat refuses rejects with invalid_code', async () => {
    const { shim, auth } = setUp()
    shim.answerNextCode('not-a-code-wechat-issued')

    await assert.rejects(auth.login(), (error) => {
      assert.ok(error instanceof WeChatLoginError)
      assert.equal(error.reason, 'invalid_code')
      assert.equal(error.status, 401)
      assert.equal(error.error, 'invalid_code')
      assert.match(error.message, /log in again/)
      assert.match(error.messageZh, /重新登录/)
      return true
    })
    assert.equal(auth.isLoggedIn(), false)
  })

  it('a redirectPath the server does not allow rejects with invalid_request', async () => {
    const { auth } = setUp({ login: { redirectPath: 'https://evil.example/' } })

    await assert.rejects(auth.login(), (error) => {
      assert.equal(error.reason, 'invalid_request')
      assert.equal(error.status, 400)
      return true
    })
  })

  it('without wx.weixinMiniProgramLogin (a classic mini program) says to use type mini-program', async () => {
    const { shim } = setUp()
    const wx = Object.assign({}, shim.wx, { weixinMiniProgramLogin: undefined })
    const auth = createWeChatLogin({ baseUrl: DEMO, wx })

    await assert.rejects(auth.login(), (error) => {
      assert.equal(error.reason, 'unsupported')
      assert.match(error.message, /type 'mini-program'/)
      return true
    })
  })

  it('an unreachable server rejects with network_error', async () => {
    const { shim } = setUp()
    const auth = createWeChatLogin({ baseUrl: 'http://127.0.0.1:9', wx: shim.wx })

    await assert.rejects(auth.login(), (error) => {
      assert.equal(error.reason, 'network_error')
      return true
    })
  })
})

describe('client-side fail codes of wx.weixinMiniProgramLogin', () => {
  const cases = [
    [{ errCode: -1, errMsg: 'weixinMiniProgramLogin:fail system error' }, 'wechat_system_error', /try again/, /稍后重试/],
    [{ errCode: 10001005, errMsg: 'weixinMiniProgramLogin:fail' }, 'identity_service_not_enabled', /identity management/, /身份管理/],
    [{ errCode: 10001008, errMsg: 'weixinMiniProgramLogin:fail' }, 'mini_program_not_bound', /no development mini program bound/, /未绑定开发小程序/],
    [{ errCode: 10001016, errMsg: 'weixinMiniProgramLogin:fail' }, 'mini_program_binding_error', /binding/, /绑定的开发小程序有误/],
    [{ errCode: -700000, errMsg: 'sendOpenReq:fail launch wechat fail' }, 'launch_wechat_failed', /mobile app account.*OpenSDK/s, /移动应用账号/],
    [{ errCode: -700000, errMsg: 'weixinMiniProgramLogin:fail something else' }, 'client_error', /something else/, /something else/],
    [{ errCode: 12345, errMsg: 'weixinMiniProgramLogin:fail odd' }, 'unknown', /12345/, /12345/]
  ]

  for (const [res, reason, message, messageZh] of cases) {
    it(res.errCode + ' ' + res.errMsg + ' -> ' + reason, async () => {
      const { shim, auth } = setUp()
      shim.failNextLogin(res)

      await assert.rejects(auth.login(), (error) => {
        assert.ok(error instanceof WeChatLoginError)
        assert.equal(error.reason, reason)
        assert.equal(error.errCode, res.errCode)
        assert.equal(error.errMsg, res.errMsg)
        assert.match(error.message, message)
        assert.match(error.messageZh, messageZh)
        return true
      })
      assert.equal(requestsTo(shim, '/login/wechat').length, 0, 'nothing reaches the server')
    })
  }

  it('describeLoginFailure explains a fail result without a login', () => {
    const failure = describeLoginFailure({ errCode: -700000, errMsg: 'sendOpenReq:fail launch wechat fail' })
    assert.equal(failure.reason, 'launch_wechat_failed')
    assert.match(failure.message, /Bind the mobile app account/)
  })
})

describe('requests', () => {
  let shim
  let auth

  beforeEach(() => {
    ({ shim, auth } = setUp({ user: ADMIN }))
  })

  it('adds Authorization: Bearer to wx.request', async () => {
    const session = await auth.login()

    const me = await auth.request({ url: '/api/me' })

    assert.equal(me.statusCode, 200)
    assert.equal(me.data.openid, ADMIN.openid)
    assert.equal(me.data.app_id, 'wx-demo-multi-app')
    assert.deepEqual(me.data.authorities, ['ROLE_ADMIN', 'ROLE_USER'])
    assert.equal(requestsTo(shim, '/api/me')[0].header.Authorization, 'Bearer ' + session.accessToken)
  })

  it('logs in first when there is no session', async () => {
    const me = await auth.request({ url: DEMO + '/api/me' })

    assert.equal(me.statusCode, 200)
    assert.equal(shim.calls.weixinMiniProgramLogin.length, 1)
  })

  it('answers 403 for a @PreAuthorize rule the user does not meet, as wx.request would', async () => {
    shim.setUser(PLAIN)

    const admin = await auth.request({ url: '/api/admin/ping' })

    assert.equal(admin.statusCode, 403)
    assert.equal(admin.data.error, 'access_denied')
  })

  it('lets an admin through @PreAuthorize', async () => {
    const admin = await auth.request({ url: '/api/admin/ping' })

    assert.equal(admin.statusCode, 200)
    assert.deepEqual(admin.data, { pong: true })
  })

  it('never sends the token to another host', async () => {
    await auth.login()

    await auth.request({ url: SIMULATOR + '/simulator/codes', method: 'POST', data: { openid: 'o-x' } })

    const [call] = shim.calls.request.filter((c) => c.url.startsWith(SIMULATOR))
    assert.equal(call.header.Authorization, undefined)
  })

  it('restores the session from storage in a new instance', async () => {
    await auth.login()
    const restarted = createWeChatLogin({ baseUrl: DEMO, wx: shim.wx })

    const me = await restarted.request({ url: '/api/me' })

    assert.equal(me.statusCode, 200)
    assert.equal(shim.calls.weixinMiniProgramLogin.length, 1)
  })
})

describe('refresh', () => {
  let shim
  let auth

  beforeEach(async () => {
    ({ shim, auth } = setUp())
    await auth.login()
  })

  function spoilAccessToken () {
    const session = shim.storage.get('wechat-login:session')
    shim.storage.set('wechat-login:session', Object.assign({}, session, { accessToken: 'expired.or.revoked' }))
    return session
  }

  it('refreshes once on 401 and retries the request once', async () => {
    const before = spoilAccessToken()

    const me = await auth.request({ url: '/api/me' })

    assert.equal(me.statusCode, 200)
    assert.deepEqual(shim.calls.request.map((c) => new URL(c.url).pathname),
      ['/login/wechat', '/api/me', '/login/wechat/refresh', '/api/me'])
    const after = auth.getSession()
    assert.notEqual(after.refreshToken, before.refreshToken, 'a refresh token works once: the new one is kept')
    assert.notEqual(after.accessToken, 'expired.or.revoked')
  })

  it('concurrent 401s share one refresh', async () => {
    spoilAccessToken()

    const answers = await Promise.all([1, 2, 3].map(() => auth.request({ url: '/api/me' })))

    assert.deepEqual(answers.map((res) => res.statusCode), [200, 200, 200])
    assert.equal(requestsTo(shim, '/login/wechat/refresh').length, 1)
  })

  it('refreshes shortly before the access token expires, without waiting for a 401', async () => {
    const session = shim.storage.get('wechat-login:session')
    shim.storage.set('wechat-login:session', Object.assign({}, session, { expiresAt: Date.now() + 10 * 1000 }))

    const me = await auth.request({ url: '/api/me' })

    assert.equal(me.statusCode, 200)
    assert.deepEqual(shim.calls.request.map((c) => new URL(c.url).pathname),
      ['/login/wechat', '/login/wechat/refresh', '/api/me'])
  })

  it('a refused refresh token ends the session with login_required, without looping', async () => {
    const session = spoilAccessToken()
    shim.storage.set('wechat-login:session', Object.assign({}, shim.storage.get('wechat-login:session'),
      { refreshToken: session.refreshToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }))

    await assert.rejects(auth.request({ url: '/api/me' }), (error) => {
      assert.equal(error.reason, 'login_required')
      assert.equal(error.error, 'invalid_grant')
      assert.equal(error.status, 401)
      assert.match(error.messageZh, /重新登录/)
      return true
    })
    assert.equal(requestsTo(shim, '/login/wechat/refresh').length, 1)
    assert.equal(requestsTo(shim, '/api/me').length, 1)
    assert.equal(auth.isLoggedIn(), false)
  })

  it('a second 401 after the refresh is the answer: no loop', async () => {
    const realRequest = shim.wx.request
    shim.wx.request = (args) => realRequest(new URL(args.url).pathname === '/api/me'
      ? Object.assign({}, args, { header: Object.assign({}, args.header, { Authorization: 'Bearer refused' }) })
      : args)

    const me = await auth.request({ url: '/api/me' })

    assert.equal(me.statusCode, 401)
    assert.equal(requestsTo(shim, '/login/wechat/refresh').length, 1)
    assert.equal(requestsTo(shim, '/api/me').length, 2)
  })
})

describe('logout', () => {
  it('revokes the tokens on the server and forgets them', async () => {
    const { shim, auth } = setUp()
    const session = await auth.login()

    await auth.logout()

    const [call] = requestsTo(shim, '/logout')
    assert.equal(call.method, 'POST')
    assert.equal(call.header.Authorization, 'Bearer ' + session.accessToken)
    assert.equal(auth.isLoggedIn(), false)
    const revoked = await fetch(DEMO + '/api/me', { headers: { Authorization: 'Bearer ' + session.accessToken } })
    assert.equal(revoked.status, 401)
    const refreshed = await fetch(DEMO + '/login/wechat/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: session.refreshToken })
    })
    assert.equal(refreshed.status, 401)
  })
})

describe('phone numbers', () => {
  // the demo binds phone numbers at /api/phone, for its classic mini program registration
  const CLASSIC = { type: 'mini-program', registration: 'classic', phoneNumberPath: '/api/phone' }

  function phoneUser (name) {
    return { openid: 'o-phone-' + name + '-' + Date.now() + '-' + Math.random().toString(36).slice(2), unionid: 'u-demo' }
  }

  it('bindPhoneNumber posts e.detail.code with the token, answers the number and keeps the fresh tokens', async () => {
    const { shim, auth } = setUp({ user: phoneUser('bind'), login: CLASSIC })
    const before = await auth.login()
    const denied = await auth.request({ url: '/api/verified/ping' })
    assert.equal(denied.statusCode, 403)

    const phone = await auth.bindPhoneNumber(await shim.phoneNumberEvent('13800138000'))

    assert.deepEqual(phone, { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' })
    const [posted] = requestsTo(shim, '/api/phone')
    assert.equal(posted.method, 'POST')
    assert.equal(posted.header.Authorization, 'Bearer ' + before.accessToken)
    assert.match(posted.data.code, /\S+/)
    const after = auth.getSession()
    assert.notEqual(after.accessToken, before.accessToken)
    assert.notEqual(after.refreshToken, before.refreshToken)
    assert.equal(after.openid, before.openid)
    const verified = await auth.request({ url: '/api/verified/ping' })
    assert.equal(verified.statusCode, 200)
    const me = await auth.request({ url: '/api/me' })
    assert.deepEqual(me.data.authorities, ['ROLE_USER', 'ROLE_VERIFIED'])
  })

  it('a denied number rejects with phone_number_denied without calling the server', async () => {
    const { shim, auth } = setUp({ user: phoneUser('denied'), login: CLASSIC })
    await auth.login()

    await assert.rejects(auth.bindPhoneNumber(shim.deniedPhoneNumberEvent()), (error) => {
      assert.ok(error instanceof WeChatLoginError)
      assert.equal(error.reason, 'phone_number_denied')
      assert.match(error.messageZh, /手机号/)
      return true
    })
    await assert.rejects(auth.bindPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail no permission' } }),
      (error) => error.reason === 'phone_number_unavailable')
    assert.equal(requestsTo(shim, '/api/phone').length, 0)
  })

  it('a code of another user, or one used before, rejects with invalid_code', async () => {
    const { shim, auth } = setUp({ user: phoneUser('mine'), login: CLASSIC })
    await auth.login()
    const foreign = await shim.phoneNumberEvent('13700137000', 'o-someone-else')
    await assert.rejects(auth.bindPhoneNumber(foreign), (error) => {
      assert.equal(error.reason, 'invalid_code')
      assert.equal(error.status, 401)
      assert.match(error.message, /tap the button again/)
      return true
    })
    const event = await shim.phoneNumberEvent('13700137001')
    await auth.bindPhoneNumber(event)
    await assert.rejects(auth.bindPhoneNumber(event), (error) => error.reason === 'invalid_code')
  })

  it('signUpWithPhoneNumber logs in with both codes: the user is verified at once', async () => {
    const { shim, auth } = setUp({ user: phoneUser('signup'), login: CLASSIC })

    const session = await auth.signUpWithPhoneNumber(await shim.phoneNumberEvent('13900139000'))

    const [posted] = requestsTo(shim, '/login/wechat/classic')
    assert.match(posted.data.phoneCode, /\S+/)
    assert.match(posted.data.code, /\S+/)
    assert.match(session.accessToken, /^eyJ/)
    const verified = await auth.request({ url: '/api/verified/ping' })
    assert.equal(verified.statusCode, 200)
  })

  it('a sign-up whose phone number was denied does not log in', async () => {
    const { shim, auth } = setUp({ user: phoneUser('signup-denied'), login: CLASSIC })
    await assert.rejects(auth.signUpWithPhoneNumber(shim.deniedPhoneNumberEvent()),
      (error) => error.reason === 'phone_number_denied')
    assert.equal(shim.calls.login.length, 0)
    assert.equal(auth.isLoggedIn(), false)
  })
})

describe('session key', () => {
  // the demo decrypts WeRun data at /api/werun with the session_key of a classic login
  const CLASSIC = { type: 'mini-program', registration: 'classic' }

  function weRunUser (name) {
    return { openid: 'o-werun-' + name + '-' + Date.now() + '-' + Math.random().toString(36).slice(2), unionid: 'u-demo' }
  }

  function getWeRunData (shim) {
    return new Promise((resolve, reject) => shim.wx.getWeRunData({
      success: (res) => resolve({ encryptedData: res.encryptedData, iv: res.iv }),
      fail: reject
    }))
  }

  it('the server decrypts wx.getWeRunData with the session_key of the login', async () => {
    const { shim, auth } = setUp({ user: weRunUser('decrypt'), login: CLASSIC })
    await auth.login()

    const res = await auth.request({ url: '/api/werun', method: 'POST', data: await getWeRunData(shim) })

    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.data.stepInfoList.map((info) => info.step), [100, 120])
    assert.equal(res.data.watermark.appid, 'wx-demo-mini-program')
    const check = await auth.request({ url: '/api/session/check' })
    assert.deepEqual(check.data, { valid: true })
  })

  it('withSessionKey logs in again once when the server keeps no session_key, without a refresh', async () => {
    const user = weRunUser('missing')
    const { shim, auth } = setUp({ user, login: CLASSIC })
    await auth.login()
    // the same user logs out on another phone: the server forgets the session_key
    const other = setUp({ user, login: CLASSIC })
    await other.auth.login()
    await other.auth.logout()
    const refreshesBefore = requestsTo(shim, '/login/wechat/refresh').length

    const res = await auth.withSessionKey(async () =>
      auth.request({ url: '/api/werun', method: 'POST', data: await getWeRunData(shim) }))

    assert.equal(res.statusCode, 200)
    assert.deepEqual(res.data.stepInfoList.map((info) => info.step), [100, 120])
    assert.equal(shim.calls.login.length, 2)
    assert.equal(requestsTo(shim, '/login/wechat/refresh').length, refreshesBefore)
    const werun = requestsTo(shim, '/api/werun')
    assert.equal(werun.length, 2)
    assert.notEqual(werun[0].data.encryptedData, werun[1].data.encryptedData)
  })

  it('withSessionKey keeps the current session when the new login fails', async () => {
    const user = weRunUser('keep')
    const { shim, auth } = setUp({ user, login: CLASSIC })
    const before = await auth.login()
    const other = setUp({ user, login: CLASSIC })
    await other.auth.login()
    await other.auth.logout()
    shim.failNextLogin({ errCode: -1, errMsg: 'login:fail network' })

    await assert.rejects(auth.withSessionKey(async () =>
      auth.request({ url: '/api/werun', method: 'POST', data: await getWeRunData(shim) })))

    assert.equal(auth.getSession().accessToken, before.accessToken)
  })

  it('a multi-terminal login has no session_key: 400 invalid_request, and withSessionKey does not log in again', async () => {
    const { shim, auth } = setUp({ user: weRunUser('multi') })
    await auth.login()
    const logins = shim.calls.login.length + shim.calls.weixinMiniProgramLogin.length

    const res = await auth.withSessionKey(() =>
      auth.request({ url: '/api/werun', method: 'POST', data: { encryptedData: 'AAAA', iv: 'AAAA' } }))

    assert.equal(res.statusCode, 400)
    assert.equal(res.data.error, 'invalid_request')
    assert.match(res.data.detail, /only mini program logins/)
    assert.equal(shim.calls.login.length + shim.calls.weixinMiniProgramLogin.length, logins)
    assert.equal(requestsTo(shim, '/login/wechat/refresh').length, 0)
    assert.equal(requestsTo(shim, '/api/werun').length, 1)
  })
})
