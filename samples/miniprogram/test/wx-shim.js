/**
 * A `wx` for Node: just enough of the mini program API for utils/wechat-login.js, backed by real
 * HTTP. wx.weixinMiniProgramLogin and wx.login get their codes from the WeChat API simulator of
 * the demo (POST /simulator/codes), as the WeChat client would get them from WeChat, and so do
 * getPhoneNumber button events (POST /simulator/phone-codes) and wx.getWeRunData (POST
 * /simulator/encrypted-data, encrypted with the user's current session_key);
 * wx.request uses fetch; the storage is a Map.
 */
'use strict'

function createWx (options) {
  const opts = Object.assign({
    multiAppId: 'wx-demo-multi-app',
    miniProgramAppId: 'wx-demo-mini-program',
    user: { openid: 'o-plain-user', unionid: 'u-demo' }
  }, options)
  const storage = new Map()
  const calls = { weixinMiniProgramLogin: [], login: [], request: [] }
  const nextFailures = []
  let user = opts.user
  let nextCode = null
  const steps = [{ timestamp: 1445866601, step: 100 }, { timestamp: 1445876601, step: 120 }]

  async function mintCode (appid) {
    const response = await fetch(opts.simulatorBaseUrl + '/simulator/codes', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ appid, openid: user.openid, unionid: user.unionid, loginType: 'weixinMiniProgram' })
    })
    const body = await response.json()
    if (!response.ok) {
      throw new Error('The simulator refused to mint a code: ' + JSON.stringify(body))
    }
    return body.code
  }

  function codeLogin (api, appid, args) {
    calls[api].push(Object.assign({}, args))
    const failure = nextFailures.shift()
    const done = (callback, res) => {
      if (typeof callback === 'function') {
        callback(res)
      }
      if (typeof args.complete === 'function') {
        args.complete(res)
      }
    }
    if (failure) {
      setImmediate(() => done(args.fail, failure))
      return
    }
    const code = nextCode
    nextCode = null
    const minted = code !== null ? Promise.resolve(code) : mintCode(appid)
    minted.then((value) => done(args.success, { code: value, errMsg: api + ':ok' }),
      (ex) => done(args.fail, { errCode: -1, errMsg: api + ':fail ' + ex.message }))
  }

  const wx = {
    weixinMiniProgramLogin (args) {
      codeLogin('weixinMiniProgramLogin', opts.multiAppId, args)
    },

    login (args) {
      codeLogin('login', opts.miniProgramAppId, args)
    },

    getWeRunData (args) {
      fetch(opts.simulatorBaseUrl + '/simulator/encrypted-data', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appid: opts.miniProgramAppId, openid: user.openid, data: { stepInfoList: steps } })
      }).then(async (response) => {
        const body = await response.json()
        const res = response.ok ? { encryptedData: body.encryptedData, iv: body.iv, errMsg: 'getWeRunData:ok' }
          : { errMsg: 'getWeRunData:fail ' + JSON.stringify(body) }
        const callback = response.ok ? args.success : args.fail
        if (typeof callback === 'function') {
          callback(res)
        }
        if (typeof args.complete === 'function') {
          args.complete(res)
        }
      })
    },

    request (args) {
      const method = (args.method || 'GET').toUpperCase()
      const header = Object.assign({}, args.header)
      let url = args.url
      let body
      if (args.data !== undefined && args.data !== null) {
        if (method === 'GET') {
          url += (url.includes('?') ? '&' : '?') + new URLSearchParams(args.data).toString()
        } else {
          body = typeof args.data === 'string' ? args.data : JSON.stringify(args.data)
          // wx.request's default header: content-type application/json
          if (!Object.keys(header).some((name) => name.toLowerCase() === 'content-type')) {
            header['Content-Type'] = 'application/json'
          }
        }
      }
      calls.request.push({ url, method, header, data: args.data })
      fetch(url, { method, headers: header, body }).then(async (response) => {
        const text = await response.text()
        const headers = {}
        response.headers.forEach((value, name) => {
          headers[name] = value
        })
        let data = text
        if (/json/.test(headers['content-type'] || '') && text) {
          data = JSON.parse(text)
        }
        const res = { statusCode: response.status, data, header: headers, errMsg: 'request:ok' }
        if (typeof args.success === 'function') {
          args.success(res)
        }
        if (typeof args.complete === 'function') {
          args.complete(res)
        }
      }, (ex) => {
        const res = { errMsg: 'request:fail ' + ex.message }
        if (typeof args.fail === 'function') {
          args.fail(res)
        }
        if (typeof args.complete === 'function') {
          args.complete(res)
        }
      })
    },

    getStorageSync (key) {
      // Like wx: a copy of what was stored, '' when nothing was
      return storage.has(key) ? structuredClone(storage.get(key)) : ''
    },

    setStorageSync (key, value) {
      storage.set(key, structuredClone(value))
    },

    removeStorageSync (key) {
      storage.delete(key)
    }
  }

  return {
    wx,
    calls,
    storage,
    /** Log in as this user next ({ openid, unionid }). */
    setUser (value) {
      user = value
    },
    /** Make the next wx.weixinMiniProgramLogin / wx.login call fail with { errCode, errMsg }. */
    failNextLogin (res) {
      nextFailures.push(res)
    },
    /** Make the next wx.weixinMiniProgramLogin / wx.login call answer this code. */
    answerNextCode (code) {
      nextCode = code
    },
    /**
     * The event of an open-type="getPhoneNumber" button the user allowed: a phone code minted at
     * the simulator (POST /simulator/phone-codes) for the current user (or `openid`) of the mini
     * program, as WeChat would hand it to the page.
     */
    async phoneNumberEvent (phoneNumber, openid) {
      const response = await fetch(opts.simulatorBaseUrl + '/simulator/phone-codes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ appid: opts.miniProgramAppId, openid: openid || user.openid, phoneNumber })
      })
      const body = await response.json()
      if (!response.ok) {
        throw new Error('The simulator refused to mint a phone code: ' + JSON.stringify(body))
      }
      return { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:ok', code: body.code } }
    },
    /** The event of an open-type="getPhoneNumber" button the user denied. */
    deniedPhoneNumberEvent () {
      return { type: 'getphonenumber', detail: { errMsg: 'getPhoneNumber:fail user deny' } }
    }
  }
}

module.exports = { createWx }
